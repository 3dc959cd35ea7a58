using ServiceDesk.Core.Callers;

namespace ServiceDesk.Core.Agents;

/// <summary>
/// Every tool the agent may run, in one place for its three ways in (the action-group Lambda, return of control, the
/// offline agent): the ticket tools always, the visit tools where a scheduler is configured. Where none is, a visit
/// tool answers that visits cannot be arranged, so the model offers a person instead of guessing.
/// </summary>
public sealed class AgentTools(TicketTools tickets, VisitTools? visits = null)
{
    public TicketTools Tickets => tickets;

    public VisitTools? Visits => visits;

    /// <summary>The tools offered: the visit tools only where visits can be arranged.</summary>
    public IReadOnlyList<string> Names { get; } = visits is null ? TicketTools.Names : [.. TicketTools.Names, .. VisitTools.Names];

    /// <param name="sessionId">The agent session (one per call): the visit tools keep the booking in progress under it.</param>
    public Task<ToolResult> RunAsync(string tool, IReadOnlyDictionary<string, string> parameters, CallerIdentity caller, string sessionId, CancellationToken cancellationToken)
    {
        if (VisitTools.Names.Contains(tool))
        {
            return visits is null
                ? Task.FromResult(caller.IsVerified ? VisitTools.NotAvailable() : ToolJson.Reprompt("the caller is not identified yet; ask for their employee id before using visit tools"))
                : visits.RunAsync(tool, parameters, caller, sessionId, cancellationToken);
        }

        return TicketTools.Names.Contains(tool)
            ? tickets.RunAsync(tool, parameters, caller, cancellationToken)
            : Task.FromResult(new ToolResult(ToolStatus.Reprompt, ToolJson.Object(w => w.WriteString("error", $"there is no tool '{tool}'; use one of {string.Join(", ", Names)}")), 404));
    }
}
