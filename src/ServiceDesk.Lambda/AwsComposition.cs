using System.Net;
using Amazon.DynamoDBv2;
using Microsoft.Extensions.Logging;
using ServiceDesk.Aws.Bedrock;
using ServiceDesk.Aws.Connect;
using ServiceDesk.Aws.Http;
using ServiceDesk.Aws.Notifications;
using ServiceDesk.Wire.Scheduling;
using ServiceDesk.Aws.Secrets;
using ServiceDesk.Aws.Storage;
using ServiceDesk.Core;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Calls;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.ContactCenter;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Visits;
using ServiceDesk.Aws.Tickets;
using ServiceDesk.Functions;

namespace ServiceDesk.Lambda;

/// <summary>
/// The composition root in Lambda: one per container, built at cold start from the environment. What a function does
/// not use is not built (TicketsApi talks to DynamoDB; the bot and the agent tools go through the ticket API).
/// </summary>
public static class AwsComposition
{
    /// <summary>The field of the secret that holds the key: template.yaml generates <c>{"apiKey": "..."}</c> and API Gateway reads the same field.</summary>
    public const string TicketsApiKeyField = "apiKey";

    public static async Task<ServiceDeskServices> CreateAsync(AwsSettings settings, ILoggerFactory logging, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var signed = new AwsSignedClient(http, AwsSignedClient.DefaultCredentials(), time);
        AwsEndpoint Endpoint(string service, string signingName, string hostPrefix) => settings.Endpoints.TryGetValue(service, out var url)
            ? new AwsEndpoint(signingName, settings.Region, url)
            : AwsEndpoint.For(signingName, hostPrefix, settings.Region);

        // Only the functions that speak the ticket API (or serve it) read its key; the others' roles may not grant it.
        var needsKey = settings.TicketsApiUrl is not null || settings.FunctionName == FunctionCatalog.TicketsApi;
        var apiKey = needsKey && settings.TicketsApiKeySecretArn is { } secret
            ? await new SecretsManagerReader(signed, Endpoint(EnvironmentContract.Services.SecretsManager, "secretsmanager", "secretsmanager"), time).ReadAsync(secret, TicketsApiKeyField, cancellationToken)
            : null;

        var dynamoOptions = new DynamoOptions(settings.TicketsTable ?? string.Empty, settings.CallersTable ?? string.Empty, settings.IdempotencyTable ?? string.Empty)
        {
            PinAttemptsTable = settings.PinAttemptsTable ?? string.Empty,
            CallSummariesTable = settings.CallSummariesTable ?? string.Empty,
            CallSummaryRetention = settings.CallSummaryRetention,
            VisitSessionsTable = settings.VisitSessionsTable ?? string.Empty,
        };
        // The stores retry throttling inside their own deadline; SDK retries would outlive a caller's patience.
        var dynamo = new Lazy<AmazonDynamoDBClient>(() => new AmazonDynamoDBClient(settings.Endpoints.TryGetValue(EnvironmentContract.Services.DynamoDb, out var url)
            ? new AmazonDynamoDBConfig { ServiceURL = url.ToString(), AuthenticationRegion = settings.Region, MaxErrorRetry = 0 }
            : new AmazonDynamoDBConfig { RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(settings.Region), MaxErrorRetry = 0 }));

        // Outage linking belongs to the service that creates tickets (the ticket API); the sweep only escalates.
        ITicketSimilarity? similarity = settings.FunctionName != FunctionCatalog.TicketsApi ? null
            : settings.TitanSimilarity
                ? new TitanEmbeddingSimilarity(signed, new TitanEmbeddingOptions(Endpoint(EnvironmentContract.Services.BedrockRuntime, "bedrock", "bedrock-runtime")) { ModelId = settings.EmbeddingModelId }, time)
                : new LexicalSimilarity();
        var desk = new TicketDesk(settings.TicketsTable is not null ? new DynamoTicketStore(dynamo.Value, dynamoOptions, time) : new UnavailableTickets(), time, similarity, settings.Outages);
        ITicketBackend tickets = settings.TicketsApiUrl is { } url
            ? new HttpTicketBackend(http, new HttpTicketBackendOptions { BaseAddress = url, ApiKey = apiKey ?? throw new InvalidOperationException("the ticket API needs its key") }, time)
            : desk;
        ICallerDirectory callers = settings.CallersTable is not null ? new DynamoCallerDirectory(dynamo.Value, dynamoOptions, time) : new NoCallers();
        IPinAttemptStore pins = settings.PinAttemptsTable is not null ? new DynamoPinAttempts(dynamo.Value, dynamoOptions, time) : new NoPinAttempts();
        IContactCenter contactCenter = settings.ConnectInstanceId is { } instance
            ? new ConnectClient(signed, Endpoint(EnvironmentContract.Services.Connect, "connect", "connect"), instance, time)
            : new NoContactCenter();
        IAgentGateway agent = settings.HasAgent
            ? new BedrockAgentGateway(signed, new BedrockAgentOptions(settings.AgentId!, settings.AgentAliasId!, Endpoint(EnvironmentContract.Services.BedrockAgentRuntime, "bedrock", "bedrock-agent-runtime")),
                new TicketTools(new CallerTickets(tickets), time), time, logging.CreateLogger("BedrockAgent"))
            : new NoAgent();

        var notifier = settings.EscalationTopicArn is { } topic
            ? new SnsEscalationNotifier(signed, Endpoint(EnvironmentContract.Services.Sns, "sns", "sns"), topic, time)
            : null;

        var visits = settings.HasVisits ? Visits(settings, http, signed, Endpoint(EnvironmentContract.Services.SecretsManager, "secretsmanager", "secretsmanager"), dynamo.Value, dynamoOptions, time, logging) : null;

        return new ServiceDeskServices(tickets, callers, pins, agent, contactCenter, time, logging, new ServiceDeskSettings
        {
            AgentTurnBudget = settings.AgentTurnBudget,
            ServiceDeskQueueId = settings.ServiceDeskQueueId,
            TicketsApiKey = apiKey,
            Escalation = settings.Escalation,
        })
        {
            Desk = desk,
            Notifier = notifier,
            CallSummaries = settings.CallSummariesTable is not null ? new DynamoCallSummaryStore(dynamo.Value, dynamoOptions, time) : NoCallSummaryStore.Instance,
            Visits = visits,
        };
    }

