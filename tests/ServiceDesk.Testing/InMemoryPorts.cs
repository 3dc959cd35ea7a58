using ServiceDesk.Core.Calls;
using System.Collections.Concurrent;
using ServiceDesk.Core;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Testing;

/// <summary>
/// A persistence-only ticket store in memory, with the store contract (idempotency, revisions, history kept with each
/// change, the waiting index): the contract suite runs against it as it does against SQLite and dynalite.
/// </summary>
public sealed class InMemoryTicketStore : ITicketStore
{
    private readonly Dictionary<long, Ticket> _tickets = [];
    private readonly Dictionary<long, List<TicketEvent>> _events = [];
    private readonly Dictionary<string, long> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Family, string Key), long> _counters = [];
    private readonly Lock _gate = new();
    private long _sequence = 12344;

    /// <summary>How many tickets the last <see cref="ListWaitingAsync"/> looked at: the sweep must read only candidates.</summary>
    public int LastWaitingRead { get; private set; }

    public IReadOnlyCollection<Ticket> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _tickets.Values.OrderBy(t => t.Number.Sequence)];
            }
        }
    }

    /// <summary>Puts a ticket in as it is, under the next number, without history (a fixture, not a change).</summary>
    public Ticket Seed(Ticket draft)
    {
        lock (_gate)
        {
            var ticket = draft with { Number = TicketNumber.FromSequence(++_sequence) };
            _tickets[ticket.Number.Sequence] = ticket;
            _events[ticket.Number.Sequence] = [];
            return ticket;
        }
    }

    public Task<Result<Ticket>> InsertAsync(Ticket draft, TicketEvent created, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (draft.IdempotencyKey is { } key && _keys.TryGetValue(key, out var existing))
            {
                return Ok(_tickets[existing]);
            }

            var ticket = draft with { Number = TicketNumber.FromSequence(++_sequence), Comments = [] };
            _tickets[ticket.Number.Sequence] = ticket;
            _events[ticket.Number.Sequence] = [created];
            Count(null, ticket);
            if (draft.IdempotencyKey is { } newKey)
            {
                _keys[newKey] = ticket.Number.Sequence;
            }

            return Ok(ticket);
        }
    }

    public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_tickets.TryGetValue(number.Sequence, out var t) ? Result<Ticket>.Ok(t) : Failure.NotFound());
        }
    }

    public Task<Result<Ticket>> AppendCommentAsync(TicketNumber number, TicketComment comment, TicketEvent commented, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_tickets.TryGetValue(number.Sequence, out var ticket))
            {
                return Task.FromResult<Result<Ticket>>(Failure.NotFound());
            }

            var updated = ticket with { Comments = [.. ticket.Comments, comment], UpdatedAt = comment.CreatedAt };
            _tickets[number.Sequence] = updated;
            _events[number.Sequence].Add(commented);
            return Ok(updated);
        }
    }

    public Task<Result<Ticket>> UpdateAsync(Ticket expected, Ticket changed, IReadOnlyList<TicketEvent> events, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_tickets.TryGetValue(expected.Number.Sequence, out var stored))
            {
                return Task.FromResult<Result<Ticket>>(Failure.NotFound());
            }

            if (stored.Revision != expected.Revision)
            {
                return Task.FromResult<Result<Ticket>>(Failure.Conflict("the ticket changed since it was read"));
            }

            var updated = stored with
            {
                Status = changed.Status,
                Priority = changed.Priority,
                Impact = changed.Impact,
                UpdatedAt = changed.UpdatedAt,
                Revision = expected.Revision + 1,
                EscalationLevel = changed.EscalationLevel,
                WaitingSince = changed.WaitingSince,
                Parent = changed.Parent,
                AffectedCallers = changed.AffectedCallers,
            };
            _tickets[expected.Number.Sequence] = updated;
            _events[expected.Number.Sequence].AddRange(events);
            Count(stored, updated);
            return Ok(updated);
        }
    }

    public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        List(t => t.CallerId == callerId, limit);

    public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        List(t => t.CallerId == callerId && t.IsOpen, limit);

    public Task<Result<IReadOnlyList<TicketEvent>>> HistoryAsync(TicketNumber number, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_events.TryGetValue(number.Sequence, out var events)
                ? Result<IReadOnlyList<TicketEvent>>.Ok([.. events])
                : Failure.NotFound());
        }
    }

    public Task<Result<IReadOnlyList<Ticket>>> ListOpenSinceAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
        List(t => t.IsOpen && t.CreatedAt >= since, limit);

    public Task<Result<IReadOnlyList<Ticket>>> ListWaitingAsync(TicketPriority priority, DateTimeOffset waitingSinceAtMost, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Ticket> page = [.. _tickets.Values
                .Where(t => t.WaitingSince is { } w && t.Priority == priority && w <= waitingSinceAtMost)
                .OrderBy(t => t.WaitingSince).ThenBy(t => t.Number.Sequence).Take(limit)];
            LastWaitingRead = page.Count;
            return Task.FromResult(Result<IReadOnlyList<Ticket>>.Ok(page));
        }
    }

    public Task<Result<IReadOnlyDictionary<string, long>>> ReadCountersAsync(IReadOnlyList<string> families, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyDictionary<string, long> values = _counters.Where(c => families.Contains(c.Key.Family)).ToDictionary(c => c.Key.Key, c => c.Value);
            return Task.FromResult(Result<IReadOnlyDictionary<string, long>>.Ok(values));
        }
    }

    private void Count(Ticket? before, Ticket after)
    {
        foreach (var delta in ServiceDesk.Core.Analytics.TicketCounters.For(before, after))
        {
            _counters[(delta.Family, delta.Key)] = _counters.GetValueOrDefault((delta.Family, delta.Key)) + delta.Delta;
        }
    }

    private Task<Result<IReadOnlyList<Ticket>>> List(Func<Ticket, bool> which, int limit)
    {
        lock (_gate)
        {
            IReadOnlyList<Ticket> list = [.. _tickets.Values.Where(which).OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number.Sequence).Take(limit)];
            return Task.FromResult(Result<IReadOnlyList<Ticket>>.Ok(list));
        }
    }

    private static Task<Result<Ticket>> Ok(Ticket ticket) => Task.FromResult(Result<Ticket>.Ok(ticket));
}

