using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Testing;

namespace ServiceDesk.Core.Tests.Tickets;

public sealed class OutageLinkingTests
{
    private readonly ManualClock _time = new();
    private readonly InMemoryTicketStore _store = new();
    private readonly TicketDesk _desk;

    public OutageLinkingTests() => _desk = new TicketDesk(_store, _time, new LexicalSimilarity());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Ticket> ReportAsync(string caller, string description, TicketImpact impact = TicketImpact.Team, string? key = null) =>
        (await _desk.CreateAsync(new NewTicket(caller, description, Priority: TicketPriority.P3, Category: TicketCategory.Network, Impact: impact, IdempotencyKey: key), Ct)).Value!;

    [Fact]
    public async Task LaterCallers_AreLinkedToTheFirstReport_WhichCountsThemAndRisesInImpactAndPriority()
    {
        var first = await ReportAsync("emp-1", "The wifi on the third floor is down, nobody can get online", TicketImpact.Individual);
        var linked = new List<Ticket>();
        for (var i = 2; i <= 5; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(5));
            linked.Add(await ReportAsync($"emp-{i}", "wifi down on the third floor, can't get online"));
        }

        var parent = (await _desk.GetAsync(first.Number, Ct)).Value!;

        Assert.All(linked, t => Assert.Equal(first.Number, t.Parent));
        Assert.Equal(5, parent.AffectedCallers);
        Assert.Equal(TicketImpact.Organization, parent.Impact);
        Assert.Equal(TicketPriority.P2, parent.Priority);
        // It waits for the escalation sweep from when it became P2.
        Assert.Equal(_time.GetUtcNow(), parent.WaitingSince);
        var history = (await _desk.HistoryAsync(first.Number, Ct)).Value!;
        Assert.Equal(linked.Select(t => t.Number.ToString()), history.Where(e => e.Kind == TicketEventKind.LinkedDuplicate).Select(e => e.To));
        Assert.Contains(history, e => e.Kind == TicketEventKind.PriorityChanged && e.From == "P3" && e.To == "P2" && e.Actor == TicketDesk.OutageLinker);
        Assert.Single((await _desk.HistoryAsync(linked[0].Number, Ct)).Value!, e => e.Kind == TicketEventKind.LinkedDuplicate && e.To == first.Number.ToString());
    }

    [Fact]
    public async Task AReportIsNeverLinkedToTheSameCallers_OrToADifferentProblem_OrAfterTheWindow()
    {
        var wifi = await ReportAsync("emp-1", "The wifi on the third floor is down, nobody can get online");
        var own = await ReportAsync("emp-1", "wifi down on the third floor, can't get online");
        var printer = await ReportAsync("emp-2", "The printer on the third floor is jammed for everyone");
        _time.Advance(TimeSpan.FromHours(3));
        var late = await ReportAsync("emp-3", "wifi down on the third floor, can't get online");

        Assert.Null(own.Parent);
        Assert.Null(printer.Parent);
        Assert.Null(late.Parent);
        Assert.Equal(1, (await _desk.GetAsync(wifi.Number, Ct)).Value!.AffectedCallers);
    }

    [Fact]
    public async Task TwoPeoplesOwnLaptops_AreTwoProblems_NotAnOutage()
    {
        await _desk.CreateAsync(new NewTicket("emp-1", "My laptop fan is very loud", Category: TicketCategory.Hardware), Ct);
        var second = await _desk.CreateAsync(new NewTicket("emp-2", "My laptop fan is very loud", Category: TicketCategory.Hardware), Ct);

        Assert.Null(second.Value!.Parent);
    }

    [Fact]
    public async Task ARepeatedCreate_ReturnsTheLinkedTicket_WithoutCountingTheCallerTwice()
    {
        var first = await ReportAsync("emp-1", "The wifi on the third floor is down, nobody can get online");
        var child = await ReportAsync("emp-2", "wifi down on the third floor, can't get online", key: "call-7");

        var again = await ReportAsync("emp-2", "wifi down on the third floor, can't get online", key: "call-7");

        Assert.Equal((child.Number, first.Number), (again.Number, again.Parent));
        Assert.Equal(2, (await _desk.GetAsync(first.Number, Ct)).Value!.AffectedCallers);
    }

    [Fact]
    public async Task WhenTheSimilarityServiceFails_TheReportIsATicketOfItsOwn()
    {
        var desk = new TicketDesk(_store, _time, new FailingSimilarity());
        await desk.CreateAsync(new NewTicket("emp-1", "wifi down on the third floor", Impact: TicketImpact.Team), Ct);

        var second = await desk.CreateAsync(new NewTicket("emp-2", "wifi down on the third floor", Impact: TicketImpact.Team), Ct);

        Assert.True(second.IsOk);
        Assert.Null(second.Value.Parent);
    }

    private sealed class FailingSimilarity : ITicketSimilarity
    {
        public Task<Result<IReadOnlyList<double>>> ScoreAsync(string description, IReadOnlyList<string> candidates, CancellationToken cancellationToken) =>
            Task.FromResult<Result<IReadOnlyList<double>>>(Failure.Unavailable());
    }
}
