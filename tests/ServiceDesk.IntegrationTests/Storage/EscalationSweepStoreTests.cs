using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ServiceDesk.Aws.Storage;
using ServiceDesk.Core;
using ServiceDesk.Core.Escalation;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Local.Storage;
using ServiceDesk.Testing;

namespace ServiceDesk.IntegrationTests.Storage;

/// <summary>The sweep over the real stores: it reads the waiting index only, and overlapping sweeps escalate once.</summary>
public sealed class SqliteEscalationSweepTests : IDisposable
{
    private readonly SqliteDatabase _database = SqliteDatabase.InMemory();
    private readonly ManualClock _time = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sweep_Over100000LocalTickets_ReadsOnlyTheCandidates()
    {
        var now = _time.GetUtcNow();
        // 100,000 tickets: 99,000 that never wait (P3/P4, or picked up), 700 P1/P2 waiting but not due yet, 300 due.
        var due = Seed(100_000, i => i switch
        {
            < 300 => (i % 3 == 0 ? TicketPriority.P2 : TicketPriority.P1, now.AddHours(-5)),
            < 1_000 => (TicketPriority.P1, now.AddMinutes(-30)),
            _ => (i % 2 == 0 ? TicketPriority.P3 : TicketPriority.P4, (DateTimeOffset?)null),
        });
        var store = new CountingStore(new SqliteTicketStore(_database));
        var notices = new List<EscalationNotice>();

        var report = await new EscalationSweep(new TicketDesk(store, _time), new ListNotifier(notices), new EscalationPolicy(), _time).RunAsync(now.AddMinutes(1), Ct);

        Assert.Equal((due, due, false), (report.Escalated, notices.Count, report.More));
        Assert.Equal(due, store.WaitingRead);
        Assert.Equal(0, store.OtherReads);
    }

    /// <summary>Rows written straight into the table (a fixture, not changes: no history), so the test spends its time sweeping.</summary>
    private int Seed(int count, Func<int, (TicketPriority Priority, DateTimeOffset? WaitingSince)> shape)
    {
        var created = SortableTime.Format(_time.GetUtcNow().AddHours(-6));
        using var lease = _database.Lease();
        using var transaction = lease.Connection.BeginTransaction();
        var insert = lease.Command("""
            INSERT INTO tickets (caller_id, summary, description, status, priority, category, impact, created_at, updated_at, waiting_since)
            VALUES ($caller, 'Seeded', 'Seeded ticket', $status, $priority, 'Other', 'Individual', $created, $created, $waiting);
            """, transaction);
        var due = 0;
        for (var i = 0; i < count; i++)
        {
            var (priority, waiting) = shape(i);
            due += waiting is { } w && w <= _time.GetUtcNow().AddHours(-1) && (priority == TicketPriority.P1 || w <= _time.GetUtcNow().AddHours(-4)) ? 1 : 0;
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$caller", $"emp-{i % 5000}");
            insert.Parameters.AddWithValue("$status", waiting is null && i % 7 == 0 ? "Closed" : "New");
            insert.Parameters.AddWithValue("$priority", priority.ToString());
            insert.Parameters.AddWithValue("$created", created);
            insert.Parameters.AddWithValue("$waiting", waiting is { } at ? SortableTime.Format(at) : DBNull.Value);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return due;
    }

    public void Dispose() => _database.Dispose();
}

public sealed class DynamoEscalationSweepTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private readonly AmazonDynamoDBClient _client = dynalite.CreateClient();
    private readonly ManualClock _time = new();
    private DynamoOptions _options = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _options = await DynamoTestTables.CreateAsync(_client);

    [Fact]
    public async Task WaitingIndex_IsSparse_HoldingOnlyNewP1AndP2Tickets()
    {
        var desk = new TicketDesk(new DynamoTicketStore(_client, _options, _time), _time);
        for (var i = 0; i < 20; i++)
        {
            await desk.CreateAsync(new NewTicket("emp-1001", $"Low {i}", Priority: i % 2 == 0 ? TicketPriority.P3 : TicketPriority.P4), Ct);
        }

        var waiting = new List<TicketNumber>();
        foreach (var priority in new[] { TicketPriority.P1, TicketPriority.P2, TicketPriority.P1 })
        {
            waiting.Add((await desk.CreateAsync(new NewTicket("emp-1001", "Outage", Priority: priority), Ct)).Value!.Number);
        }

        await desk.UpdateStatusAsync(waiting[2], TicketStatus.InProgress, Ct);

        var index = await _client.ScanAsync(new ScanRequest { TableName = _options.TicketsTable, IndexName = DynamoTables.WaitingIndex }, Ct);

        Assert.Equal([waiting[0].ToString(), waiting[1].ToString()], index.Items.Select(i => i["ticket_id"].S).Order());
    }