/// <summary>
/// The ticket service over <see cref="InMemoryTicketStore"/> for handler unit tests, with switches to simulate an outage.
/// The rules are <see cref="TicketDesk"/>'s own, not a copy; store behaviour itself is tested against SQLite and dynalite.
/// </summary>
public sealed class InMemoryTicketBackend : ITicketDesk
{
    private readonly TimeProvider _time;

    public InMemoryTicketBackend(TimeProvider time)
    {
        _time = time;
        Desk = new TicketDesk(Store, time);
    }

    public InMemoryTicketBackend() : this(new ManualClock())
    {
    }

    public InMemoryTicketStore Store { get; } = new();

    public TicketDesk Desk { get; }

    /// <summary>When set, every call fails with this kind (for example <see cref="FailureKind.Unavailable"/>).</summary>
    public FailureKind? FailWith { get; set; }

    public int CreateCalls { get; private set; }

    public IReadOnlyCollection<Ticket> All => Store.All;

    public Ticket Seed(string callerId, string description, TicketStatus status = TicketStatus.New, TimeSpan? age = null)
    {
        var created = _time.GetUtcNow() - (age ?? TimeSpan.Zero);
        return Store.Seed(new Ticket
        {
            Number = default,
            CallerId = callerId,
            Summary = TicketRules.Summarize(description),
            Description = description,
            Status = status,
            CreatedAt = created,
            UpdatedAt = created,
        });
    }

    public Task<Result<Ticket>> CreateAsync(NewTicket ticket, CancellationToken cancellationToken)
    {
        CreateCalls++;
        return FailWith is { } kind ? Fail<Ticket>(kind) : Desk.CreateAsync(ticket, cancellationToken);
    }

    public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken) =>
        FailWith is { } kind ? Fail<Ticket>(kind) : Desk.GetAsync(number, cancellationToken);

    public Task<Result<Ticket>> AddCommentAsync(TicketNumber number, NewComment comment, CancellationToken cancellationToken) =>
        FailWith is { } kind ? Fail<Ticket>(kind) : Desk.AddCommentAsync(number, comment, cancellationToken);

    public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        FailWith is { } kind ? Fail<IReadOnlyList<Ticket>>(kind) : Desk.ListRecentByCallerAsync(callerId, limit, cancellationToken);

    public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        FailWith is { } kind ? Fail<IReadOnlyList<Ticket>>(kind) : Desk.ListOpenByCallerAsync(callerId, limit, cancellationToken);

    public Task<Result<Ticket>> UpdateStatusAsync(TicketNumber number, TicketStatus status, CancellationToken cancellationToken) =>
        FailWith is { } kind ? Fail<Ticket>(kind) : Desk.UpdateStatusAsync(number, status, cancellationToken);

    public Task<Result<Ticket>> ChangeAsync(TicketNumber number, TicketChange change, TicketActor actor, CancellationToken cancellationToken) =>
        FailWith is { } kind ? Fail<Ticket>(kind) : Desk.ChangeAsync(number, change, actor, cancellationToken);

    public Task<Result<IReadOnlyList<TicketEvent>>> HistoryAsync(TicketNumber number, CancellationToken cancellationToken) =>
        FailWith is { } kind ? Fail<IReadOnlyList<TicketEvent>>(kind) : Desk.HistoryAsync(number, cancellationToken);

    public Task<Result<IReadOnlyList<Ticket>>> ListWaitingAsync(TicketPriority priority, DateTimeOffset waitingSinceAtMost, int limit, CancellationToken cancellationToken) =>
        FailWith is { } kind ? Fail<IReadOnlyList<Ticket>>(kind) : Desk.ListWaitingAsync(priority, waitingSinceAtMost, limit, cancellationToken);

    public Task<Result<Ticket>> EscalateAsync(Ticket seen, bool waitAgain, TicketActor actor, CancellationToken cancellationToken) =>
        FailWith is { } kind ? Fail<Ticket>(kind) : Desk.EscalateAsync(seen, waitAgain, actor, cancellationToken);

    public Task<Result<IReadOnlyDictionary<string, long>>> ReadCountersAsync(IReadOnlyList<string> families, CancellationToken cancellationToken) =>
        FailWith is { } kind ? Fail<IReadOnlyDictionary<string, long>>(kind) : Desk.ReadCountersAsync(families, cancellationToken);

    private static Task<Result<T>> Fail<T>(FailureKind kind) => Task.FromResult<Result<T>>(new Failure(kind, "simulated"));
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
