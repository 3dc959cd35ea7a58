using System.Globalization;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Core.Escalation;

/// <summary>
/// When a ticket nobody has picked up is escalated: after <see cref="After"/> per priority (only P1 and P2 wait in the
/// sweep's index), again after the same time at each level, up to <see cref="MaxLevel"/>. Read once at start-up.
/// </summary>
public sealed record EscalationPolicy
{
    public IReadOnlyDictionary<TicketPriority, TimeSpan> After { get; init; } = new Dictionary<TicketPriority, TimeSpan>
    {
        [TicketPriority.P1] = TimeSpan.FromHours(1),
        [TicketPriority.P2] = TimeSpan.FromHours(4),
    };

    public int MaxLevel { get; init; } = 3;

    /// <summary>Tickets read per index query: small pages keep each step well inside the deadline.</summary>
    public int PageSize { get; init; } = 25;

    /// <summary>Kept back from the deadline: a sweep stops starting escalations this long before it.</summary>
    public TimeSpan StopBefore { get; init; } = TimeSpan.FromSeconds(3);

    public EscalationPolicy Validate()
    {
        if (After.Count == 0 || After.Any(a => a.Key is not (TicketPriority.P1 or TicketPriority.P2) || a.Value < TimeSpan.FromMinutes(1)))
        {
            throw new InvalidOperationException("escalation thresholds are for P1 and P2 only, each at least one minute");
        }

        return MaxLevel is >= 1 and <= 10 && PageSize is >= 1 and <= 100
            ? this
            : throw new InvalidOperationException("escalation MaxLevel must be 1..10 and PageSize 1..100");
    }
}

/// <summary>What an escalation tells the desk: the ticket and how long it waited, never the caller or their words.</summary>
public sealed record EscalationNotice(TicketNumber Number, TicketPriority Priority, TicketCategory Category, TicketImpact Impact, int Level, TimeSpan Waited)
{
    public string Subject => $"Escalated {Number} ({Priority}) to level {Level}";

    public string Message => string.Create(CultureInfo.InvariantCulture,
        $"Ticket {Number} ({Priority}, {Category}, impact {Impact}) has waited {Math.Floor(Waited.TotalMinutes)} minutes without being picked up; escalation level {Level}.");
}

/// <summary>Tells people about an escalation (SNS in the cloud, the console locally).</summary>
public interface IEscalationNotifier
{
    Task<Result<bool>> NotifyAsync(EscalationNotice notice, CancellationToken cancellationToken);
}

/// <summary>What one sweep did. <see cref="More"/>: it stopped at its deadline with due tickets left (the next sweep takes them).</summary>
public sealed record SweepReport(int Escalated, int Notified, int AlreadyHandled, bool More, Failure? Failure = null);

/// <summary>
/// One pass over the tickets waiting too long for a first pickup. It reads only the waiting index (never every ticket),
/// escalates each due ticket over the very revision it read (so two overlapping sweeps escalate a ticket once: the
/// second write finds the revision moved and is skipped), and stops before the deadline. An escalation restarts the
/// ticket's wait, taking it out of the due range: the next sweep's first query starts with what this one left, so a
/// sweep cut short continues where it stopped without keeping a cursor anywhere.
/// </summary>
public sealed class EscalationSweep(ITicketDesk desk, IEscalationNotifier notifier, EscalationPolicy policy, TimeProvider time)
{
    public static readonly TicketActor Actor = TicketActor.System("escalation-sweep");

    public async Task<SweepReport> RunAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var (escalated, notified, handled) = (0, 0, 0);
        var now = time.GetUtcNow();
        var stopAt = deadline - policy.StopBefore;
        var seen = new HashSet<TicketNumber>();
        foreach (var (priority, after) in policy.After.OrderBy(a => a.Key))
        {
            while (true)
            {
                if (time.GetUtcNow() >= stopAt)
                {
                    return new SweepReport(escalated, notified, handled, More: true);
                }

                var page = await desk.ListWaitingAsync(priority, now - after, policy.PageSize, cancellationToken);
                if (!page.IsOk)
                {
                    return new SweepReport(escalated, notified, handled, More: true, page.Failure);
                }

                // The index is eventually consistent: a ticket escalated a moment ago can be read again. Seen ones are passed over.
                var fresh = page.Value.Where(t => seen.Add(t.Number)).ToList();
                foreach (var ticket in fresh)
                {
                    if (time.GetUtcNow() >= stopAt)
                    {
                        return new SweepReport(escalated, notified, handled, More: true);
                    }

                    var raised = await desk.EscalateAsync(ticket, waitAgain: ticket.EscalationLevel + 1 < policy.MaxLevel, Actor, cancellationToken);
                    if (!raised.IsOk)
                    {
                        if (raised.Failure.Kind is FailureKind.Conflict or FailureKind.NotFound)
                        {
                            handled++;
                            continue;
                        }

                        return new SweepReport(escalated, notified, handled, More: true, raised.Failure);
                    }

                    escalated++;
                    var t = raised.Value;
                    var waited = time.GetUtcNow() - ticket.CreatedAt;
                    // Notified after the escalation is stored, never before: a failed notice loses a message, never repeats an escalation.
                    if ((await notifier.NotifyAsync(new EscalationNotice(t.Number, t.Priority, t.Category, t.Impact, t.EscalationLevel, waited), cancellationToken)).IsOk)
                    {
                        notified++;
                    }
                }

                if (page.Value.Count < policy.PageSize || fresh.Count == 0)
                {
                    break;
                }
            }
        }

        return new SweepReport(escalated, notified, handled, More: false);
    }
}
