using ServiceDesk.Core.Analytics;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Testing;

namespace ServiceDesk.IntegrationTests.Storage;

/// <summary>
/// Analytics from the counters each store keeps on write agree with the same figures computed the slow way, from every
/// ticket and its history, after a mixed workload (creates, pickups, priority changes, resolutions, a reopen).
/// </summary>
public static class TicketAnalyticsCheck
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task RunAsync(Func<ITicketStore> createStore, ManualClock time)
    {
        var desk = new TicketDesk(createStore(), time);
        var analytics = new TicketAnalytics(desk);
        var empty = (await analytics.SummaryAsync(Ct)).Value!;
        var start = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var tickets = new List<Ticket>();
        var responded = new List<(TicketPriority Priority, TimeSpan Took)>();
        for (var i = 0; i < 24; i++)
        {
            var ticket = (await desk.CreateAsync(new NewTicket($"emp-{i % 3}", $"Problem {i}", Priority: (TicketPriority)(i % 4 + 1), Category: (TicketCategory)(i % 7)), Ct)).Value!;
            tickets.Add(ticket);
            time.Advance(TimeSpan.FromMinutes(20 + i * 7));
            if (i % 3 != 2)
            {
                await desk.ChangeAsync(ticket.Number, new TicketChange(TicketStatus.InProgress, null), TicketActor.Agent("tech"), Ct);
                responded.Add((ticket.Priority, time.GetUtcNow() - ticket.CreatedAt));
            }

            if (i % 4 == 0)
            {
                await desk.ChangeAsync(ticket.Number, new TicketChange(null, TicketPriority.P1), TicketActor.Agent("tech"), Ct);
            }

            if (i % 2 == 0)
            {
                time.Advance(TimeSpan.FromHours(i));
                await desk.UpdateStatusAsync(ticket.Number, TicketStatus.Resolved, Ct);
                if (i % 3 == 2)
                {
                    // Resolved straight from New: that is its first response too.
                    responded.Add((i % 4 == 0 ? TicketPriority.P1 : ticket.Priority, time.GetUtcNow() - ticket.CreatedAt));
                }
            }
        }

        await desk.UpdateStatusAsync(tickets[0].Number, TicketStatus.InProgress, Ct);
        var all = new List<Ticket>();
        foreach (var t in tickets)
        {
            all.Add((await desk.GetAsync(t.Number, Ct)).Value!);
        }

        var summary = (await analytics.SummaryAsync(Ct)).Value!;
        var priorities = (await analytics.PriorityAsync(Ct)).Value!;
        var trends = (await analytics.TrendsAsync(start, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), TrendBucket.Day, Ct)).Value!;
        var performance = (await analytics.PerformanceAsync(Ct)).Value!;

        Assert.Equal(0, empty.Total);
        Assert.Equal(all.Count, summary.Total);
        Assert.Equal(all.Count(t => t.IsOpen), summary.Open);
        Assert.All(Enum.GetValues<TicketStatus>(), s => Assert.Equal(all.Count(t => t.Status == s), summary.ByStatus[s]));
        Assert.All(priorities, p => Assert.Equal((all.Count(t => t.Priority == p.Priority), all.Count(t => t.Priority == p.Priority && t.IsOpen)), (p.Total, p.Open)));
        Assert.Equal(all.Count, trends.Sum(p => p.Created));
        // 12 resolutions (the reopened one was resolved once).
        Assert.Equal(12, trends.Sum(p => p.Resolved));
        var p1 = performance.Single(r => r.Dimension == "priority" && r.Value == "P1");
        var respondedP1 = responded.Where(r => r.Priority == TicketPriority.P1).Select(r => TicketCounters.Bucket(r.Took)).Order().ToList();
        Assert.Equal(responded.Count, performance.Where(r => r.Dimension == "priority").Sum(r => r.FirstResponse.Count));
        Assert.Equal(responded.Count, performance.Where(r => r.Dimension == "category").Sum(r => r.FirstResponse.Count));
        Assert.Equal(TicketCounters.BucketMinutes[respondedP1[(int)Math.Ceiling(respondedP1.Count * 0.5) - 1]], p1.FirstResponse.P50Minutes);
    }
}

public sealed class InMemoryTicketAnalyticsTests
{
    [Fact]
    public Task Counters_AgreeWithTheTickets() => TicketAnalyticsCheck.RunAsync(() => new InMemoryTicketStore(), new ManualClock());
}
