using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Visits;
using ServiceDesk.Local.Agent;
using ServiceDesk.Testing;

namespace ServiceDesk.Local.Tests.Agent;

/// <summary>
/// The offline agent arranging technician visits through the visit tools, as <c>servicedesk call</c> builds it: the
/// in-process scheduler, the SQLite session store. Monday 2 November 2026: Tuesday the 3rd is the first date offered.
/// </summary>
public sealed class OfflineAgentVisitTests : IDisposable
{
    private static readonly CallerIdentity Ada = new("emp-1001", "Ada", "+14155550100", VerifiedBy.Phone);
    private readonly ManualClock _clock = new();
    private LocalComposition _local;

    public OfflineAgentVisitTests() => _local = LocalComposition.InMemory(new LocalOptions { Time = _clock });

    public void Dispose() => _local.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<TicketNumber> TicketAsync(string caller = "emp-1001") =>
        (await _local.Tickets.CreateAsync(new NewTicket(caller, "Cracked laptop screen", Category: TicketCategory.Hardware), Ct)).Value!.Number;

    private Task<AgentReply> Ask(string text, IAgentGateway? agent = null) =>
        (agent ?? _local.Services.Agent).AskAsync(new AgentTurn("session-1", Ada, text, TimeSpan.FromSeconds(6)), Ct);

    [Fact]
    public async Task AskingForAVisit_ReadsTheFirstFreeDates()
    {
        var ticket = await TicketAsync();

        var reply = await Ask($"can a technician come out for ticket {ticket}");

        Assert.Equal(AgentOutcome.Answered, reply.Outcome);
        Assert.Contains("Tuesday the 3rd of November", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Wednesday the 4th", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADayAndTime_BooksTheVisit()
    {
        var ticket = await TicketAsync();

        var reply = await Ask($"please book the technician visit for {ticket} on Tuesday at 9");

        Assert.StartsWith("Booked", reply.Text, StringComparison.Ordinal);
        Assert.Contains("9 in the morning", reply.Text, StringComparison.Ordinal);
        Assert.Equal(1, _local.Scheduler!.Booked);
        Assert.Equal(new DateTime(2026, 11, 3, 9, 0, 0), _local.Scheduler.LastBooked);
    }

    [Fact]
    public async Task InTestMode_TheCallerHearsNothingWasBooked()
    {
        _local.Dispose();
        _local = LocalComposition.InMemory(new LocalOptions { Time = _clock, VisitFlags = VisitFlags.TestMode });
        var ticket = await TicketAsync();

        var reply = await Ask($"book the technician for {ticket} on Tuesday at 9");

        Assert.Contains("test mode", reply.Text, StringComparison.Ordinal);
        Assert.Contains("nothing was booked", reply.Text, StringComparison.Ordinal);
        Assert.Equal(0, _local.Scheduler!.Booked);
    }

    [Fact]
    public async Task Cancelling_TheCallersOnlyVisit_NeedsNoTicketNumber()
    {
        var ticket = await TicketAsync();
        _local.Scheduler!.GiveVisit("emp-1001", ticket, new DateTime(2026, 11, 5, 14, 0, 0));

        var reply = await Ask("cancel the technician visit please");

        Assert.Contains("is cancelled", reply.Text, StringComparison.Ordinal);
        Assert.Equal(1, _local.Scheduler.Cancelled);
    }

    [Fact]
    public async Task SomeoneElsesTicket_IsNotFound()
    {
        await TicketAsync();
        var graces = await TicketAsync("emp-1002");

        var reply = await Ask($"I am emp-1002, send a technician for ticket {graces}");

        Assert.Contains("couldn't find", reply.Text, StringComparison.Ordinal);
        Assert.Equal(0, _local.Scheduler!.Booked);
    }

    [Fact]
    public async Task WithoutVisits_TheCallerIsOfferedAPerson_AndTicketsStillWork()
    {
        var ticket = await TicketAsync();
        var agent = new OfflineAgent(KnowledgeBase.Load(RepoPaths.Of("deploy", "knowledge-base")), new TicketTools(new CallerTickets(_local.Tickets), _clock));

        var visit = await Ask($"can a technician come out for ticket {ticket}", agent);
        var status = await Ask($"what's the status of ticket {ticket}", agent);

        Assert.Contains("can't arrange technician visits", visit.Text, StringComparison.Ordinal);
        Assert.Contains("person", visit.Text, StringComparison.Ordinal);
        Assert.Contains("Cracked laptop screen", status.Text, StringComparison.OrdinalIgnoreCase);
    }
}
