using System.Globalization;
using ServiceDesk.Functions;

namespace ServiceDesk.Lambda;

/// <summary>
/// Everything a function reads from its environment, read once at cold start. A missing or malformed value fails the
/// cold start with a message naming the variable (Lambda reports it as an init error), never the first caller.
/// </summary>
public sealed record AwsSettings
{
    public required string FunctionName { get; init; }
    public required string Region { get; init; }
    public string? TicketsTable { get; init; }
    public string? CallersTable { get; init; }
    public string? IdempotencyTable { get; init; }
    public string? PinAttemptsTable { get; init; }
    public string? CallSummariesTable { get; init; }
    public TimeSpan CallSummaryRetention { get; init; } = TimeSpan.FromDays(90);
    public Uri? TicketsApiUrl { get; init; }
    public string? TicketsApiKeySecretArn { get; init; }
    public string? AgentId { get; init; }
    public string? AgentAliasId { get; init; }
    public TimeSpan AgentTurnBudget { get; init; } = TimeSpan.FromSeconds(6);
    public string? ConnectInstanceId { get; init; }
    public string? ServiceDeskQueueId { get; init; }
    public string? EscalationTopicArn { get; init; }
    public Core.Escalation.EscalationPolicy Escalation { get; init; } = new();

    /// <summary>Titan embeddings (cosine) when set; else the lexical measure.</summary>
    public bool TitanSimilarity { get; init; }
    public string EmbeddingModelId { get; init; } = "amazon.titan-embed-text-v2:0";
    public Core.Tickets.OutagePolicy Outages { get; init; } = new();

    /// <summary>The visit scheduler's base URL (https, ending in '/'); null leaves visits out.</summary>
    public Uri? SchedulerBaseUrl { get; init; }
    public string? SchedulerClientId { get; init; }
    public string? SchedulerTokenSecretArn { get; init; }
    public string? VisitSessionsTable { get; init; }

    /// <summary>Test mode (0) unless a flag says 1: bookings and cancellations answered as if done, nothing sent.</summary>
    public Core.Visits.VisitFlags VisitFlags { get; init; } = Core.Visits.VisitFlags.TestMode;

    /// <summary>Technician visits are offered: a booking function with a scheduler configured.</summary>
    public bool HasVisits => SchedulerBaseUrl is not null;

    /// <summary>Endpoints replacing the public AWS ones, by service id (<see cref="EnvironmentContract.Services"/>); empty in Lambda.</summary>
    public IReadOnlyDictionary<string, Uri> Endpoints { get; init; } = new Dictionary<string, Uri>();

    /// <summary>The Bedrock agent is optional: without both ids, FallbackIntent says what the caller can do instead.</summary>
    public bool HasAgent => !string.IsNullOrEmpty(AgentId) && !string.IsNullOrEmpty(AgentAliasId);

