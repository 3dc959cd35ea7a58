using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Core.Visits;

/// <summary>One of the caller's tickets as the scheduler sees it: its project, and the visit booked for it, if any.</summary>
public sealed record Visit(TicketNumber Ticket, VisitProject Project, DateOnly? Date, TimeOnly? Time, bool OnTheWay)
{
    public bool IsBooked => Date is not null;
}

/// <summary>What a booking or cancellation did; <see cref="TestMode"/>: answered as if done, nothing was sent.</summary>
public sealed record VisitChange(TicketNumber Ticket, DateOnly? Date, TimeOnly? Time, bool TestMode, bool Moved);

/// <summary>
/// Technician visits for one verified caller, over the external scheduler: the bot and the agent's tools both come
/// here. The caller's own projects only (customer id = caller id, project number = ticket number); the scheduler's
/// token and request id live in the session store, never in what the caller or the model sees. A booking is never
/// posted twice: a retried invocation finds it in the session, and a booking that timed out is looked up on the
/// dashboard instead of posted again.
/// </summary>
public sealed class VisitDesk(IScheduler scheduler, IVisitSessionStore sessions, ISchedulerTokens tokens, SchedulerTenant tenant, VisitFlags flags, TimeProvider time, TimeZoneInfo? zone = null)
{
    /// <summary>Dates offered at most, however many the scheduler has.</summary>
    public const int MaxDates = 10;

    public VisitFlags Flags => flags;

    /// <summary>Today where the technicians work.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone ?? time.LocalTimeZone).DateTime);

    /// <summary>The caller's tickets that the scheduler has a project for.</summary>
    public async Task<Result<IReadOnlyList<Visit>>> VisitsAsync(string sessionId, string callerId, CancellationToken cancellationToken)
    {
        var session = await SessionAsync(sessionId, cancellationToken);
        if (!session.IsOk)
        {
            return session.Failure;
        }

        var projects = await scheduler.ListProjectsAsync(Call(session.Value), callerId, cancellationToken);
        return projects.IsOk
            ? Result<IReadOnlyList<Visit>>.Ok([.. projects.Value.Select(ToVisit).OfType<Visit>()])
            : projects.Failure;
    }

    /// <summary>The visit for one of the caller's tickets; someone else's ticket is not found.</summary>
    public async Task<Result<Visit>> FindAsync(string sessionId, string callerId, TicketNumber ticket, CancellationToken cancellationToken)
    {
        var visits = await VisitsAsync(sessionId, callerId, cancellationToken);
        return !visits.IsOk ? visits.Failure
            : visits.Value.FirstOrDefault(v => v.Ticket == ticket) is { } visit ? visit
            : Failure.NotFound("no visit can be arranged for that ticket");
    }

    public async Task<Result<IReadOnlyList<WorkDay>>> BusinessHoursAsync(string sessionId, CancellationToken cancellationToken)
    {
        var session = await SessionAsync(sessionId, cancellationToken);
        return session.IsOk ? await scheduler.GetBusinessHoursAsync(Call(session.Value), cancellationToken) : session.Failure;
    }

    /// <summary>
    /// Free dates for a visit on the ticket, working days only, soonest first. Starts a booking conversation: the
    /// scheduler's request id for it is kept in the session.
    /// </summary>
    public async Task<Result<IReadOnlyList<DateOnly>>> DatesAsync(string sessionId, string callerId, TicketNumber ticket, CancellationToken cancellationToken)
    {
        var visit = await ChangeableAsync(sessionId, callerId, ticket, cancellationToken);
        if (!visit.IsOk)
        {
            return visit.Failure;
        }

        var session = (await sessions.GetAsync(sessionId, cancellationToken))!;
        var started = await StartAsync(session, visit.Value.Project.ProjectId, cancellationToken);
        return started.IsOk ? Result<IReadOnlyList<DateOnly>>.Ok(started.Value.OfferedDates) : started.Failure;
    }

    /// <summary>Free times on <paramref name="date"/>, with the session's request id (a fresh one if it has expired).</summary>
    public async Task<Result<IReadOnlyList<TimeOnly>>> SlotsAsync(string sessionId, string callerId, TicketNumber ticket, DateOnly date, CancellationToken cancellationToken)
    {
        var visit = await ChangeableAsync(sessionId, callerId, ticket, cancellationToken);
        if (!visit.IsOk)
        {
            return visit.Failure;
        }

        var session = (await sessions.GetAsync(sessionId, cancellationToken))!;
        var projectId = visit.Value.Project.ProjectId;
        for (var attempt = 0; ; attempt++)
        {
            if (session.ProjectId != projectId || session.RequestId is null)
            {
                var started = await StartAsync(session, projectId, cancellationToken);
                if (!started.IsOk)
                {
                    return started.Failure;
                }

                session = started.Value;
            }

            if (!session.OfferedDates.Contains(date))
            {
                return Failure.Conflict("no free time that day");
            }

            var slots = await scheduler.GetTimeSlotsAsync(Call(session), projectId, date, session.RequestId!, cancellationToken);
            if (slots.IsOk)
            {
                await sessions.PutAsync(session with { SlotsDate = date, OfferedSlots = slots.Value }, cancellationToken);
                return slots;
            }

            if (slots.Failure.Kind != FailureKind.Expired || attempt > 0)
            {
                return slots.Failure;
            }

            session = session with { RequestId = null };
        }
    }

