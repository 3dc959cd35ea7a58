using BenchmarkDotNet.Attributes;
using ServiceDesk.Core.Analytics;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Local.Storage;

namespace ServiceDesk.Benchmarks;

/// <summary>
/// Analytics on 100,000 SQLite tickets (in-memory mode), answered from the counters kept on write, against two references
/// in the same run: the baseline, one ticket read by number (the cheapest thing the API does), and what answering
/// without counters costs: one GROUP BY over every ticket (the summary alone).
/// </summary>
[MemoryDiagnoser]
public class AnalyticsBenchmarks
{
    private SqliteDatabase _database = null!;
    private TicketDesk _desk = null!;
    private TicketAnalytics _analytics = null!;
    private TicketNumber _one;
    private DateOnly _from;

    [GlobalSetup]
    public void Setup()
    {
        _database = SqliteDatabase.InMemory();
        var time = new SteppingTime(new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero));
        _desk = new TicketDesk(new SqliteTicketStore(_database), time);
        _from = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        for (var i = 0; i < 100_000; i++)
        {
            var ticket = _desk.CreateAsync(new NewTicket($"emp-{i % 5000}", "Seeded problem", Priority: (TicketPriority)(i % 4 + 1), Category: (TicketCategory)(i % 7)), CancellationToken.None).GetAwaiter().GetResult().Value!;
            if (i % 5 == 0)
            {
                _desk.UpdateStatusAsync(ticket.Number, i % 10 == 0 ? TicketStatus.Resolved : TicketStatus.InProgress, CancellationToken.None).GetAwaiter().GetResult();
            }

            _one = ticket.Number;
        }

        _analytics = new TicketAnalytics(_desk);
    }

    [GlobalCleanup]
    public void Cleanup() => _database.Dispose();

    [Benchmark(Baseline = true)]
    public Ticket? ReadOneTicket() => _desk.GetAsync(_one, CancellationToken.None).GetAwaiter().GetResult().Value;

    [Benchmark]
    public StatusSummary? Summary() => _analytics.SummaryAsync(CancellationToken.None).GetAwaiter().GetResult().Value;

    [Benchmark]
    public IReadOnlyList<TrendPoint>? TrendsNinetyDaysByWeek() => _analytics.TrendsAsync(_from, _from.AddDays(89), TrendBucket.Week, CancellationToken.None).GetAwaiter().GetResult().Value;

    [Benchmark]
    public IReadOnlyList<PerformanceRow>? Performance() => _analytics.PerformanceAsync(CancellationToken.None).GetAwaiter().GetResult().Value;

    [Benchmark]
    public long SummaryByScanningEveryTicket()
    {
        using var lease = _database.Lease();
        using var reader = lease.Command("SELECT status, priority, COUNT(*) FROM tickets GROUP BY status, priority;").ExecuteReader();
        long total = 0;
        while (reader.Read())
        {
            total += reader.GetInt64(2);
        }

        return total;
    }

    /// <summary>A clock that moves a minute per reading, so the seeded tickets spread over about two months of days.</summary>
    private sealed class SteppingTime(DateTimeOffset start) : TimeProvider
    {
        private long _reads;

        public override DateTimeOffset GetUtcNow() => start.AddMinutes(Interlocked.Increment(ref _reads) / 2);
    }
}