    public static AwsSettings FromEnvironment(string functionName, Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        if (!EnvironmentContract.Required.TryGetValue(functionName, out var required))
        {
            throw new InvalidOperationException($"_HANDLER '{functionName}' is not a hosted function (known: {string.Join(", ", EnvironmentContract.Required.Keys)})");
        }

        var missing = required.Where(name => string.IsNullOrWhiteSpace(read(name))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{functionName} needs the environment variable(s) {string.Join(", ", missing)}");
        }

        string? Get(string name) => read(name) is { Length: > 0 } value ? value.Trim() : null;
        var budget = TimeSpan.FromSeconds(6);
        if (Get(EnvironmentContract.AgentTurnBudgetMs) is { } ms)
        {
            budget = int.TryParse(ms, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is >= 500 and <= 7000
                ? TimeSpan.FromMilliseconds(value)
                : throw new InvalidOperationException($"{EnvironmentContract.AgentTurnBudgetMs} must be 500..7000 ms (Connect waits at most 8 s)");
        }

        var retention = TimeSpan.FromDays(90);
        if (Get(EnvironmentContract.CallSummaryRetentionDays) is { } days)
        {
            retention = int.TryParse(days, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 3650
                ? TimeSpan.FromDays(value)
                : throw new InvalidOperationException($"{EnvironmentContract.CallSummaryRetentionDays} must be 1..3650 days");
        }

        Uri? HttpUrl(string variable)
        {
            if (Get(variable) is not { } url)
            {
                return null;
            }

            return Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var parsed) && parsed.Scheme is "https" or "http"
                ? parsed
                : throw new InvalidOperationException($"{variable} must be an absolute http(s) URL");
        }

        int? Minutes(string variable, int min, int max)
        {
            if (Get(variable) is not { } text)
            {
                return null;
            }

            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw new InvalidOperationException($"{variable} must be a whole number from {min} to {max}");
        }

        var defaults = new Core.Escalation.EscalationPolicy();
        var escalation = new Core.Escalation.EscalationPolicy
        {
            After = new Dictionary<Core.Tickets.TicketPriority, TimeSpan>
            {
                [Core.Tickets.TicketPriority.P1] = Minutes(EnvironmentContract.EscalateP1AfterMinutes, 1, 10_080) is { } p1 ? TimeSpan.FromMinutes(p1) : defaults.After[Core.Tickets.TicketPriority.P1],
                [Core.Tickets.TicketPriority.P2] = Minutes(EnvironmentContract.EscalateP2AfterMinutes, 1, 10_080) is { } p2 ? TimeSpan.FromMinutes(p2) : defaults.After[Core.Tickets.TicketPriority.P2],
            },
            MaxLevel = Minutes(EnvironmentContract.EscalationMaxLevel, 1, 10) ?? defaults.MaxLevel,
        }.Validate();

        var titan = Get(EnvironmentContract.OutageSimilarity) switch
        {
            null or "lexical" => false,
            "titan" => true,
            _ => throw new InvalidOperationException($"{EnvironmentContract.OutageSimilarity} must be lexical or titan"),
        };
        var outages = new Core.Tickets.OutagePolicy { Threshold = titan ? 0.9 : new Core.Tickets.OutagePolicy().Threshold };
        if (Get(EnvironmentContract.OutageSimilarityThreshold) is { } threshold)
        {
            outages = outages with
            {
                Threshold = double.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t is > 0 and <= 2
                    ? t
                    : throw new InvalidOperationException($"{EnvironmentContract.OutageSimilarityThreshold} must be a number above 0 (a cosine for titan, e.g. 0.9)"),
            };
        }

        var endpoints = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var service in EnvironmentContract.Services.All)
        {
            if ((HttpUrl($"{EnvironmentContract.EndpointUrl}_{service}") ?? HttpUrl(EnvironmentContract.EndpointUrl)) is { } endpoint)
            {
                endpoints[service] = endpoint;
            }
        }

        // Visits: only the functions that book them read the scheduler's settings; an empty URL leaves visits out, and a
        // URL set requires the rest, so a half-configured tenant fails the start rather than its first caller.
        Uri? schedulerUrl = null;
        var flags = Core.Visits.VisitFlags.TestMode;
        if (EnvironmentContract.BooksVisits.Contains(functionName))
        {
            if (Get(EnvironmentContract.SchedulerBaseUrl) is { } scheduler)
            {
                schedulerUrl = Uri.TryCreate(scheduler.EndsWith('/') ? scheduler : scheduler + "/", UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttps
                    && string.IsNullOrEmpty(parsed.Query) && string.IsNullOrEmpty(parsed.Fragment)
                    ? parsed
                    : throw new InvalidOperationException($"{EnvironmentContract.SchedulerBaseUrl} must be an absolute https URL (or empty for no visits)");
                var unset = new[] { EnvironmentContract.SchedulerClientId, EnvironmentContract.SchedulerTokenSecretArn, EnvironmentContract.VisitSessionsTable }.Where(v => Get(v) is null).ToList();
                if (unset.Count > 0)
                {
                    throw new InvalidOperationException($"{EnvironmentContract.SchedulerBaseUrl} is set, so {functionName} needs {string.Join(", ", unset)} too");
                }
            }

            try
            {
                flags = Core.Visits.VisitFlags.From(Get(EnvironmentContract.ConfirmScheduleFlag), Get(EnvironmentContract.CancelScheduleFlag));
            }
            catch (ArgumentException)
            {
                throw new InvalidOperationException($"{EnvironmentContract.ConfirmScheduleFlag} and {EnvironmentContract.CancelScheduleFlag} must be 0 (test mode) or 1");
            }
        }

        return new AwsSettings
        {
            FunctionName = functionName,
            Region = Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION") ?? throw new InvalidOperationException("AWS_REGION is not set"),
            TicketsTable = Get(EnvironmentContract.TicketsTable),
            CallersTable = Get(EnvironmentContract.CallersTable),
            IdempotencyTable = Get(EnvironmentContract.IdempotencyTable),
            PinAttemptsTable = Get(EnvironmentContract.PinAttemptsTable),
            CallSummariesTable = Get(EnvironmentContract.CallSummariesTable),
            CallSummaryRetention = retention,
            TicketsApiUrl = HttpUrl(EnvironmentContract.TicketsApiUrl),
            TicketsApiKeySecretArn = Get(EnvironmentContract.TicketsApiKeySecretArn),
            AgentId = Get(EnvironmentContract.AgentId),
            AgentAliasId = Get(EnvironmentContract.AgentAliasId),
            AgentTurnBudget = budget,
            ConnectInstanceId = Get(EnvironmentContract.ConnectInstanceId),
            ServiceDeskQueueId = Get(EnvironmentContract.ServiceDeskQueueId),
            EscalationTopicArn = Get(EnvironmentContract.EscalationTopicArn),
            Escalation = escalation,
            TitanSimilarity = titan,
            EmbeddingModelId = Get(EnvironmentContract.EmbeddingModelId) ?? "amazon.titan-embed-text-v2:0",
            Outages = outages.Validate(),
            Endpoints = endpoints,
            SchedulerBaseUrl = schedulerUrl,
            SchedulerClientId = schedulerUrl is null ? null : Get(EnvironmentContract.SchedulerClientId),
            SchedulerTokenSecretArn = schedulerUrl is null ? null : Get(EnvironmentContract.SchedulerTokenSecretArn),
            VisitSessionsTable = schedulerUrl is null ? null : Get(EnvironmentContract.VisitSessionsTable),
            VisitFlags = flags,
        };
    }
}