    /// <summary>
    /// Books (or moves) the visit to <paramref name="date"/> at <paramref name="at"/>. The same booking asked again in
    /// the session (a retried Lambda, a model calling twice) answers with the first, without posting again.
    /// </summary>
    public async Task<Result<VisitChange>> BookAsync(string sessionId, string callerId, TicketNumber ticket, DateOnly date, TimeOnly at, CancellationToken cancellationToken)
    {
        var visit = await ChangeableAsync(sessionId, callerId, ticket, cancellationToken);
        if (!visit.IsOk)
        {
            return visit.Failure;
        }

        var session = (await sessions.GetAsync(sessionId, cancellationToken))!;
        var project = visit.Value.Project;
        var moved = visit.Value.IsBooked;
        if (session.BookedProjectId == project.ProjectId && session.BookedDate == date && session.BookedTime == at)
        {
            return new VisitChange(ticket, date, at, !flags.ConfirmSchedule, session.BookedMoved);
        }

        if (visit.Value.Date == date && visit.Value.Time == at)
        {
            // Already booked just so (an earlier attempt that timed out but went through): nothing to post.
            return await BookedAsync(session, project.ProjectId, ticket, date, at, testMode: false, moved: false, cancellationToken);
        }

        if (!flags.ConfirmSchedule)
        {
            return await BookedAsync(session, project.ProjectId, ticket, date, at, testMode: true, moved, cancellationToken);
        }

        for (var attempt = 0; ; attempt++)
        {
            if (session.ProjectId != project.ProjectId || session.RequestId is null)
            {
                var started = await StartAsync(session, project.ProjectId, cancellationToken);
                if (!started.IsOk)
                {
                    return started.Failure;
                }

                session = started.Value;
            }

            var booked = await scheduler.ScheduleAsync(Call(session), project.ProjectId, date, at, session.RequestId!, time.GetUtcNow(), cancellationToken);
            if (booked.IsOk)
            {
                return await BookedAsync(session, project.ProjectId, ticket, date, at, testMode: false, moved, cancellationToken);
            }

            if (booked.Failure.Kind == FailureKind.Expired && attempt == 0)
            {
                // The request id ran out while the caller chose: a new one, and the same slot if it is still free.
                session = session with { RequestId = null };
                continue;
            }

            if (booked.Failure.Kind == FailureKind.Unavailable)
            {
                // No answer: the booking may have gone through. The dashboard says; the POST is never sent twice.
                var after = await FindAsync(sessionId, callerId, ticket, cancellationToken);
                if (after.IsOk && after.Value.Date == date && after.Value.Time == at)
                {
                    return await BookedAsync(session, project.ProjectId, ticket, date, at, testMode: false, moved, cancellationToken);
                }
            }

            return booked.Failure;
        }
    }

    /// <summary>Cancels the ticket's visit, unless the technician is on the way or it is past.</summary>
    public async Task<Result<VisitChange>> CancelAsync(string sessionId, string callerId, TicketNumber ticket, CancellationToken cancellationToken)
    {
        var visit = await ChangeableAsync(sessionId, callerId, ticket, cancellationToken);
        if (!visit.IsOk)
        {
            return visit.Failure;
        }

        if (!visit.Value.IsBooked)
        {
            return Failure.Conflict("no visit is booked for that ticket");
        }

        if (flags.CancelSchedule)
        {
            var session = (await sessions.GetAsync(sessionId, cancellationToken))!;
            var cancelled = await scheduler.CancelAsync(Call(session), visit.Value.Project.ProjectId, cancellationToken);
            if (!cancelled.IsOk)
            {
                return cancelled.Failure;
            }
        }

        return new VisitChange(ticket, visit.Value.Date, visit.Value.Time, !flags.CancelSchedule, Moved: false);
    }

    /// <summary>A note for the technician on the ticket's visit.</summary>
    public async Task<Result<string>> AddNoteAsync(string sessionId, string callerId, TicketNumber ticket, string text, CancellationToken cancellationToken)
    {
        var visit = await FindAsync(sessionId, callerId, ticket, cancellationToken);
        if (!visit.IsOk)
        {
            return visit.Failure;
        }

        var session = (await sessions.GetAsync(sessionId, cancellationToken))!;
        return await scheduler.AddNoteAsync(Call(session), visit.Value.Project.ProjectId, text, cancellationToken);
    }

