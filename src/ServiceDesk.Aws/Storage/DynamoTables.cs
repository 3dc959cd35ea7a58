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
}
