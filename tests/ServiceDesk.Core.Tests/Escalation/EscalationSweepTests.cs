using ServiceDesk.Core;
using ServiceDesk.Core.Escalation;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Testing;

namespace ServiceDesk.Core.Tests.Escalation;

public sealed class EscalationSweepTests
{
    private readonly ManualClock _time = new();
    private readonly InMemoryTicketStore _store = new();
    private readonly RecordingNotifier _notifier = new();
    private readonly TicketDesk _desk;

    public EscalationSweepTests() => _desk = new TicketDesk(_store, _time);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EscalationSweep CreateSut(EscalationPolicy? policy = null, IEscalationNotifier? notifier = null) =>
        new(_desk, notifier ?? _notifier, policy ?? new EscalationPolicy(), _time);

    private DateTimeOffset Deadline => _time.GetUtcNow().AddMinutes(1);

    private async Task<Ticket> OpenAsync(TicketPriority priority, string description = "Payroll is down for everyone") =>
        (await _desk.CreateAsync(new NewTicket("emp-1001", description, Priority: priority, Category: TicketCategory.Software, Impact: TicketImpact.Organization), Ct)).Value!;

    [Fact]
    public async Task Sweep_EscalatesAP1NobodyPickedUp_AfterAnHourAndNotBefore()
    {
        var ticket = await OpenAsync(TicketPriority.P1);
        _time.Advance(TimeSpan.FromMinutes(59));

        var early = await CreateSut().RunAsync(Deadline, Ct);
        _time.Advance(TimeSpan.FromMinutes(2));
        var due = await CreateSut().RunAsync(Deadline, Ct);

        Assert.Equal(0, early.Escalated);
        Assert.Equal((1, 1, false), (due.Escalated, due.Notified, due.More));
        var escalated = (await _desk.GetAsync(ticket.Number, Ct)).Value!;
        Assert.Equal(1, escalated.EscalationLevel);
        Assert.Equal(TicketStatus.New, escalated.Status);
        var e = Assert.Single((await _desk.HistoryAsync(ticket.Number, Ct)).Value!, e => e.Kind == TicketEventKind.Escalated);
        Assert.Equal(EscalationSweep.Actor, e.Actor);
        Assert.Equal(_time.GetUtcNow(), e.At);
    }

    [Fact]
    public async Task Sweep_UsesEachPrioritysThreshold_AndLeavesP3P4AndPickedUpTicketsAlone()
    {
        var p2 = await OpenAsync(TicketPriority.P2);
        await OpenAsync(TicketPriority.P3);
        await OpenAsync(TicketPriority.P4);
        var picked = await OpenAsync(TicketPriority.P1);
        await _desk.UpdateStatusAsync(picked.Number, TicketStatus.InProgress, Ct);
        _time.Advance(TimeSpan.FromHours(3));

        Assert.Equal(0, (await CreateSut().RunAsync(Deadline, Ct)).Escalated);
        _time.Advance(TimeSpan.FromHours(1));
        var report = await CreateSut().RunAsync(Deadline, Ct);

        Assert.Equal(1, report.Escalated);
        Assert.Equal([p2.Number], _notifier.Notices.Select(n => n.Number));
    }

