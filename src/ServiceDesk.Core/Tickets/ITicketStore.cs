namespace ServiceDesk.Core.Tickets;

/// <summary>
/// Persistence only (SQLite, DynamoDB, the test double): no validation, defaults or transitions, which
/// <see cref="TicketDesk"/> owns. Every write carries the event that explains it, and a store persists the two together or
/// not at all; a store offers no way to change or remove an event once written. Each write also applies the analytics
/// counters <see cref="Analytics.TicketCounters.For"/> gives for it.
/// </summary>
public interface ITicketStore : Analytics.ITicketCounterReader
{
    /// <summary>
    /// Stores a new ticket under the next number (the draft's number is ignored) with its creation event. A draft whose
    /// idempotency key was seen before returns the first ticket, unchanged.
    /// </summary>
    Task<Result<Ticket>> InsertAsync(Ticket draft, TicketEvent created, CancellationToken cancellationToken);

    Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken);

    /// <summary>Appends a comment; concurrent comments are all kept. <see cref="FailureKind.NotFound"/> for an unknown ticket.</summary>
    Task<Result<Ticket>> AppendCommentAsync(TicketNumber number, TicketComment comment, TicketEvent commented, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the ticket's changeable fields (status, priority, impact, escalation, parent, affected callers, the time
    /// it has been waiting since, updated time) with <paramref name="changed"/>'s, only if the stored ticket is still at
    /// <paramref name="expected"/>'s <see cref="Ticket.Revision"/>: otherwise <see cref="FailureKind.Conflict"/> and nothing
    /// is written. The stored revision becomes expected + 1; the events are appended in order.
    /// </summary>
    Task<Result<Ticket>> UpdateAsync(Ticket expected, Ticket changed, IReadOnlyList<TicketEvent> events, CancellationToken cancellationToken);

    Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken);

    Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken);

    /// <summary>The ticket's events, oldest first. <see cref="FailureKind.NotFound"/> for an unknown ticket.</summary>
    Task<Result<IReadOnlyList<TicketEvent>>> HistoryAsync(TicketNumber number, CancellationToken cancellationToken);

    /// <summary>
    /// Open tickets of every caller created at or after <paramref name="since"/>, newest first, at most
    /// <paramref name="limit"/>: the reports a new one may join as one incident. Read by creation time, never by scanning.
    /// </summary>
    Task<Result<IReadOnlyList<Ticket>>> ListOpenSinceAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// New tickets of <paramref name="priority"/> waiting for a first pickup since <paramref name="waitingSinceAtMost"/> or
    /// earlier, oldest first, at most <paramref name="limit"/>: read from an index that holds only waiting P1 and P2 tickets
    /// (a sparse GSI, a partial index), never the whole table.
    /// </summary>
    Task<Result<IReadOnlyList<Ticket>>> ListWaitingAsync(TicketPriority priority, DateTimeOffset waitingSinceAtMost, int limit, CancellationToken cancellationToken);
}
