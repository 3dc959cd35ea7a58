using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.IntegrationTests.Storage;

/// <summary>
/// What each persistence-only store keeps under the ticket service: the backend contract, plus history written with every
/// change (and only then), changes over a stale revision refused, and the waiting index the escalation sweep reads.
/// </summary>
public abstract class TicketStoreContract : TicketBackendContract
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store over the test's one database or table: every store made in a test sees the same tickets.</summary>
    protected abstract ITicketStore CreateStore();

    protected sealed override ITicketBackend CreateSut() => Desk();

    protected TicketDesk Desk() => new(CreateStore(), Time);

    [Fact]
    public Task Analytics_FromTheCountersKeptOnWrite_AgreeWithTheTickets() => TicketAnalyticsCheck.RunAsync(CreateStore, Time);

    [Fact]
    public async Task History_RecordsEveryChangeWithWhoAndWhen_InOrder()
    {
        var desk = Desk();
        var ticket = (await desk.CreateAsync(new NewTicket("emp-1001", "Laptop will not boot", Priority: TicketPriority.P3), Ct)).Value!;
        var created = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromMinutes(1));
        await desk.AddCommentAsync(ticket.Number, new NewComment("emp-1001", "it beeps three times"), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await desk.AddCommentAsync(ticket.Number, new NewComment("tech-7", "ordered a new board"), Ct);
        await desk.ChangeAsync(ticket.Number, new TicketChange(TicketStatus.InProgress, TicketPriority.P2), TicketActor.Agent("tech-7"), Ct);
        await desk.UpdateStatusAsync(ticket.Number, TicketStatus.Resolved, Ct);

        var history = (await desk.HistoryAsync(ticket.Number, Ct)).Value!;

        Assert.Equal(
            [
                new TicketEvent(TicketEventKind.Created, TicketActor.Caller("emp-1001"), created, To: "P3"),
                new TicketEvent(TicketEventKind.Commented, TicketActor.Caller("emp-1001"), created.AddMinutes(1)),
                new TicketEvent(TicketEventKind.Commented, TicketActor.Agent("tech-7"), created.AddMinutes(2)),
                new TicketEvent(TicketEventKind.StatusChanged, TicketActor.Agent("tech-7"), created.AddMinutes(2), "New", "InProgress"),
                new TicketEvent(TicketEventKind.PriorityChanged, TicketActor.Agent("tech-7"), created.AddMinutes(2), "P3", "P2"),
                new TicketEvent(TicketEventKind.StatusChanged, TicketDesk.ApiClient, created.AddMinutes(2), "InProgress", "Resolved"),
            ],
            history);
    }

    [Fact]
    public async Task History_GetsNoEventForWhatDidNotChange()
    {
        var desk = Desk();
        var ticket = (await desk.CreateAsync(new NewTicket("emp-1001", "Printer offline", IdempotencyKey: "hist-" + Guid.NewGuid().ToString("N")), Ct)).Value!;
        await desk.CreateAsync(new NewTicket("emp-1001", "Printer offline", IdempotencyKey: ticket.IdempotencyKey), Ct);
        await desk.UpdateStatusAsync(ticket.Number, TicketStatus.Closed, Ct);

        var again = await desk.UpdateStatusAsync(ticket.Number, TicketStatus.Closed, Ct);
        var refused = await desk.UpdateStatusAsync(ticket.Number, TicketStatus.InProgress, Ct);
        var invalid = await desk.AddCommentAsync(ticket.Number, new NewComment("emp-1001", ""), Ct);

        Assert.True(again.IsOk);
        Assert.Equal(FailureKind.Conflict, refused.Failure?.Kind);
        Assert.Equal(FailureKind.Invalid, invalid.Failure?.Kind);
        Assert.Equal([TicketEventKind.Created, TicketEventKind.StatusChanged], (await desk.HistoryAsync(ticket.Number, Ct)).Value!.Select(e => e.Kind));
    }

    [Fact]
    public async Task History_WhenUnknownTicket_ReturnsNotFound() =>
        Assert.Equal(FailureKind.NotFound, (await Desk().HistoryAsync(TicketNumber.FromSequence(9_999_995), Ct)).Failure?.Kind);

    [Fact]
    public async Task History_KeepsOneEventPerConcurrentChange()
    {
        var desk = Desk();
        var ticket = (await desk.CreateAsync(new NewTicket("emp-1001", "Email not syncing"), Ct)).Value!;

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => desk.AddCommentAsync(ticket.Number, new NewComment("emp-1001", $"note {i}"), Ct))));
        var history = (await desk.HistoryAsync(ticket.Number, Ct)).Value!;

        Assert.Equal(30, history.Count(e => e.Kind == TicketEventKind.Commented));
        Assert.Equal(30, (await desk.GetAsync(ticket.Number, Ct)).Value!.Comments.Count);
    }

    [Fact]
    public async Task Update_OverAStaleRevision_WritesNeitherTheChangeNorItsEvent()
    {
        var store = CreateStore();
        var desk = new TicketDesk(store, Time);
        var seen = (await desk.CreateAsync(new NewTicket("emp-1001", "Monitor flickers"), Ct)).Value!;
        await desk.UpdateStatusAsync(seen.Number, TicketStatus.InProgress, Ct);

        var stale = await store.UpdateAsync(seen, seen with { Status = TicketStatus.Closed, Revision = seen.Revision + 1 },
            [new TicketEvent(TicketEventKind.StatusChanged, TicketActor.Agent("late"), Time.GetUtcNow(), "New", "Closed")], Ct);

        Assert.Equal(FailureKind.Conflict, stale.Failure?.Kind);
        Assert.Equal(TicketStatus.InProgress, (await desk.GetAsync(seen.Number, Ct)).Value!.Status);
        Assert.DoesNotContain((await desk.HistoryAsync(seen.Number, Ct)).Value!, e => e.Actor.Id == "late");
    }

    [Fact]
    public async Task Waiting_HoldsNewP1AndP2TicketsOnly_UntilPickedUp()
    {
        var desk = Desk();
        var critical = (await desk.CreateAsync(new NewTicket("emp-1001", "Payroll system down", Priority: TicketPriority.P1), Ct)).Value!;
        var high = (await desk.CreateAsync(new NewTicket("emp-1001", "VPN down for sales", Priority: TicketPriority.P2), Ct)).Value!;
        var low = (await desk.CreateAsync(new NewTicket("emp-1001", "Mouse squeaks", Priority: TicketPriority.P4), Ct)).Value!;
        var picked = (await desk.CreateAsync(new NewTicket("emp-1001", "Server room hot", Priority: TicketPriority.P1), Ct)).Value!;
        await desk.UpdateStatusAsync(picked.Number, TicketStatus.InProgress, Ct);
        Time.Advance(TimeSpan.FromHours(2));

        var p1 = (await desk.ListWaitingAsync(TicketPriority.P1, Time.GetUtcNow(), 50, Ct)).Value!;
        var p2 = (await desk.ListWaitingAsync(TicketPriority.P2, Time.GetUtcNow(), 50, Ct)).Value!;
        var notYet = (await desk.ListWaitingAsync(TicketPriority.P1, critical.CreatedAt.AddTicks(-1), 50, Ct)).Value!;

        Assert.Equal([critical.Number], p1.Select(t => t.Number));
        Assert.Equal([high.Number], p2.Select(t => t.Number));
        Assert.Empty(notYet);
        Assert.Null(low.WaitingSince);
        Assert.Null((await desk.GetAsync(picked.Number, Ct)).Value!.WaitingSince);
    }

    [Fact]
    public async Task OpenSince_ListsEveryCallersOpenTicketsOfTheWindow_NewestFirst()
    {
        var desk = Desk();
        await desk.CreateAsync(new NewTicket("emp-1001", "Before the window"), Ct);
        Time.Advance(TimeSpan.FromHours(3));
        var since = Time.GetUtcNow();
        var first = (await desk.CreateAsync(new NewTicket("emp-1002", "In the window"), Ct)).Value!;
        Time.Advance(TimeSpan.FromMinutes(1));
        var closed = (await desk.CreateAsync(new NewTicket("emp-1003", "Closed in the window"), Ct)).Value!;
        await desk.UpdateStatusAsync(closed.Number, TicketStatus.Closed, Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        var last = (await desk.CreateAsync(new NewTicket("emp-1001", "Also in the window"), Ct)).Value!;

        var open = await CreateStore().ListOpenSinceAsync(since, 10, Ct);
        var one = await CreateStore().ListOpenSinceAsync(since, 1, Ct);

        Assert.Equal([last.Number, first.Number], open.Value!.Select(t => t.Number));
        Assert.Equal([last.Number], one.Value!.Select(t => t.Number));
    }

    [Fact]
    public async Task Parent_AndAffectedCallers_RoundTrip()
    {
        var desk = new TicketDesk(CreateStore(), Time, new LexicalSimilarity());
        var parent = (await desk.CreateAsync(new NewTicket("emp-1001", "VPN down for the whole sales team", Impact: TicketImpact.Team), Ct)).Value!;
        var child = (await desk.CreateAsync(new NewTicket("emp-1002", "VPN down for the whole sales team", Impact: TicketImpact.Team), Ct)).Value!;

        Assert.Equal(parent.Number, (await desk.GetAsync(child.Number, Ct)).Value!.Parent);
        Assert.Equal(2, (await desk.GetAsync(parent.Number, Ct)).Value!.AffectedCallers);
    }

    [Fact]
    public async Task Escalate_FromTheSameRead_TwiceOverlapping_EscalatesOnce()
    {
        var desk = Desk();
        var ticket = (await desk.CreateAsync(new NewTicket("emp-1001", "Trading floor has no network", Priority: TicketPriority.P1), Ct)).Value!;
        Time.Advance(TimeSpan.FromMinutes(61));
        var seenByBoth = (await desk.ListWaitingAsync(TicketPriority.P1, Time.GetUtcNow(), 10, Ct)).Value!.Single();

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => desk.EscalateAsync(seenByBoth, waitAgain: true, TicketActor.System("escalation-sweep"), Ct))));

        Assert.Single(results, r => r.IsOk);
        Assert.Single(results, r => r.Failure?.Kind == FailureKind.Conflict);
        var escalated = (await desk.GetAsync(ticket.Number, Ct)).Value!;
        Assert.Equal(1, escalated.EscalationLevel);
        Assert.Equal(Time.GetUtcNow(), escalated.WaitingSince);
        Assert.Single((await desk.HistoryAsync(ticket.Number, Ct)).Value!, e => e.Kind == TicketEventKind.Escalated && e.From == "0" && e.To == "1");
        Assert.Empty((await desk.ListWaitingAsync(TicketPriority.P1, Time.GetUtcNow().AddTicks(-1), 10, Ct)).Value!);
    }
}
