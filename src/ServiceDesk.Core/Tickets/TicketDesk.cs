namespace ServiceDesk.Core.Tickets;

/// <summary>
/// The ticket service above a persistence-only <see cref="ITicketStore"/>: validation, defaults, status transitions, and
/// the history event of every change, written once here and persisted by the store with the change itself. The ticket
/// API, the local tools and the escalation sweep all go through it; there is no route that edits or removes an event.
/// </summary>
/// <remarks>
/// With a <see cref="ITicketSimilarity"/>, a new report that is the same incident as an earlier open report from another
/// caller (within <see cref="OutagePolicy.Window"/>) is linked to it as a child: the earlier ticket counts the caller as
/// affected and its impact and priority rise with the count; the new ticket carries <see cref="Ticket.Parent"/>.
/// </remarks>
public sealed class TicketDesk(ITicketStore store, TimeProvider time, ITicketSimilarity? similarity = null, OutagePolicy? outages = null) : ITicketDesk
{
    /// <summary>Who links a report to the incident it belongs to.</summary>
    public static readonly TicketActor OutageLinker = TicketActor.System("outage-linker");

    private readonly OutagePolicy _outages = (outages ?? new OutagePolicy()).Validate();

    /// <summary>How often a change made from a stale read is tried again from a fresh one before it gives up.</summary>
    private const int Attempts = 3;

    /// <summary>Who a change arrives from when the ticket API does not say: a client holding the API key.</summary>
    public static readonly TicketActor ApiClient = TicketActor.Agent("api");

    public Task<Result<Ticket>> CreateAsync(NewTicket ticket, CancellationToken cancellationToken)
    {
        if (TicketRules.Validate(ticket) is { } invalid)
        {
            return Task.FromResult<Result<Ticket>>(invalid);
        }

        var now = time.GetUtcNow();
        var priority = ticket.Priority ?? TicketPriority.P3;
        var draft = new Ticket
        {
            Number = default,
            CallerId = ticket.CallerId,
            Summary = ticket.Summary is { Length: > 0 } s ? s : TicketRules.Summarize(ticket.Description),
            Description = ticket.Description,
            Priority = priority,
            Category = ticket.Category ?? TicketCategory.Other,
            Impact = ticket.Impact ?? TicketImpact.Individual,
            CreatedAt = now,
            UpdatedAt = now,
            IdempotencyKey = ticket.IdempotencyKey,
            WaitingSince = Waits(TicketStatus.New, priority) ? now : null,
        };
        return InsertAndLinkAsync(draft, new TicketEvent(TicketEventKind.Created, TicketActor.Caller(ticket.CallerId), now, To: priority.ToString()), cancellationToken);
    }

    private async Task<Result<Ticket>> InsertAndLinkAsync(Ticket draft, TicketEvent created, CancellationToken cancellationToken)
    {
        var inserted = await store.InsertAsync(draft, created, cancellationToken);
        // Only a ticket made just now (not the first ticket of a repeated idempotency key) is linked, and a link that
        // cannot be made leaves the report a ticket of its own: linking never costs the caller their ticket.
        if (similarity is null || !inserted.IsOk || inserted.Value.Revision != 0 || inserted.Value.CreatedAt != draft.CreatedAt)
        {
            return inserted;
        }

        return await LinkToIncidentAsync(inserted.Value, cancellationToken) ?? inserted;
    }

    /// <summary>Links <paramref name="report"/> to the earliest open report of the same incident by another caller, if any.</summary>
    private async Task<Ticket?> LinkToIncidentAsync(Ticket report, CancellationToken cancellationToken)
    {
        var recent = await store.ListOpenSinceAsync(report.CreatedAt - _outages.Window, _outages.MaxCandidates, cancellationToken);
        if (!recent.IsOk)
        {
            return null;
        }

        var candidates = recent.Value
            .Where(t => t.Number != report.Number && t.CallerId != report.CallerId && t.Parent is null && OutagePolicy.CouldBeOneIncident(report, t))
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var scores = await similarity!.ScoreAsync(report.Description, [.. candidates.Select(c => c.Description)], cancellationToken);
        if (!scores.IsOk)
        {
            return null;
        }

        // The first report of the incident is the parent: the oldest of those alike enough.
        var parent = candidates.Zip(scores.Value).Where(c => c.Second >= _outages.Threshold).Select(c => c.First)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Number.Sequence).FirstOrDefault();
        if (parent is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var linked = await store.UpdateAsync(report, report with { Parent = parent.Number, UpdatedAt = now, Revision = report.Revision + 1 },
            [new TicketEvent(TicketEventKind.LinkedDuplicate, OutageLinker, now, To: parent.Number.ToString(), Detail: "parent")], cancellationToken);
        if (!linked.IsOk)
        {
            return null;
        }

        await RaiseIncidentAsync(parent.Number, report.Number, cancellationToken);
        return linked.Value;
    }

