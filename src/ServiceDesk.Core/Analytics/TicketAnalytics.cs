using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Core.Analytics;

public sealed record StatusSummary(long Total, long Open, long Closed, IReadOnlyDictionary<TicketStatus, long> ByStatus);

public sealed record PriorityCount(TicketPriority Priority, long Total, long Open);

public enum TrendBucket
{
    Day,
    Week,
}

public sealed record TrendPoint(DateOnly Start, long Created, long Resolved);

/// <summary>A duration distribution: how many, and the bucket bounds (minutes) under which half and nine tenths fall.</summary>
public sealed record DurationStats(long Count, int? P50Minutes, int? P90Minutes);

public sealed record PerformanceRow(string Dimension, string Value, DurationStats FirstResponse, DurationStats Resolve);

/// <summary>
/// Analytics answered from the counters <see cref="TicketCounters"/> keeps on every write: a request reads a handful of
/// counter families, whatever the number of tickets. Percentiles are the upper bound of the duration bucket the
/// percentile falls in (at most one bucket above the exact value).
/// </summary>
public sealed class TicketAnalytics(ITicketCounterReader counters)
{
    /// <summary>The longest trend a request may ask for, in days.</summary>
    public const int MaxTrendDays = 366;

    public async Task<Result<StatusSummary>> SummaryAsync(CancellationToken cancellationToken)
    {
        var read = await counters.ReadCountersAsync([TicketCounters.StatusFamily], cancellationToken);
        return read.Map(values =>
        {
            var byStatus = Enum.GetValues<TicketStatus>().ToDictionary(s => s, s => Enum.GetValues<TicketPriority>().Sum(p => values.GetValueOrDefault(TicketCounters.StatusKey(s, p))));
            var closed = byStatus[TicketStatus.Resolved] + byStatus[TicketStatus.Closed];
            var total = byStatus.Values.Sum();
            return new StatusSummary(total, total - closed, closed, byStatus);
        });
    }

    public async Task<Result<IReadOnlyList<PriorityCount>>> PriorityAsync(CancellationToken cancellationToken)
    {
        var read = await counters.ReadCountersAsync([TicketCounters.StatusFamily], cancellationToken);
        return read.Map<IReadOnlyList<PriorityCount>>(values => [.. Enum.GetValues<TicketPriority>().Select(p =>
        {
            long Count(TicketStatus s) => values.GetValueOrDefault(TicketCounters.StatusKey(s, p));
            var total = Enum.GetValues<TicketStatus>().Sum(Count);
            return new PriorityCount(p, total, total - Count(TicketStatus.Resolved) - Count(TicketStatus.Closed));
        })]);
    }

    /// <summary>Created and resolved per day or per week (weeks start on Monday) from <paramref name="from"/> to <paramref name="to"/>, inclusive.</summary>
    public async Task<Result<IReadOnlyList<TrendPoint>>> TrendsAsync(DateOnly from, DateOnly to, TrendBucket bucket, CancellationToken cancellationToken)
    {
        if (to < from || to.DayNumber - from.DayNumber >= MaxTrendDays)
        {
            return Failure.Invalid("to", $"to must be on or after from, at most {MaxTrendDays} days later");
        }

        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays).ToList();
        var read = await counters.ReadCountersAsync([.. days.Select(TicketCounters.DaysFamily).Distinct()], cancellationToken);
        return read.Map<IReadOnlyList<TrendPoint>>(values =>
        {
            var daily = days.Select(d => new TrendPoint(d, values.GetValueOrDefault(TicketCounters.DayKey("created", d)), values.GetValueOrDefault(TicketCounters.DayKey("resolved", d))));
            return bucket == TrendBucket.Day
                ? [.. daily]
                : [.. daily.GroupBy(p => p.Start.AddDays(-(((int)p.Start.DayOfWeek + 6) % 7)))
                    .Select(w => new TrendPoint(w.Key, w.Sum(p => p.Created), w.Sum(p => p.Resolved)))];
        });
    }

    public async Task<Result<IReadOnlyList<PerformanceRow>>> PerformanceAsync(CancellationToken cancellationToken)
    {
        var read = await counters.ReadCountersAsync([TicketCounters.PerformanceFamily], cancellationToken);
        return read.Map<IReadOnlyList<PerformanceRow>>(values =>
        {
            DurationStats Stats(string metric, string dimension, string value)
            {
                var counts = Enumerable.Range(0, TicketCounters.BucketMinutes.Count).Select(b => values.GetValueOrDefault(TicketCounters.DurationKey(metric, dimension, value, b))).ToList();
                var total = counts.Sum();
                return new DurationStats(total, Percentile(counts, total, 0.5), Percentile(counts, total, 0.9));
            }

            var rows = Enum.GetValues<TicketPriority>().Select(p => ("priority", p.ToString()))
                .Concat(Enum.GetValues<TicketCategory>().Select(c => ("category", c.ToString())));
            return [.. rows.Select(r => new PerformanceRow(r.Item1, r.Item2, Stats("response", r.Item1, r.Item2), Stats("resolve", r.Item1, r.Item2)))];
        });
    }

    /// <summary>The bucket bound at which the running count reaches the fraction; null without data, or above the last finite bound.</summary>
    private static int? Percentile(List<long> counts, long total, double fraction)
    {
        if (total == 0)
        {
            return null;
        }

        var needed = (long)Math.Ceiling(total * fraction);
        long running = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            running += counts[i];
            if (running >= needed)
            {
                return TicketCounters.BucketMinutes[i] == int.MaxValue ? null : TicketCounters.BucketMinutes[i];
            }
        }

        return null;
    }
}

/// <summary>Reads counter families (see <see cref="TicketCounters"/>): every key of each family asked for, absent ones left out.</summary>
public interface ITicketCounterReader
{
    Task<Result<IReadOnlyDictionary<string, long>>> ReadCountersAsync(IReadOnlyList<string> families, CancellationToken cancellationToken);
}