    [Fact]
    public async Task Sweep_EscalatesAgainAfterEachThreshold_UpToTheTopLevel_ThenLeavesTheIndex()
    {
        var ticket = await OpenAsync(TicketPriority.P1);
        var levels = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(61));
            await CreateSut(new EscalationPolicy { MaxLevel = 3 }).RunAsync(Deadline, Ct);
            levels.Add((await _desk.GetAsync(ticket.Number, Ct)).Value!.EscalationLevel);
        }

        Assert.Equal([1, 2, 3, 3, 3], levels);
        Assert.Null((await _desk.GetAsync(ticket.Number, Ct)).Value!.WaitingSince);
        Assert.Equal([1, 2, 3], _notifier.Notices.Select(n => n.Level));
    }

    [Fact]
    public async Task TwoOverlappingSweeps_EscalateEachTicketOnce()
    {
        for (var i = 0; i < 20; i++)
        {
            await OpenAsync(TicketPriority.P1, $"Outage {i}");
        }

        _time.Advance(TimeSpan.FromMinutes(90));
        // Both sweeps read the same page before either writes: the notifier holds the first one until the second has read.
        var gate = new GateNotifier(_notifier);
        var first = Task.Run(() => CreateSut(notifier: gate).RunAsync(Deadline, Ct));
        await gate.FirstNoticeArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var second = await CreateSut().RunAsync(Deadline, Ct);
        gate.Release.SetResult();
        var firstReport = await first;

        Assert.Equal(20, firstReport.Escalated + second.Escalated);
        Assert.Equal(20, _notifier.Notices.Count);
        Assert.Equal(20, _notifier.Notices.Select(n => n.Number).Distinct().Count());
        Assert.All(_store.All, t => Assert.Equal(1, t.EscalationLevel));
    }

    [Fact]
    public async Task ASweepFromAStaleRead_SkipsWhatAnotherSweepEscalated()
    {
        var ticket = await OpenAsync(TicketPriority.P1);
        _time.Advance(TimeSpan.FromMinutes(61));
        var stale = (await _desk.ListWaitingAsync(TicketPriority.P1, _time.GetUtcNow(), 10, Ct)).Value!.Single();
        await CreateSut().RunAsync(Deadline, Ct);

        var late = await _desk.EscalateAsync(stale, waitAgain: true, EscalationSweep.Actor, Ct);

        Assert.Equal(FailureKind.Conflict, late.Failure?.Kind);
        Assert.Equal(1, (await _desk.GetAsync(ticket.Number, Ct)).Value!.EscalationLevel);
    }

    [Fact]
    public async Task Sweep_StopsBeforeItsDeadline_AndTheNextOneContinuesWhereItStopped()
    {
        for (var i = 0; i < 10; i++)
        {
            await OpenAsync(TicketPriority.P1, $"Outage {i}");
        }

        _time.Advance(TimeSpan.FromMinutes(61));
        // Each notice takes a second of the fake clock; the sweep has 5 s, 3 of them kept back.
        var slow = new SlowNotifier(_notifier, _time, TimeSpan.FromSeconds(1));
        var cut = await CreateSut(notifier: slow).RunAsync(_time.GetUtcNow().AddSeconds(5), Ct);
        var rest = await CreateSut().RunAsync(Deadline, Ct);

        Assert.True(cut.More);
        Assert.Equal(2, cut.Escalated);
        Assert.Equal((8, false), (rest.Escalated, rest.More));
        Assert.Equal(10, _notifier.Notices.Select(n => n.Number).Distinct().Count());
    }

    [Fact]
    public async Task Sweep_WhenTheStoreIsDown_StopsAndSaysSo()
    {
        var backend = new InMemoryTicketBackend(_time);
        await backend.CreateAsync(new NewTicket("emp-1001", "Outage", Priority: TicketPriority.P1), Ct);
        _time.Advance(TimeSpan.FromHours(2));
        backend.FailWith = FailureKind.Unavailable;

        var report = await new EscalationSweep(backend, _notifier, new EscalationPolicy(), _time).RunAsync(Deadline, Ct);

        Assert.Equal(FailureKind.Unavailable, report.Failure?.Kind);
        Assert.True(report.More);
        Assert.Empty(_notifier.Notices);
    }

    [Fact]
    public async Task AFailedNotice_KeepsTheEscalation_AndIsCountedAsNotSent()
    {
        await OpenAsync(TicketPriority.P1);
        _time.Advance(TimeSpan.FromHours(2));

        var report = await CreateSut(notifier: new FailingNotifier()).RunAsync(Deadline, Ct);

        Assert.Equal((1, 0), (report.Escalated, report.Notified));
        Assert.Equal(1, _store.All.Single().EscalationLevel);
    }

    [Fact]
    public async Task Notice_CarriesNoCallerDataOrWords()
    {
        await _desk.CreateAsync(new NewTicket("emp-1001", "Ada Lovelace here, my number is +14155550100 and payroll is down", Priority: TicketPriority.P1), Ct);
        _time.Advance(TimeSpan.FromMinutes(75));

        await CreateSut().RunAsync(Deadline, Ct);

        var notice = Assert.Single(_notifier.Notices);
        foreach (var text in new[] { notice.Message, notice.Subject })
        {
            Assert.DoesNotContain("emp-1001", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Ada", text, StringComparison.Ordinal);
            Assert.DoesNotContain("4155550100", text, StringComparison.Ordinal);
            Assert.DoesNotContain("payroll", text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("75 minutes", notice.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TicketPriority.P3, 60, 3)]
    [InlineData(TicketPriority.P1, 0, 3)]
    [InlineData(TicketPriority.P1, 60, 0)]
    public void Policy_RefusesThresholdsForOtherPrioritiesOrOutOfRange(TicketPriority priority, int minutes, int maxLevel) =>
        Assert.Throws<InvalidOperationException>(() => new EscalationPolicy { After = new Dictionary<TicketPriority, TimeSpan> { [priority] = TimeSpan.FromMinutes(minutes) }, MaxLevel = maxLevel }.Validate());

    internal sealed class RecordingNotifier : IEscalationNotifier
    {
        private readonly Lock _gate = new();
        private readonly List<EscalationNotice> _notices = [];

        public IReadOnlyList<EscalationNotice> Notices
        {
            get
            {
                lock (_gate)
                {
                    return [.. _notices];
                }
            }
        }

        public Task<Result<bool>> NotifyAsync(EscalationNotice notice, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                _notices.Add(notice);
            }

            return Task.FromResult(Result<bool>.Ok(true));
        }
    }

    private sealed class GateNotifier(IEscalationNotifier inner) : IEscalationNotifier
    {
        public TaskCompletionSource FirstNoticeArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<Result<bool>> NotifyAsync(EscalationNotice notice, CancellationToken cancellationToken)
        {
            FirstNoticeArrived.TrySetResult();
            await Release.Task;
            return await inner.NotifyAsync(notice, cancellationToken);
        }
    }

    private sealed class SlowNotifier(IEscalationNotifier inner, ManualClock time, TimeSpan each) : IEscalationNotifier
    {
        public Task<Result<bool>> NotifyAsync(EscalationNotice notice, CancellationToken cancellationToken)
        {
            time.Advance(each);
            return inner.NotifyAsync(notice, cancellationToken);
        }
    }

    private sealed class FailingNotifier : IEscalationNotifier
    {
        public Task<Result<bool>> NotifyAsync(EscalationNotice notice, CancellationToken cancellationToken) => Task.FromResult<Result<bool>>(Failure.Unavailable());
    }
}
