using System.Collections.Concurrent;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Local.Tickets;

/// <summary>
/// Wraps the store to show which tickets a call created or changed, and to rehearse an outage: when
/// <see cref="Down"/> is set every call fails the way an unreachable backend does.
/// </summary>
public sealed class RecordingTicketBackend(ITicketBackend inner) : ITicketBackend
{
    /// <summary>
    /// The most tickets recorded between two <see cref="Forget"/>s (a few more under concurrent writes): a call touches
    /// a handful, and a server that never reads the record (serve-tickets) must not grow with every ticket it creates.
    /// </summary>
    public const int MaxRecorded = 1000;

    private readonly ConcurrentDictionary<string, (Ticket Ticket, string Change)> _touched = new(StringComparer.Ordinal);
    private int _recorded;

    public bool Down { get; set; }

    public IReadOnlyList<(Ticket Ticket, string Change)> Touched => [.. _touched.Values.OrderBy(t => t.Ticket.Number.Sequence)];

    /// <summary>Starts a fresh record (tickets set up before a call are not the call's doing).</summary>
    public void Forget()
    {
        _touched.Clear();
        Volatile.Write(ref _recorded, 0);
    }

    public Task<Result<Ticket>> CreateAsync(NewTicket ticket, CancellationToken cancellationToken) => Record(() => inner.CreateAsync(ticket, cancellationToken), "created");

    public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken) =>
        Down ? Task.FromResult<Result<Ticket>>(Failure.Unavailable()) : inner.GetAsync(number, cancellationToken);

    public Task<Result<Ticket>> AddCommentAsync(TicketNumber number, NewComment comment, CancellationToken cancellationToken) => Record(() => inner.AddCommentAsync(number, comment, cancellationToken), "commented");

    public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        Down ? Task.FromResult<Result<IReadOnlyList<Ticket>>>(Failure.Unavailable()) : inner.ListRecentByCallerAsync(callerId, limit, cancellationToken);

    public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        Down ? Task.FromResult<Result<IReadOnlyList<Ticket>>>(Failure.Unavailable()) : inner.ListOpenByCallerAsync(callerId, limit, cancellationToken);

    public Task<Result<Ticket>> UpdateStatusAsync(TicketNumber number, TicketStatus status, CancellationToken cancellationToken) => Record(() => inner.UpdateStatusAsync(number, status, cancellationToken), "updated");

    private async Task<Result<Ticket>> Record(Func<Task<Result<Ticket>>> call, string change)
    {
        // Checked before the call starts: an outage must not write anything.
        if (Down)
        {
            return Failure.Unavailable();
        }

        var result = await call();
        if (result.IsOk)
        {
            var key = result.Value.Number.ToString();
            if (Volatile.Read(ref _recorded) >= MaxRecorded && !_touched.ContainsKey(key))
            {
                return result;
            }

            if (_touched.TryAdd(key, (result.Value, change)))
            {
                Interlocked.Increment(ref _recorded);
            }
            else
            {
                _touched.AddOrUpdate(key, (result.Value, change), (_, old) => (result.Value, old.Change == "created" ? "created" : change));
            }
        }

        return result;
    }
}
