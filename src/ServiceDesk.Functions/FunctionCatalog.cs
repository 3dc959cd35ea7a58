using Microsoft.Extensions.Logging;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.Agent;
using ServiceDesk.Functions.Connect;
using ServiceDesk.Functions.Escalation;
using ServiceDesk.Functions.Lex;
using ServiceDesk.Functions.TicketsApi;

namespace ServiceDesk.Functions;

/// <summary>The functions the one executable hosts, by the name <c>_HANDLER</c> and <c>servicedesk invoke</c> use.</summary>
public static class FunctionCatalog
{
    public const string LexFulfillment = "LexFulfillment";
    public const string ContactFlow = "ContactFlow";
    public const string TicketsApi = "TicketsApi";
    public const string AgentActions = "AgentActions";
    public const string EscalationSweep = "EscalationSweep";

    private static readonly Dictionary<string, Func<ServiceDeskServices, ILambdaFunction>> Factories = new(StringComparer.Ordinal)
    {
        [LexFulfillment] = s => new LexFulfillmentFunction(s),
        [ContactFlow] = s => new ContactFlowFunction(new CallerLookup(s.Callers), s.ContactCenter, s.Settings, s.ContextFor(ContactFlow), s.CallSummaries is Core.Calls.NoCallSummaryStore ? null : new Core.Calls.CallSummaries(s.CallSummaries, s.Time)),
        [AgentActions] = s => new AgentActionsFunction(AgentToolsOf(s), s.ContextFor(AgentActions)),
        [TicketsApi] = s => new TicketsApiFunction(s.Desk ?? throw new InvalidOperationException("TicketsApi needs a ticket store"), s.Settings.TicketsApiKey ?? string.Empty, s.ContextFor(TicketsApi), s.CallSummaries),
        [EscalationSweep] = s => new EscalationSweepFunction(
            new Core.Escalation.EscalationSweep(s.Desk ?? throw new InvalidOperationException("EscalationSweep needs a ticket store"), s.Notifier ?? throw new InvalidOperationException("EscalationSweep needs a notifier"), s.Settings.Escalation, s.Time),
            s.ContextFor(EscalationSweep)),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>The agent's tools over these services: the visit tools only where visits can be arranged.</summary>
    public static AgentTools AgentToolsOf(ServiceDeskServices services) =>
        new(new TicketTools(new CallerTickets(services.Tickets), services.Time), services.Visits is { } visits ? new VisitTools(visits) : null);

    public static bool TryCreate(string name, ServiceDeskServices services, out ILambdaFunction? function)
    {
        function = Factories.TryGetValue(name, out var factory) ? factory(services) : null;
        return function is not null;
    }
}
