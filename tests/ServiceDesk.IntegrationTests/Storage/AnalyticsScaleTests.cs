using ServiceDesk.Core.Analytics;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Local.Storage;
using ServiceDesk.Testing;

namespace ServiceDesk.IntegrationTests.Storage;

/// <summary>Analytics on 100,000 local tickets: the right figures, read from counters alone (speed is the benchmark's to measure).</summary>
public sealed class AnalyticsScaleTests : IDisposable
{
    private readonly SqliteDatabase _database = SqliteDatabase.InMemory();
    private readonly ManualClock _time = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On100000Tickets_AnalyticsAgreeWithCountingTheRows_AndReadNoTicket()
    {
        var desk = new TicketDesk(new SqliteTicketStore(_database), _time);
        var start = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        for (var i = 0; i < 100_000; i++)
        {
            var ticket = (await desk.CreateAsync(new NewTicket($"emp-{i % 5000}", "Seeded problem", Priority: (TicketPriority)(i % 4 + 1), Category: (TicketCategory)(i % 7)), Ct)).Value!;
            if (i % 5 == 0)
            {
                await desk.UpdateStatusAsync(ticket.Number, i % 10 == 0 ? TicketStatus.Resolved : TicketStatus.InProgress, Ct);
            }

            if (i % 1000 == 999)
            {
                _time.Advance(TimeSpan.FromHours(3));
            }
        }

        var counting = new CountingStore(new SqliteTicketStore(_database));
        var analytics = new TicketAnalytics(new TicketDesk(counting, _time));

        var summary = (await analytics.SummaryAsync(Ct)).Value!;
        var priorities = (await analytics.PriorityAsync(Ct)).Value!;
        var weeks = (await analytics.TrendsAsync(start, start.AddDays(40), TrendBucket.Week, Ct)).Value!;
        var performance = (await analytics.PerformanceAsync(Ct)).Value!;

        using var lease = _database.Lease();
        long Rows(string where) => (long)lease.Command($"SELECT COUNT(*) FROM tickets WHERE {where};").ExecuteScalar()!;
        Assert.Equal(100_000, summary.Total);
        Assert.Equal(Rows("status = 'Resolved'"), summary.ByStatus[TicketStatus.Resolved]);
        Assert.Equal(Rows("status = 'InProgress'"), summary.ByStatus[TicketStatus.InProgress]);
        Assert.Equal(Rows("status NOT IN ('Resolved', 'Closed')"), summary.Open);
        Assert.All(priorities, p => Assert.Equal(Rows($"priority = '{p.Priority}'"), p.Total));
        Assert.Equal(100_000, weeks.Sum(w => w.Created));
        Assert.Equal(Rows("status = 'Resolved'"), weeks.Sum(w => w.Resolved));
        Assert.Equal(20_000, performance.Where(r => r.Dimension == "priority").Sum(r => r.FirstResponse.Count));
        Assert.All(performance, r => Assert.Equal(r.FirstResponse.Count > 0, r.FirstResponse.P50Minutes is not null));
        Assert.Equal(0, counting.TicketReads);
    }

    public void Dispose() => _database.Dispose();
}
