using ServiceDesk.Core.Calls;
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

    public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken)
    {
        if (FailWith is { } kind)
        {
            return Task.FromResult<Result<IReadOnlyList<Ticket>>>(new Failure(kind, "simulated"));
        }

        IReadOnlyList<Ticket> list = [.. _tickets.Values.Where(t => t.CallerId == callerId && t.IsOpen).OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number.Sequence).Take(Math.Clamp(limit, 1, TicketRules.MaxOpenListLimit))];
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

    /// <summary>The demo PINs (as in <c>deploy/demo-callers.json</c>): Ada 2468, Grace 1357, Linus 8642.</summary>
    public static readonly IReadOnlyDictionary<string, string> DemoPins = new Dictionary<string, string> { ["E1001"] = "2468", ["E1002"] = "1357", ["E1003"] = "8642" };

    // Hashed once per test process: PBKDF2 is meant to be slow.
    private static readonly Lazy<Caller[]> DemoCallers = new(() =>
    [
        new Caller("emp-1001", "Ada Lovelace", [PhoneNumber.Parse("+14155550100")], "E1001", Vip: true, PinHash: VoicePin.Hash(DemoPins["E1001"])),
        new Caller("emp-1002", "Grace Hopper", [PhoneNumber.Parse("+14155550111")], "E1002", PinHash: VoicePin.Hash(DemoPins["E1002"])),
        new Caller("emp-1003", "Linus Torvalds", [PhoneNumber.Parse("+14155550111")], "E1003", PinHash: VoicePin.Hash(DemoPins["E1003"])),
    ]);

    /// <summary>Ada (+14155550100, E1001); Grace and Linus share +14155550111 (E1002, E1003).</summary>
    public static InMemoryCallerDirectory Demo() => new(DemoCallers.Value);

    public Task<IReadOnlyList<Caller>> FindByPhoneAsync(PhoneNumber phone, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Caller>>([.. _callers.Where(c => c.Phones.Contains(phone))]);

    public Task<Caller?> FindByEmployeeIdAsync(string employeeId, CancellationToken cancellationToken) =>
        Task.FromResult(_callers.FirstOrDefault(c => string.Equals(c.EmployeeId, employeeId, StringComparison.OrdinalIgnoreCase)));

    public Task<Caller?> FindByIdAsync(string callerId, CancellationToken cancellationToken) =>
        Task.FromResult(_callers.FirstOrDefault(c => c.Id == callerId));
}

/// <summary>Wrong PINs across calls, kept in memory with the same rules as the real stores.</summary>
public sealed class InMemoryPinAttempts(TimeProvider? time = null) : IPinAttemptStore
{
    private readonly Dictionary<string, (PinAttempts Attempts, DateTimeOffset Expires)> _items = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>When set, every call fails like an outage.</summary>
    public bool Down { get; set; }

    public Task<Result<PinAttempts>> ReadAsync(string callerId, CancellationToken cancellationToken)
    {
        lock (_items)
        {
            return Task.FromResult<Result<PinAttempts>>(Down ? Failure.Unavailable()
                : _items.TryGetValue(callerId, out var item) && item.Expires > _time.GetUtcNow() ? item.Attempts : PinAttempts.None);
        }
    }

    public Task<Result<PinAttempts>> RecordFailureAsync(string callerId, PinPolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_items)
        {
            if (Down)
            {
                return Task.FromResult<Result<PinAttempts>>(Failure.Unavailable());
            }

            var failures = (_items.TryGetValue(callerId, out var item) && item.Expires > now ? item.Attempts.Failures : 0) + 1;
            var attempts = failures >= policy.FailuresBeforeLock ? new PinAttempts(0, now + policy.LockFor) : new PinAttempts(failures, item.Attempts?.LockedUntil);
            _items[callerId] = (attempts, (attempts.LockedUntil ?? now) + policy.RememberFailuresFor);
            return Task.FromResult<Result<PinAttempts>>(attempts);
        }
    }

    public Task<Result<bool>> ClearAsync(string callerId, CancellationToken cancellationToken)
    {
        lock (_items)
        {
            _items.Remove(callerId);
            return Task.FromResult<Result<bool>>(true);
        }
    }
}

/// <summary>Call summaries in memory, with the first-ending-wins rule of the real stores; or down.</summary>
public sealed class InMemoryCallSummaryStore : ICallSummaryStore
{
    private readonly Dictionary<string, CallSummary> _calls = [];

    public bool Down { get; init; }

    public Task<Result<bool>> SaveAsync(CallSummary summary, CancellationToken cancellationToken)
    {
        if (Down)
        {
            return Task.FromResult<Result<bool>>(Failure.Unavailable());
        }

        if (_calls.TryGetValue(summary.ContactId, out var stored) && stored.Ended)
        {
            return Task.FromResult<Result<bool>>(false);
        }

        _calls[summary.ContactId] = summary;
        return Task.FromResult<Result<bool>>(true);
    }

    public Task<Result<CallSummary?>> GetAsync(string contactId, CancellationToken cancellationToken) =>
        Task.FromResult<Result<CallSummary?>>(Down ? Failure.Unavailable() : _calls.GetValueOrDefault(contactId));

    public Task<Result<IReadOnlyList<CallSummary>>> ListByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<Result<IReadOnlyList<CallSummary>>>(Down
            ? Failure.Unavailable()
            : _calls.Values.Where(c => c.CallerId == callerId).OrderByDescending(c => c.StartedAt).Take(limit).ToList());
}
