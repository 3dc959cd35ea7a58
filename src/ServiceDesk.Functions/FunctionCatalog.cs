using Microsoft.Extensions.Logging;
using ServiceDesk.Aws.Hosting;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.Agent;
using ServiceDesk.Functions.Connect;
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

    private static readonly Dictionary<string, Func<ServiceDeskServices, ILambdaFunction>> Factories = new(StringComparer.Ordinal)
    {
        [LexFulfillment] = s => new LexFulfillmentFunction(s),
        [ContactFlow] = s => new ContactFlowFunction(new CallerLookup(s.Callers), s.ContactCenter, s.Settings, FunctionContext.For(ContactFlow, s), s.CallSummaries is Core.Calls.NoCallSummaryStore ? null : new Core.Calls.CallSummaries(s.CallSummaries, s.Time)),
        [AgentActions] = s => new AgentActionsFunction(new TicketTools(new CallerTickets(s.Tickets), s.Time), FunctionContext.For(AgentActions, s)),
        [TicketsApi] = s => new TicketsApiFunction(s.Tickets, s.Settings.TicketsApiKey ?? string.Empty, FunctionContext.For(TicketsApi, s), s.CallSummaries),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    public static bool TryCreate(string name, ServiceDeskServices services, out ILambdaFunction? function)
    {
        function = Factories.TryGetValue(name, out var factory) ? factory(services) : null;
        return function is not null;
    }
}
