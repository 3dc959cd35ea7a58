namespace ServiceDesk.Aws.Storage;

/// <summary>
/// Index names of the tables template.yaml declares: tickets (<c>ticket_id</c>; GSI <c>CallerIdIndex</c> on
/// <c>caller_id</c> + <c>created_at</c>), callers (<c>phone</c> + <c>caller_id</c>; GSIs <c>EmployeeIdIndex</c> on
/// <c>employee_id_upper</c> and <c>CallerIdIndex</c> on <c>caller_id</c>), idempotency (<c>idempotency_key</c>, TTL
/// <c>expires_at</c>), call summaries (<c>contact_id</c>; sparse GSI <c>CallerIdIndex</c> on <c>caller_id</c> +
/// <c>started_at</c>; TTL <c>expires_at</c>). The template is the one definition: the integration tests create their tables from it.
/// </summary>
public static class DynamoTables
{
    public const string CallerIdIndex = "CallerIdIndex";
    public const string EmployeeIdIndex = "EmployeeIdIndex";

    /// <summary>
    /// Sparse GSI of the tickets table on <c>sweep_priority</c> + <c>waiting_since</c>: only New P1/P2 tickets carry
    /// those attributes, so the escalation sweep reads the tickets waiting for a pickup and nothing else.
    /// </summary>
    public const string WaitingIndex = "WaitingIndex";

    /// <summary>GSI of the tickets table on <c>created_day</c> (UTC, yyyy-MM-dd) + <c>created_at</c>: the reports of the last hours, for outage linking.</summary>
    public const string RecentIndex = "RecentIndex";
}