    /// <summary>The visit, if it can still be booked, moved or cancelled: not once the technician is on the way, not in the past.</summary>
    private async Task<Result<Visit>> ChangeableAsync(string sessionId, string callerId, TicketNumber ticket, CancellationToken cancellationToken)
    {
        var visit = await FindAsync(sessionId, callerId, ticket, cancellationToken);
        return !visit.IsOk ? visit
            : visit.Value.OnTheWay ? Failure.Conflict("the technician is already on the way")
            : visit.Value.Date is { } booked && booked < Today ? Failure.Conflict("that visit is in the past")
            : visit;
    }

    /// <summary>A new booking conversation for the project: its dates (working days only) and request id, kept in the session.</summary>
    private async Task<Result<VisitSession>> StartAsync(VisitSession session, string projectId, CancellationToken cancellationToken)
    {
        var dates = await scheduler.GetAvailableDatesAsync(Call(session), projectId, Today, cancellationToken);
        if (!dates.IsOk)
        {
            return dates.Failure;
        }

        var hours = await scheduler.GetBusinessHoursAsync(Call(session), cancellationToken);
        if (!hours.IsOk)
        {
            return hours.Failure;
        }

        var working = hours.Value.Where(d => d.IsWorking).Select(d => d.Day).ToHashSet();
        var offered = dates.Value.Dates.Where(d => d > Today && working.Contains(d.DayOfWeek)).Distinct().Order().Take(MaxDates).ToList();
        var started = session with { ProjectId = projectId, RequestId = dates.Value.RequestId, OfferedDates = offered, SlotsDate = null, OfferedSlots = [] };
        await sessions.PutAsync(started, cancellationToken);
        return started;
    }

    private async Task<Result<VisitChange>> BookedAsync(VisitSession session, string projectId, TicketNumber ticket, DateOnly date, TimeOnly at, bool testMode, bool moved, CancellationToken cancellationToken)
    {
        await sessions.PutAsync(session with { BookedProjectId = projectId, BookedDate = date, BookedTime = at, BookedMoved = moved, RequestId = null }, cancellationToken);
        return new VisitChange(ticket, date, at, testMode, moved);
    }

    /// <summary>The session, created with the tenant's token on first use.</summary>
    private async Task<Result<VisitSession>> SessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return Failure.Invalid("session", "a visit needs a session");
        }

        if (await sessions.GetAsync(sessionId, cancellationToken) is { } existing)
        {
            return existing;
        }

        var token = await tokens.GetTokenAsync(tenant.ClientId, cancellationToken);
        if (!token.IsOk)
        {
            return token.Failure;
        }

        var created = new VisitSession(sessionId, token.Value);
        await sessions.PutAsync(created, cancellationToken);
        return created;
    }

    private static SchedulerCall Call(VisitSession session) => new(session.Token);

    private static Visit? ToVisit(VisitProject project)
    {
        if (!TicketNumber.TryParse(project.ProjectNumber, out var ticket) || IsClosed(project.Status))
        {
            return null;
        }

        var date = project.Start is { } start ? DateOnly.FromDateTime(start) : project.ScheduledDate;
        var at = project.Start is { } s ? TimeOnly.FromDateTime(s) : (TimeOnly?)null;
        return new Visit(ticket, project, IsCancelled(project.Status) ? null : date, IsCancelled(project.Status) ? null : at, OnTheWay(project.Status));
    }

    /// <summary>
    /// A fault that needs someone's hands at the desk (a cracked screen, a dead dock, coffee in the keyboard, a printer
    /// that is jammed or broken), so the desk offers a visit once it is logged. A fault fixed remotely does not qualify.
    /// </summary>
    public static bool NeedsHands(string problem, TicketCategory category)
    {
        if (category is not (TicketCategory.Hardware or TicketCategory.Printing))
        {
            return false;
        }

        var words = Voice.CallerLexicon.Words(problem);
        return words.Any(w => HandsWords.Contains(w)) || (category == TicketCategory.Printing && words.Any(w => w is "jammed" or "jam" or "stuck"));
    }

    private static readonly HashSet<string> HandsWords = new(StringComparer.Ordinal)
    {
        "crack", "cracked", "cracks", "smashed", "shattered", "broken", "broke", "snapped", "bent", "spilled", "spilt", "spill",
        "coffee", "tea", "water", "liquid", "damaged", "damage", "dropped", "knocked", "fell", "dead", "smoke", "smoking",
        "burning", "sparking", "loose", "rattling", "grinding", "hinge",
    };

    /// <summary>The scheduler's statuses are free text; these are the ones that change what a caller may do.</summary>
    public static bool OnTheWay(string status) =>
        status.Contains("route", StringComparison.OrdinalIgnoreCase) || status.Contains("on the way", StringComparison.OrdinalIgnoreCase) || status.Contains("dispatched", StringComparison.OrdinalIgnoreCase);

    private static bool IsClosed(string status) =>
        status.Contains("complete", StringComparison.OrdinalIgnoreCase) || status.Contains("closed", StringComparison.OrdinalIgnoreCase);

    private static bool IsCancelled(string status) => status.Contains("cancel", StringComparison.OrdinalIgnoreCase);
}
