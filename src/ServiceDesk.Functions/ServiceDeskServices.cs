using Microsoft.Extensions.Logging;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.ContactCenter;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Wire.Hosting;

namespace ServiceDesk.Functions;

/// <summary>
/// The ports every function is built from, created once per process (a Lambda container, the CLI, a test)
/// by a composition root: <c>AwsComposition</c> in the cloud, <c>LocalComposition</c> on a laptop.
/// </summary>
public sealed record ServiceDeskServices(
    ITicketBackend Tickets,
    ICallerDirectory Callers,
    IPinAttemptStore PinAttempts,
    IAgentGateway Agent,
    IContactCenter ContactCenter,
    TimeProvider Time,
    ILoggerFactory Logging,
    ServiceDeskSettings Settings)
{
    /// <summary>Embedded Metric Format lines (calls per intent, outcomes, latency); none in tests and local runs.</summary>
    public Wire.Observability.EmfMetrics? Metrics { get; init; }

    /// <summary>The pipeline's context for the function <paramref name="name"/>: its log, these metrics, this clock.</summary>
    public FunctionContext ContextFor(string name) => new(name, Logging.CreateLogger(name), Metrics, Time);

    /// <summary>
    /// The ticket service over this process's store, where it has one (the ticket API, the sweep, the local tools); the
    /// bot and the agent tools reach tickets through <see cref="Tickets"/>, the API's client, instead.
    /// </summary>
    public ITicketDesk? Desk { get; init; }

    /// <summary>Where escalation notices go (SNS in the cloud, the console locally); only the sweep needs one.</summary>
    public Core.Escalation.IEscalationNotifier? Notifier { get; init; }

    /// <summary>Technician visits through the external scheduler; none where no scheduler is configured (no visits offered).</summary>
    public Core.Visits.VisitDesk? Visits { get; init; }

    /// <summary>Where each call's summary is kept (DynamoDB in AWS, SQLite locally); none in unit tests.</summary>
    public Core.Calls.ICallSummaryStore CallSummaries { get; init; } = Core.Calls.NoCallSummaryStore.Instance;
}

/// <summary>Settings shared by the functions; read and validated once at start-up by the composition root.</summary>
public sealed record ServiceDeskSettings
{
    /// <summary>Connect waits at most 8 s for a Lambda; this bounds an agent turn so the caller never hears dead air.</summary>
    public TimeSpan AgentTurnBudget { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>The service-desk queue the flow transfers to (its id, for the queue check).</summary>
    public string? ServiceDeskQueueId { get; init; }

    /// <summary>The ticket API's key: checked by TicketsApi, sent by the HTTP ticket backend. From Secrets Manager in the cloud.</summary>
    public string? TicketsApiKey { get; init; }

    /// <summary>Above this estimated wait the flow offers a callback instead of holding.</summary>
    public TimeSpan CallbackOfferThreshold { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>When the sweep escalates a ticket nobody picked up.</summary>
    public Core.Escalation.EscalationPolicy Escalation { get; init; } = new();
}