    /// <summary>One more caller affected: the parent counts them, and its impact (and with it its priority) rises with the count.</summary>
    private async Task RaiseIncidentAsync(TicketNumber parent, TicketNumber child, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var read = await store.GetAsync(parent, cancellationToken);
            if (!read.IsOk)
            {
                return;
            }

            var before = read.Value;
            var now = time.GetUtcNow();
            var affected = before.AffectedCallers + 1;
            var impact = affected >= _outages.OrganizationFrom ? TicketImpact.Organization
                : affected >= _outages.TeamFrom && before.Impact == TicketImpact.Individual ? TicketImpact.Team
                : before.Impact;
            var priority = (TicketPriority)Math.Min((int)before.Priority, (int)Triage.Priority(impact, TicketUrgency.Medium));
            var after = before with
            {
                AffectedCallers = affected,
                Impact = impact,
                Priority = priority,
                UpdatedAt = now,
                WaitingSince = Waits(before.Status, priority) ? before.WaitingSince ?? now : null,
                Revision = before.Revision + 1,
            };
            List<TicketEvent> events = [new TicketEvent(TicketEventKind.LinkedDuplicate, OutageLinker, now, To: child.ToString(), Detail: "child")];
            events.AddRange(Diff(before, after, OutageLinker));
            var written = await store.UpdateAsync(before, after, events, cancellationToken);
            if (written.IsOk || written.Failure.Kind != FailureKind.Conflict)
            {
                return;
            }
        }
    }

    public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken) => store.GetAsync(number, cancellationToken);

    public async Task<Result<Ticket>> AddCommentAsync(TicketNumber number, NewComment comment, CancellationToken cancellationToken)
    {
        if (TicketRules.Validate(comment) is { } invalid)
        {
            return invalid;
        }

        // Read first to know who is writing: the ticket's own caller, or anyone else (desk staff, an API client).
        var ticket = await store.GetAsync(number, cancellationToken);
        if (!ticket.IsOk)
        {
            return ticket;
        }

        var now = time.GetUtcNow();
        var actor = comment.Author == ticket.Value.CallerId ? TicketActor.Caller(comment.Author) : TicketActor.Agent(comment.Author);
        return await store.AppendCommentAsync(number, new TicketComment(comment.Author, comment.Text, now), new TicketEvent(TicketEventKind.Commented, actor, now), cancellationToken);
    }

    public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        store.ListRecentByCallerAsync(callerId, Math.Clamp(limit, 1, TicketRules.MaxListLimit), cancellationToken);

    public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        store.ListOpenByCallerAsync(callerId, Math.Clamp(limit, 1, TicketRules.MaxOpenListLimit), cancellationToken);

    public Task<Result<Ticket>> UpdateStatusAsync(TicketNumber number, TicketStatus status, CancellationToken cancellationToken) =>
        ChangeAsync(number, new TicketChange(status, null), ApiClient, cancellationToken);

    /// <summary>
    /// Changes status and/or priority. A value the ticket already has is no change (a repeated request answers with the
    /// ticket unchanged); an impossible status transition is <see cref="FailureKind.Conflict"/>.
    /// </summary>
    public Task<Result<Ticket>> ChangeAsync(TicketNumber number, TicketChange change, TicketActor actor, CancellationToken cancellationToken) =>
        RetryOnStaleAsync(number, ticket =>
        {
            var changed = ticket;
            if (change.Status is { } status && status != ticket.Status)
            {
                if (!TicketRules.CanTransition(ticket.Status, status))
                {
                    return Failure.Conflict($"a {ticket.Status} ticket cannot become {status}");
                }

                changed = changed with { Status = status };
            }

            if (change.Priority is { } priority)
            {
                changed = changed with { Priority = priority };
            }

            if (changed == ticket)
            {
                return (Ticket?)null;
            }

            // Waiting for a first pickup starts with the ticket (or when it becomes P1/P2 while New) and ends when it is picked up.
            var now = time.GetUtcNow();
            var waiting = Waits(changed.Status, changed.Priority) ? ticket.WaitingSince ?? now : (DateTimeOffset?)null;
            return changed with { UpdatedAt = now, WaitingSince = waiting };
        }, actor, cancellationToken);

    /// <summary>
    /// Raises a ticket the sweep found waiting too long, from the very read it judged (<paramref name="seen"/>): if anything
    /// changed it since (another sweep escalated it, someone picked it up), nothing is written and the answer is
    /// <see cref="FailureKind.Conflict"/>, so two overlapping sweeps escalate it once.
    /// </summary>
    /// <param name="waitAgain">Whether it can be escalated again later (its wait restarts now), or has reached the top level.</param>
    public async Task<Result<Ticket>> EscalateAsync(Ticket seen, bool waitAgain, TicketActor actor, CancellationToken cancellationToken)
    {
        if (!Waits(seen.Status, seen.Priority) || seen.WaitingSince is null)
        {
            return Failure.Conflict("the ticket is not waiting for a first pickup");
        }

        var now = time.GetUtcNow();
        var level = seen.EscalationLevel + 1;
        var changed = seen with { EscalationLevel = level, WaitingSince = waitAgain ? now : null, UpdatedAt = now, Revision = seen.Revision + 1 };
        var escalated = new TicketEvent(TicketEventKind.Escalated, actor, now, seen.EscalationLevel.ToString(System.Globalization.CultureInfo.InvariantCulture), level.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await store.UpdateAsync(seen, changed, [escalated], cancellationToken);
    }

    public Task<Result<IReadOnlyList<TicketEvent>>> HistoryAsync(TicketNumber number, CancellationToken cancellationToken) =>
        store.HistoryAsync(number, cancellationToken);

    /// <inheritdoc cref="ITicketStore.ListWaitingAsync"/>
    public Task<Result<IReadOnlyList<Ticket>>> ListWaitingAsync(TicketPriority priority, DateTimeOffset waitingSinceAtMost, int limit, CancellationToken cancellationToken) =>
        store.ListWaitingAsync(priority, waitingSinceAtMost, limit, cancellationToken);

    public Task<Result<IReadOnlyDictionary<string, long>>> ReadCountersAsync(IReadOnlyList<string> families, CancellationToken cancellationToken) =>
        store.ReadCountersAsync(families, cancellationToken);

    /// <summary>Only New P1 and P2 tickets wait for the sweep: the index that finds them holds nothing else.</summary>
    public static bool Waits(TicketStatus status, TicketPriority priority) =>
        status == TicketStatus.New && priority is TicketPriority.P1 or TicketPriority.P2;

    /// <summary>
    /// Reads, decides (a failure, no change: null, or the changed ticket), writes over the revision read; a write that
    /// lost a race with another one is decided again from a fresh read.
    /// </summary>
    private async Task<Result<Ticket>> RetryOnStaleAsync(TicketNumber number, Func<Ticket, Result<Ticket?>> decide, TicketActor actor, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var read = await store.GetAsync(number, cancellationToken);
            if (!read.IsOk)
            {
                return read;
            }

            var decision = decide(read.Value);
            if (!decision.IsOk)
            {
                return decision.Failure;
            }

            if (decision.Value is not { } changed)
            {
                return read.Value;
            }

            var events = Diff(read.Value, changed, actor);
            var written = await store.UpdateAsync(read.Value, changed with { Revision = read.Value.Revision + 1 }, events, cancellationToken);
            if (written.IsOk || written.Failure.Kind != FailureKind.Conflict || attempt == Attempts)
            {
                return written.IsOk || written.Failure.Kind != FailureKind.Conflict ? written : Failure.Conflict("the ticket changed while it was being updated");
            }
        }
    }

    private static List<TicketEvent> Diff(Ticket before, Ticket after, TicketActor actor)
    {
        var events = new List<TicketEvent>(2);
        if (before.Status != after.Status)
        {
            events.Add(new TicketEvent(TicketEventKind.StatusChanged, actor, after.UpdatedAt, before.Status.ToString(), after.Status.ToString()));
        }

        if (before.Priority != after.Priority)
        {
            events.Add(new TicketEvent(TicketEventKind.PriorityChanged, actor, after.UpdatedAt, before.Priority.ToString(), after.Priority.ToString()));
        }

        return events;
    }
}

