using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Visits;
using ServiceDesk.Local.Scheduling;
using ServiceDesk.Local.Storage;
using ServiceDesk.Testing;

namespace ServiceDesk.Local.Tests.Scheduling;

/// <summary>VisitDesk over the in-process scheduler and the SQLite session store: the desk's rules end to end.</summary>
public sealed class LocalSchedulerTests : IDisposable
{
    // Monday 2 November 2026, 09:30: the full day is Wednesday the 4th (the second working day after today).
    private readonly ManualClock _clock = new();
    private readonly LocalComposition _local;

    public LocalSchedulerTests() => _local = LocalComposition.InMemory(new LocalOptions { Time = _clock });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private LocalScheduler Scheduler => _local.Scheduler!;
    private static readonly DateOnly Tuesday = new(2026, 11, 3);
    private static readonly TimeOnly Nine = new(9, 0);

    public void Dispose() => _local.Dispose();

    private async Task<TicketNumber> TicketAsync(string caller = "emp-1001") =>
        (await _local.Tickets.CreateAsync(new NewTicket(caller, "Cracked laptop screen", Category: TicketCategory.Hardware), Ct)).Value!.Number;

    [Fact]
    public async Task Dates_AreWorkingDaysAfterToday_WithoutTheFullDay()
    {
        var ticket = await TicketAsync();

        var dates = (await _local.Visits.DatesAsync("s1", "emp-1001", ticket, Ct)).Value!;

        Assert.Equal(Tuesday, dates[0]);
        Assert.DoesNotContain(new DateOnly(2026, 11, 4), dates);
        Assert.All(dates, d => Assert.True(d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
        Assert.Equal(LocalScheduler.DaysOffered - 1, dates.Count);
    }

    [Fact]
    public async Task Book_ThenTheSameBookingRetried_ByAFreshContainer_PostsOnce()
    {
        var ticket = await TicketAsync();
        await _local.Visits.DatesAsync("s1", "emp-1001", ticket, Ct);
        await _local.Visits.SlotsAsync("s1", "emp-1001", ticket, Tuesday, Ct);

        var first = await _local.Visits.BookAsync("s1", "emp-1001", ticket, Tuesday, Nine, Ct);
        // A retried Lambda invocation is a new desk over the same session store.
        var again = await Retried().BookAsync("s1", "emp-1001", ticket, Tuesday, Nine, Ct);

        Assert.True(first.IsOk && again.IsOk);
        Assert.Equal(1, Scheduler.Booked);
        var visit = (await _local.Visits.FindAsync("s1", "emp-1001", ticket, Ct)).Value!;
        Assert.Equal((Tuesday, Nine), (visit.Date, visit.Time));
    }

    [Fact]
    public async Task Book_AVisitAlreadyBooked_MovesIt_AndFreesTheOldSlot()
    {
        var ticket = await TicketAsync();
        Scheduler.GiveVisit("emp-1001", ticket, Tuesday.ToDateTime(Nine));
        var friday = new DateOnly(2026, 11, 6);
        await _local.Visits.SlotsAsync("s1", "emp-1001", ticket, friday, Ct);

        var moved = (await _local.Visits.BookAsync("s1", "emp-1001", ticket, friday, new TimeOnly(14, 0), Ct)).Value!;

        Assert.True(moved.Moved);
        var other = await TicketAsync("emp-1002");
        Assert.Contains(Nine, (await _local.Visits.SlotsAsync("s2", "emp-1002", other, Tuesday, Ct)).Value!);
    }

    [Fact]
    public async Task SomeoneElsesTicket_IsNotFound()
    {
        var grace = await TicketAsync("emp-1002");

        var dates = await _local.Visits.DatesAsync("s1", "emp-1001", grace, Ct);

        Assert.Equal(FailureKind.NotFound, dates.Failure!.Kind);
    }

    [Fact]
    public async Task ExpiredRequestId_IsReplacedOnce_AndTheBookingGoesThrough()
    {
        var ticket = await TicketAsync();
        await _local.Visits.SlotsAsync("s1", "emp-1001", ticket, Tuesday, Ct);
        Scheduler.ExpireNextRequestId();

        var booked = await _local.Visits.BookAsync("s1", "emp-1001", ticket, Tuesday, Nine, Ct);

        Assert.True(booked.IsOk, booked.Failure?.Reason);
        Assert.Equal(1, Scheduler.Booked);
    }

    [Fact]
    public async Task RequestId_ExpiresAfterTenMinutes_AndBelongsToItsProject()
    {
        var ticket = await TicketAsync();
        var project = (await _local.Visits.FindAsync("s1", "emp-1001", ticket, Ct)).Value!.Project.ProjectId;
        var call = new SchedulerCall("t");
        var issued = (await Scheduler.GetAvailableDatesAsync(call, project, new DateOnly(2026, 11, 2), Ct)).Value!;
        var other = (await _local.Visits.FindAsync("s2", "emp-1002", await TicketAsync("emp-1002"), Ct)).Value!.Project.ProjectId;

        var wrongProject = await Scheduler.GetTimeSlotsAsync(call, other, Tuesday, issued.RequestId, Ct);
        _clock.Advance(LocalScheduler.RequestIdLifetime);
        var late = await Scheduler.GetTimeSlotsAsync(call, project, Tuesday, issued.RequestId, Ct);

        Assert.Equal(FailureKind.Invalid, wrongProject.Failure!.Kind);
        Assert.Equal(FailureKind.Expired, late.Failure!.Kind);
    }

    [Fact]
    public async Task SlotTakenBetweenOfferAndConfirm_IsAConflict_AndNothingIsBooked()
    {
        var ticket = await TicketAsync();
        await _local.Visits.SlotsAsync("s1", "emp-1001", ticket, Tuesday, Ct);
        Scheduler.TakeNextBooking();

        var booked = await _local.Visits.BookAsync("s1", "emp-1001", ticket, Tuesday, Nine, Ct);

        Assert.Equal(FailureKind.Conflict, booked.Failure!.Kind);
        Assert.Equal(0, Scheduler.Booked);
        Assert.DoesNotContain(Nine, (await _local.Visits.SlotsAsync("s1", "emp-1001", ticket, Tuesday, Ct)).Value!);
    }

    [Fact]
    public async Task TechnicianOnTheWay_CannotBeMovedOrCancelled()
    {
        var ticket = await TicketAsync();
        Scheduler.GiveVisit("emp-1001", ticket, new DateTime(2026, 11, 2, 11, 0, 0), enRoute: true);

        var cancel = await _local.Visits.CancelAsync("s1", "emp-1001", ticket, Ct);
        var move = await _local.Visits.DatesAsync("s1", "emp-1001", ticket, Ct);

        Assert.Equal("the technician is already on the way", cancel.Failure!.Reason);
        Assert.Equal(FailureKind.Conflict, move.Failure!.Kind);
        Assert.Equal(0, Scheduler.Cancelled);
    }

    [Fact]
    public async Task Cancel_FreesTheVisit_AndTestModeChangesNothing()
    {
        var ticket = await TicketAsync();
        Scheduler.GiveVisit("emp-1001", ticket, Tuesday.ToDateTime(Nine));
        var testMode = Retried(VisitFlags.TestMode);

        var pretend = (await testMode.CancelAsync("s1", "emp-1001", ticket, Ct)).Value!;
        var stillBooked = (await _local.Visits.FindAsync("s1", "emp-1001", ticket, Ct)).Value!;
        var real = (await _local.Visits.CancelAsync("s1", "emp-1001", ticket, Ct)).Value!;

        Assert.True(pretend.TestMode);
        Assert.True(stillBooked.IsBooked);
        Assert.False(real.TestMode);
        Assert.Equal(1, Scheduler.Cancelled);
        Assert.False((await _local.Visits.FindAsync("s1", "emp-1001", ticket, Ct)).Value!.IsBooked);
    }

    [Fact]
    public async Task SchedulerDown_IsUnavailable()
    {
        var ticket = await TicketAsync();
        Scheduler.Down = true;

        Assert.Equal(FailureKind.Unavailable, (await _local.Visits.DatesAsync("s1", "emp-1001", ticket, Ct)).Failure!.Kind);
    }

    [Fact]
    public async Task AWrongToken_IsRefused()
    {
        using var database = SqliteDatabase.InMemory();
        var scheduler = new LocalScheduler(database, _clock, token: "right");

        var refused = await scheduler.GetBusinessHoursAsync(new SchedulerCall("wrong"), Ct);

        Assert.Equal(FailureKind.Refused, refused.Failure!.Kind);
        Assert.True((await scheduler.GetBusinessHoursAsync(new SchedulerCall("right"), Ct)).IsOk);
    }

    [Fact]
    public async Task Session_IsGoneAfterItsTimeToLive()
    {
        using var database = SqliteDatabase.InMemory();
        var store = new SqliteVisitSessionStore(database, _clock);
        await store.PutAsync(new VisitSession("s1", "token") { RequestId = "r1", OfferedDates = [Tuesday] }, Ct);

        var kept = await store.GetAsync("s1", Ct);
        _clock.Advance(IVisitSessionStore.TimeToLive);

        Assert.Equal("r1", kept!.RequestId);
        Assert.Equal([Tuesday], kept.OfferedDates);
        Assert.Null(await store.GetAsync("s1", Ct));
    }

    private VisitDesk Retried(VisitFlags? flags = null) =>
        new(Scheduler, _local.VisitSessions, new ConfiguredSchedulerTokens("local", "t"), new SchedulerTenant("local", new Uri("http://localhost/")), flags ?? VisitFlags.Live, _clock);
}
