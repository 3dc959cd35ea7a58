using System.Globalization;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Core.Analytics;

/// <summary>One counter's change: a key in a family (the unit a store reads and writes together).</summary>
public sealed record CounterDelta(string Family, string Key, long Delta);

/// <summary>
/// The counters analytics read, maintained on write: each store applies <see cref="For"/> of every change it persists, so an
/// analytics request reads a few counter rows or items (never the tickets). Defined once here; the stores only add.
/// </summary>
/// <remarks>
/// Families: <c>status</c> (<c>New|P1</c>: tickets in each status and priority), <c>days#yyyy-MM</c> (<c>created|2026-12-01</c>,
/// <c>resolved|...</c>: per UTC day), <c>performance</c> (<c>response|priority|P1|3</c>: tickets whose first response or
/// resolution took up to <see cref="BucketMinutes"/>[3] minutes, by priority and by category). A first response is the first
/// status change out of New (the ticket was picked up); a resolution, a change from an open status to resolved or closed.
/// </remarks>
public static class TicketCounters
{
    public const string StatusFamily = "status";
    public const string PerformanceFamily = "performance";

    /// <summary>Upper bounds (minutes) of the duration buckets; the last bucket holds everything longer.</summary>
    public static readonly IReadOnlyList<int> BucketMinutes = [5, 15, 30, 60, 120, 240, 480, 1440, 2880, 10_080, 43_200, int.MaxValue];

    public static string DaysFamily(DateOnly day) => "days#" + day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string StatusKey(TicketStatus status, TicketPriority priority) => $"{status}|{priority}";

    public static string DayKey(string what, DateOnly day) => $"{what}|{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static string DurationKey(string metric, string dimension, string value, int bucket) => $"{metric}|{dimension}|{value}|{bucket.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>What a write changes: a creation (<paramref name="before"/> null) or a change from <paramref name="before"/>.</summary>
    public static IReadOnlyList<CounterDelta> For(Ticket? before, Ticket after)
    {
        var deltas = new List<CounterDelta>(6);
        if (before is null)
        {
            var created = DateOnly.FromDateTime(after.CreatedAt.UtcDateTime);
            deltas.Add(new(StatusFamily, StatusKey(after.Status, after.Priority), 1));
            deltas.Add(new(DaysFamily(created), DayKey("created", created), 1));
            return deltas;
        }

        if (before.Status != after.Status || before.Priority != after.Priority)
        {
            deltas.Add(new(StatusFamily, StatusKey(before.Status, before.Priority), -1));
            deltas.Add(new(StatusFamily, StatusKey(after.Status, after.Priority), 1));
        }

        var took = after.UpdatedAt - after.CreatedAt;
        if (before.Status == TicketStatus.New && after.Status != TicketStatus.New)
        {
            Duration(deltas, "response", after, took);
        }

        if (before.IsOpen && !after.IsOpen)
        {
            var day = DateOnly.FromDateTime(after.UpdatedAt.UtcDateTime);
            deltas.Add(new(DaysFamily(day), DayKey("resolved", day), 1));
            Duration(deltas, "resolve", after, took);
        }

        return deltas;
    }

    public static int Bucket(TimeSpan took)
    {
        for (var i = 0; i < BucketMinutes.Count; i++)
        {
            if (took.TotalMinutes <= BucketMinutes[i])
            {
                return i;
            }
        }

        return BucketMinutes.Count - 1;
    }

    private static void Duration(List<CounterDelta> deltas, string metric, Ticket ticket, TimeSpan took)
    {
        var bucket = Bucket(took);
        deltas.Add(new(PerformanceFamily, DurationKey(metric, "priority", ticket.Priority.ToString(), bucket), 1));
        deltas.Add(new(PerformanceFamily, DurationKey(metric, "category", ticket.Category.ToString(), bucket), 1));
    }
}