/// <summary>What the desk's own edges (the ticket API, the local tools) may ask beyond the bot's <see cref="ITicketBackend"/>.</summary>
public interface ITicketDesk : ITicketBackend, Analytics.ITicketCounterReader
{
    /// <inheritdoc cref="TicketDesk.ChangeAsync"/>
    Task<Result<Ticket>> ChangeAsync(TicketNumber number, TicketChange change, TicketActor actor, CancellationToken cancellationToken);

    /// <summary>The ticket's history, oldest first; read-only (nothing anywhere edits or removes an event).</summary>
    Task<Result<IReadOnlyList<TicketEvent>>> HistoryAsync(TicketNumber number, CancellationToken cancellationToken);

    /// <inheritdoc cref="ITicketStore.ListWaitingAsync"/>
    Task<Result<IReadOnlyList<Ticket>>> ListWaitingAsync(TicketPriority priority, DateTimeOffset waitingSinceAtMost, int limit, CancellationToken cancellationToken);

    /// <inheritdoc cref="TicketDesk.EscalateAsync"/>
    Task<Result<Ticket>> EscalateAsync(Ticket seen, bool waitAgain, TicketActor actor, CancellationToken cancellationToken);
}

/// <summary>A change asked of a ticket: the values to set, null for "leave as is".</summary>
public sealed record TicketChange(TicketStatus? Status, TicketPriority? Priority);
