namespace ServiceDesk.Functions;

/// <summary>
/// The environment variables each function reads at cold start. The composition root validates them; the template
/// tests check that <c>template.yaml</c> sets every required one for every function.
/// </summary>
public static class EnvironmentContract
{
    public const string TicketsTable = "TICKETS_TABLE";
    public const string CallersTable = "CALLERS_TABLE";
    public const string IdempotencyTable = "IDEMPOTENCY_TABLE";
    public const string PinAttemptsTable = "PIN_ATTEMPTS_TABLE";
    /// <summary>Optional: without it no call summaries are kept. With it, the retention in days (1..3650, default 90).</summary>
    public const string CallSummariesTable = "CALL_SUMMARIES_TABLE";
    public const string CallSummaryRetentionDays = "CALL_SUMMARY_RETENTION_DAYS";
    public const string TicketsApiUrl = "TICKETS_API_URL";
    public const string TicketsApiKeySecretArn = "TICKETS_API_KEY_SECRET_ARN";
    public const string AgentId = "BEDROCK_AGENT_ID";
    public const string AgentAliasId = "BEDROCK_AGENT_ALIAS_ID";
    public const string AgentTurnBudgetMs = "AGENT_TURN_BUDGET_MS";
    public const string ConnectInstanceId = "CONNECT_INSTANCE_ID";
    public const string ServiceDeskQueueId = "SERVICE_DESK_QUEUE_ID";
    public const string LogLevel = "LOG_LEVEL";
    public const string EscalationTopicArn = "ESCALATION_TOPIC_ARN";
    public const string EscalateP1AfterMinutes = "ESCALATE_P1_AFTER_MINUTES";
    public const string EscalateP2AfterMinutes = "ESCALATE_P2_AFTER_MINUTES";
    public const string EscalationMaxLevel = "ESCALATION_MAX_LEVEL";
    /// <summary><c>lexical</c> (the default) or <c>titan</c>: how the ticket API matches a report with other callers' recent ones.</summary>
    public const string OutageSimilarity = "OUTAGE_SIMILARITY";
    public const string OutageSimilarityThreshold = "OUTAGE_SIMILARITY_THRESHOLD";
    public const string EmbeddingModelId = "EMBEDDING_MODEL_ID";

    /// <summary>
    /// Technician visits: the scheduler's base URL (https; empty or unset = no visits). When set, the client id, the
    /// token secret and the session table are required too, and the flags are 0 (test mode, the default) or 1.
    /// Only the functions that book visits (LexFulfillment, AgentActions) get them.
    /// </summary>
    public const string SchedulerBaseUrl = "SCHEDULER_BASE_URL";
    public const string SchedulerClientId = "SCHEDULER_CLIENT_ID";
    public const string SchedulerTokenSecretArn = "SCHEDULER_TOKEN_SECRET_ARN";
    public const string VisitSessionsTable = "VISIT_SESSIONS_TABLE";
    public const string ConfirmScheduleFlag = "CONFIRM_SCHEDULE_FLAG";
    public const string CancelScheduleFlag = "CANCEL_SCHEDULE_FLAG";

    /// <summary>The functions that book visits, and so read the scheduler's settings.</summary>
    public static readonly IReadOnlySet<string> BooksVisits = new HashSet<string>(StringComparer.Ordinal) { FunctionCatalog.LexFulfillment, FunctionCatalog.AgentActions };

    /// <summary>
    /// AWS's own endpoint variables (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html):
    /// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, else <c>AWS_ENDPOINT_URL</c>, sends a service's calls elsewhere. Never set
    /// in Lambda; the AOT smoke tests and the cold-start measurement point the executable at loopback fakes with them.
    /// </summary>
    public const string EndpointUrl = "AWS_ENDPOINT_URL";

    /// <summary>The service ids (as the endpoint variables spell them) of every AWS service a function calls.</summary>
    public static class Services
    {
        public const string DynamoDb = "DYNAMODB";
        public const string SecretsManager = "SECRETS_MANAGER";
        public const string Connect = "CONNECT";
        public const string BedrockAgentRuntime = "BEDROCK_AGENT_RUNTIME";
        public const string Sns = "SNS";
        public const string BedrockRuntime = "BEDROCK_RUNTIME";

        public static readonly IReadOnlyList<string> All = [DynamoDb, SecretsManager, Connect, BedrockAgentRuntime, Sns, BedrockRuntime];
    }

    /// <summary>Required per function; optional ones (agent ids, budget, log level) have defaults or switch a feature off.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Required = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [FunctionCatalog.TicketsApi] = [TicketsTable, IdempotencyTable, TicketsApiKeySecretArn],
        [FunctionCatalog.LexFulfillment] = [TicketsApiUrl, TicketsApiKeySecretArn, CallersTable, PinAttemptsTable],
        [FunctionCatalog.AgentActions] = [TicketsApiUrl, TicketsApiKeySecretArn],
        [FunctionCatalog.ContactFlow] = [CallersTable, ConnectInstanceId, ServiceDeskQueueId],
        [FunctionCatalog.EscalationSweep] = [TicketsTable, IdempotencyTable, EscalationTopicArn],
    };
}
