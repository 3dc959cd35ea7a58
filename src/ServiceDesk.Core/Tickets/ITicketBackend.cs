namespace ServiceDesk.Core.Tickets;

/// <summary>
/// The ticket backend port: our ITSM API, its stores, or later a real ITSM.
/// Implementations never throw for expected outcomes; they return a <see cref="Failure"/>.
/// Creation is idempotent per <see cref="NewTicket.IdempotencyKey"/>: the same key returns the first ticket.
/// </summary>
public interface ITicketBackend
{
    Task<Result<Ticket>> CreateAsync(NewTicket ticket, CancellationToken cancellationToken);

    Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken);

    Task<Result<Ticket>> AddCommentAsync(TicketNumber number, NewComment comment, CancellationToken cancellationToken);

    /// <summary>The caller's tickets, newest first, at most <paramref name="limit"/>.</summary>
    Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The caller's open tickets (neither resolved nor closed), newest first, at most <paramref name="limit"/> (clamped
    /// to 1..<see cref="TicketRules.MaxOpenListLimit"/>), however many closed tickets are newer: a "which ticket" offer
    /// must not miss an open ticket behind a caller's recent history.
    /// </summary>
    Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken);

    Task<Result<Ticket>> UpdateStatusAsync(TicketNumber number, TicketStatus status, CancellationToken cancellationToken);
}
