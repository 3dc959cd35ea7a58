using System.Collections.Concurrent;
using ServiceDesk.Core;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Testing;

/// <summary>
/// A test double of the ticket backend for handler unit tests, with the port's contract (idempotency, ownership-free
/// reads, newest first) and switches to simulate an outage. Store behaviour itself is tested against SQLite and dynalite.
/// </summary>
public sealed class InMemoryTicketBackend(TimeProvider time) : ITicketBackend
{
    private readonly ConcurrentDictionary<long, Ticket> _tickets = new();
    private readonly ConcurrentDictionary<string, long> _keys = new(StringComparer.Ordinal);
    private long _sequence = 12344;
    private readonly Lock _gate = new();

    public InMemoryTicketBackend() : this(new FakeTimeProvider())
    {
    }

    /// <summary>When set, every call fails with this kind (for example <see cref="FailureKind.Unavailable"/>).</summary>
    public FailureKind? FailWith { get; set; }

    public int CreateCalls { get; private set; }

    public IReadOnlyCollection<Ticket> All => [.. _tickets.Values.OrderBy(t => t.Number.Sequence)];

    public Ticket Seed(string callerId, string description, TicketStatus status = TicketStatus.New, TimeSpan? age = null)
    {
        var created = time.GetUtcNow() - (age ?? TimeSpan.Zero);
        var ticket = NewTicketFor(new NewTicket(callerId, description), created) with { Status = status };
        _tickets[ticket.Number.Sequence] = ticket;
        return ticket;
    }

    public Task<Result<Ticket>> CreateAsync(NewTicket ticket, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            CreateCalls++;
            if (FailWith is { } kind)
            {
                return Fail(kind);
            }

            if (TicketRules.Validate(ticket) is { } invalid)
            {
                return Task.FromResult<Result<Ticket>>(invalid);
            }

            if (ticket.IdempotencyKey is { } key && _keys.TryGetValue(key, out var existing))
            {
                return Task.FromResult<Result<Ticket>>(_tickets[existing]);
            }

            var created = NewTicketFor(ticket, time.GetUtcNow());
            _tickets[created.Number.Sequence] = created;
            if (ticket.IdempotencyKey is { } newKey)
            {
                _keys[newKey] = created.Number.Sequence;
            }

            return Task.FromResult<Result<Ticket>>(created);
        }
    }

    public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken) =>
        FailWith is { } kind ? Fail(kind)
        : Task.FromResult(_tickets.TryGetValue(number.Sequence, out var t) ? Result<Ticket>.Ok(t) : Failure.NotFound());

    public Task<Result<Ticket>> AddCommentAsync(TicketNumber number, NewComment comment, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (FailWith is { } kind)
            {
                return Fail(kind);
            }

            if (!_tickets.TryGetValue(number.Sequence, out var ticket))
            {
                return Task.FromResult<Result<Ticket>>(Failure.NotFound());
            }

            var now = time.GetUtcNow();
            var updated = ticket with { Comments = [.. ticket.Comments, new TicketComment(comment.Author, comment.Text, now)], UpdatedAt = now };
            _tickets[number.Sequence] = updated;
            return Task.FromResult<Result<Ticket>>(updated);
        }
    }

    public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken)
    {
        if (FailWith is { } kind)
        {
            return Task.FromResult<Result<IReadOnlyList<Ticket>>>(new Failure(kind, "simulated"));
        }

        IReadOnlyList<Ticket> list = [.. _tickets.Values.Where(t => t.CallerId == callerId).OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number.Sequence).Take(limit)];
        return Task.FromResult(Result<IReadOnlyList<Ticket>>.Ok(list));
    }

    public Task<Result<Ticket>> UpdateStatusAsync(TicketNumber number, TicketStatus status, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (FailWith is { } kind)
            {
                return Fail(kind);
            }

            if (!_tickets.TryGetValue(number.Sequence, out var ticket))
            {
                return Task.FromResult<Result<Ticket>>(Failure.NotFound());
            }

            if (ticket.Status == status)
            {
                return Task.FromResult<Result<Ticket>>(ticket);
            }

            if (!TicketRules.CanTransition(ticket.Status, status))
            {
                return Task.FromResult<Result<Ticket>>(Failure.Conflict($"cannot move from {ticket.Status} to {status}"));
            }

            var updated = ticket with { Status = status, UpdatedAt = time.GetUtcNow() };
            _tickets[number.Sequence] = updated;
            return Task.FromResult<Result<Ticket>>(updated);
        }
    }

    private Ticket NewTicketFor(NewTicket ticket, DateTimeOffset now) => new()
    {
        Number = TicketNumber.FromSequence(Interlocked.Increment(ref _sequence)),
        CallerId = ticket.CallerId,
        Summary = ticket.Summary ?? TicketRules.Summarize(ticket.Description),
        Description = ticket.Description,
        Priority = ticket.Priority ?? TicketPriority.P3,
        Category = ticket.Category ?? TicketCategory.Other,
        Impact = ticket.Impact ?? TicketImpact.Individual,
        CreatedAt = now,
        UpdatedAt = now,
        IdempotencyKey = ticket.IdempotencyKey,
    };

    private static Task<Result<Ticket>> Fail(FailureKind kind) => Task.FromResult<Result<Ticket>>(new Failure(kind, "simulated"));
}

/// <summary>A caller directory double holding the demo people the tests talk about.</summary>
public sealed class InMemoryCallerDirectory(IEnumerable<Caller> callers) : ICallerDirectory
{
    private readonly List<Caller> _callers = [.. callers];

    /// <summary>Ada (+14155550100, E1001); Grace and Linus share +14155550111 (E1002, E1003).</summary>
    public static InMemoryCallerDirectory Demo() => new(
    [
        new Caller("emp-1001", "Ada Lovelace", [PhoneNumber.Parse("+14155550100")], "E1001", Vip: true),
        new Caller("emp-1002", "Grace Hopper", [PhoneNumber.Parse("+14155550111")], "E1002"),
        new Caller("emp-1003", "Linus Torvalds", [PhoneNumber.Parse("+14155550111")], "E1003"),
    ]);

    public Task<IReadOnlyList<Caller>> FindByPhoneAsync(PhoneNumber phone, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Caller>>([.. _callers.Where(c => c.Phones.Contains(phone))]);

    public Task<Caller?> FindByEmployeeIdAsync(string employeeId, CancellationToken cancellationToken) =>
        Task.FromResult(_callers.FirstOrDefault(c => string.Equals(c.EmployeeId, employeeId, StringComparison.OrdinalIgnoreCase)));

    public Task<Caller?> FindByIdAsync(string callerId, CancellationToken cancellationToken) =>
        Task.FromResult(_callers.FirstOrDefault(c => c.Id == callerId));
}