    /// <summary>
    /// Technician visits for the tenant in the settings: its scheduler over HTTP, sessions in DynamoDB (TTL), its token
    /// from Secrets Manager on first use (not at cold start: a missing token refuses visits, it does not stop the bot).
    /// </summary>
    private static VisitDesk Visits(AwsSettings settings, HttpClient http, AwsSignedClient signed, AwsEndpoint secretsManager, IAmazonDynamoDB dynamo, DynamoOptions options, TimeProvider time, ILoggerFactory logging)
    {
        var tenant = new SchedulerTenant(settings.SchedulerClientId!, settings.SchedulerBaseUrl!);
        var tokens = new SecretsSchedulerTokens(new SecretsManagerReader(signed, secretsManager, time), settings.SchedulerTokenSecretArn!, time, logging.CreateLogger("SchedulerTokens"));
        logging.CreateLogger("Visits").LogInformation(
            "Technician visits for client {ClientId}: bookings {Bookings}, cancellations {Cancellations}",
            tenant.ClientId, settings.VisitFlags.ConfirmSchedule ? "live" : "test mode", settings.VisitFlags.CancelSchedule ? "live" : "test mode");
        return new VisitDesk(new HttpScheduler(http, tenant, time, logging.CreateLogger("Scheduler")), new DynamoVisitSessionStore(dynamo, options, time), tokens, tenant, settings.VisitFlags, time);
    }

    /// <summary>A function deployed without the callers table identifies nobody by phone; the bot then asks.</summary>
    private sealed class NoCallers : ICallerDirectory
    {
        public Task<IReadOnlyList<Caller>> FindByPhoneAsync(PhoneNumber phone, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Caller>>([]);

        public Task<Caller?> FindByEmployeeIdAsync(string employeeId, CancellationToken cancellationToken) => Task.FromResult<Caller?>(null);

        public Task<Caller?> FindByIdAsync(string callerId, CancellationToken cancellationToken) => Task.FromResult<Caller?>(null);
    }

    /// <summary>A function that does not verify PINs has no attempt table: were it asked, no PIN would verify.</summary>
    private sealed class NoPinAttempts : IPinAttemptStore
    {
        public Task<Result<PinAttempts>> ReadAsync(string callerId, CancellationToken cancellationToken) => Task.FromResult<Result<PinAttempts>>(Failure.Unavailable());

        public Task<Result<PinAttempts>> RecordFailureAsync(string callerId, PinPolicy policy, DateTimeOffset now, CancellationToken cancellationToken) =>
            Task.FromResult<Result<PinAttempts>>(Failure.Unavailable());

        public Task<Result<bool>> ClearAsync(string callerId, CancellationToken cancellationToken) => Task.FromResult<Result<bool>>(Failure.Unavailable());
    }

    /// <summary>A function with no tickets table (ContactFlow, the bot): any store call fails soft.</summary>
    private sealed class UnavailableTickets : ITicketStore
    {
        public Task<Result<Ticket>> InsertAsync(Ticket draft, TicketEvent created, CancellationToken cancellationToken) => Fail<Ticket>();

        public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken) => Fail<Ticket>();

        public Task<Result<Ticket>> AppendCommentAsync(TicketNumber number, TicketComment comment, TicketEvent commented, CancellationToken cancellationToken) => Fail<Ticket>();

        public Task<Result<Ticket>> UpdateAsync(Ticket expected, Ticket changed, IReadOnlyList<TicketEvent> events, CancellationToken cancellationToken) => Fail<Ticket>();

        public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) => Fail<IReadOnlyList<Ticket>>();

        public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) => Fail<IReadOnlyList<Ticket>>();

        public Task<Result<IReadOnlyList<TicketEvent>>> HistoryAsync(TicketNumber number, CancellationToken cancellationToken) => Fail<IReadOnlyList<TicketEvent>>();

        public Task<Result<IReadOnlyList<Ticket>>> ListWaitingAsync(TicketPriority priority, DateTimeOffset waitingSinceAtMost, int limit, CancellationToken cancellationToken) => Fail<IReadOnlyList<Ticket>>();

        public Task<Result<IReadOnlyList<Ticket>>> ListOpenSinceAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken) => Fail<IReadOnlyList<Ticket>>();

        public Task<Result<IReadOnlyDictionary<string, long>>> ReadCountersAsync(IReadOnlyList<string> families, CancellationToken cancellationToken) => Fail<IReadOnlyDictionary<string, long>>();

        private static Task<Result<T>> Fail<T>() => Task.FromResult<Result<T>>(Failure.Unavailable());
    }
}