    [Fact]
    public async Task TwoOverlappingSweeps_OnDynamo_EscalateEachTicketOnce()
    {
        var desk = new TicketDesk(new DynamoTicketStore(_client, _options, _time), _time);
        for (var i = 0; i < 12; i++)
        {
            await desk.CreateAsync(new NewTicket("emp-1001", $"Outage {i}", Priority: TicketPriority.P1), Ct);
        }

        _time.Advance(TimeSpan.FromMinutes(61));
        var notices = new List<EscalationNotice>();
        var sweeps = Enumerable.Range(0, 2).Select(_ =>
            new EscalationSweep(new TicketDesk(new DynamoTicketStore(_client, _options, _time), _time), new ListNotifier(notices), new EscalationPolicy { PageSize = 5 }, _time));

        var reports = await Task.WhenAll(sweeps.Select(s => Task.Run(() => s.RunAsync(_time.GetUtcNow().AddMinutes(1), Ct))));

        Assert.Equal(12, reports.Sum(r => r.Escalated));
        Assert.Equal(12, notices.Select(n => n.Number).Distinct().Count());
        Assert.Equal(12, notices.Count);
        Assert.All(reports, r => Assert.Null(r.Failure));
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Counts what a sweep reads through the store: tickets from the waiting index, and any other read.</summary>
internal sealed class CountingStore(ITicketStore inner) : ITicketStore
{
    private int _waitingRead;
    private int _otherReads;

    public int WaitingRead => _waitingRead;

    public int OtherReads => _otherReads;

    /// <summary>Reads of tickets or their history (counter reads are not these).</summary>
    public int TicketReads => _otherReads - _counterReads;

    private int _counterReads;

    public Task<Result<Ticket>> InsertAsync(Ticket draft, TicketEvent created, CancellationToken cancellationToken) => inner.InsertAsync(draft, created, cancellationToken);

    public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _otherReads);
        return inner.GetAsync(number, cancellationToken);
    }

    public Task<Result<Ticket>> AppendCommentAsync(TicketNumber number, TicketComment comment, TicketEvent commented, CancellationToken cancellationToken) => inner.AppendCommentAsync(number, comment, commented, cancellationToken);

    public Task<Result<Ticket>> UpdateAsync(Ticket expected, Ticket changed, IReadOnlyList<TicketEvent> events, CancellationToken cancellationToken) => inner.UpdateAsync(expected, changed, events, cancellationToken);

    public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _otherReads);
        return inner.ListRecentByCallerAsync(callerId, limit, cancellationToken);
    }

    public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _otherReads);
        return inner.ListOpenByCallerAsync(callerId, limit, cancellationToken);
    }

    public Task<Result<IReadOnlyList<TicketEvent>>> HistoryAsync(TicketNumber number, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _otherReads);
        return inner.HistoryAsync(number, cancellationToken);
    }

    public Task<Result<IReadOnlyDictionary<string, long>>> ReadCountersAsync(IReadOnlyList<string> families, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _otherReads);
        Interlocked.Increment(ref _counterReads);
        return inner.ReadCountersAsync(families, cancellationToken);
    }

    public Task<Result<IReadOnlyList<Ticket>>> ListOpenSinceAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _otherReads);
        return inner.ListOpenSinceAsync(since, limit, cancellationToken);
    }

    public async Task<Result<IReadOnlyList<Ticket>>> ListWaitingAsync(TicketPriority priority, DateTimeOffset waitingSinceAtMost, int limit, CancellationToken cancellationToken)
    {
        var page = await inner.ListWaitingAsync(priority, waitingSinceAtMost, limit, cancellationToken);
        Interlocked.Add(ref _waitingRead, page.IsOk ? page.Value.Count : 0);
        return page;
    }
}

internal sealed class ListNotifier(List<EscalationNotice> notices) : IEscalationNotifier
{
    public Task<Result<bool>> NotifyAsync(EscalationNotice notice, CancellationToken cancellationToken)
    {
        lock (notices)
        {
            notices.Add(notice);
        }

        return Task.FromResult(Result<bool>.Ok(true));
    }
}
