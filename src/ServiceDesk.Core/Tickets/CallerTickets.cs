namespace ServiceDesk.Core.Tickets;

/// <summary>
/// The only way callers (through the bot or the agent) reach tickets: every call is scoped to one verified caller,
/// and a ticket that belongs to someone else is answered exactly like one that does not exist.
/// </summary>
public sealed class CallerTickets(ITicketBackend backend)
{
    public async Task<Result<Ticket>> GetAsync(string callerId, TicketNumber number, CancellationToken cancellationToken)
    {
        var result = await backend.GetAsync(number, cancellationToken);
        return result.IsOk && !Owns(callerId, result.Value) ? Failure.NotFound() : result;
    }

    public async Task<Result<Ticket>> AddCommentAsync(string callerId, TicketNumber number, string text, CancellationToken cancellationToken)
    {
        var owned = await GetAsync(callerId, number, cancellationToken);
        return owned.IsOk
            ? await backend.AddCommentAsync(number, new NewComment(callerId, text), cancellationToken)
            : owned;
    }

    public Task<Result<IReadOnlyList<Ticket>>> ListRecentAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        backend.ListRecentByCallerAsync(callerId, Math.Clamp(limit, 1, TicketRules.MaxListLimit), cancellationToken);

    /// <summary>All the caller's open tickets (up to <see cref="TicketRules.MaxOpenListLimit"/>), newest first.</summary>
    public Task<Result<IReadOnlyList<Ticket>>> ListOpenAsync(string callerId, CancellationToken cancellationToken) =>
        backend.ListOpenByCallerAsync(callerId, TicketRules.MaxOpenListLimit, cancellationToken);

    /// <summary>
    /// Opens a ticket for this caller; the caller id comes from here, never from the request. A ticket the backend
    /// answers with for someone else (an idempotency key another caller already used) is never passed off as theirs.
    /// </summary>
    public async Task<Result<Ticket>> CreateAsync(string callerId, NewTicket ticket, CancellationToken cancellationToken)
    {
        var created = await backend.CreateAsync(ticket with { CallerId = callerId }, cancellationToken);
        return created.IsOk && !Owns(callerId, created.Value) ? Failure.Conflict("idempotency key belongs to another caller's ticket") : created;
    }

    private static bool Owns(string callerId, Ticket ticket) =>
        !string.IsNullOrEmpty(callerId) && string.Equals(ticket.CallerId, callerId, StringComparison.Ordinal);
}
