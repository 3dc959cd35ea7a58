using ServiceDesk.Core.Calls;
using ServiceDesk.Emulation.Calls;
using ServiceDesk.Emulation.Flows;
using ServiceDesk.Testing;
using ServiceDesk.Local;

namespace ServiceDesk.Emulation.Tests.Calls;

/// <summary>
/// Every call leaves one closed summary with the outcome the call had. <see cref="AssertSummarisedAsync"/> runs after
/// every conversation script (as written and misheard, in <see cref="ConversationScriptTests"/>); the cases here are the
/// endings no script has: a hang-up, before and after a ticket.
/// </summary>
public sealed class CallSummaryTests
{
    private static readonly CallOptions Defaults = new()
    {
        FlowPath = RepoPaths.Of("contact-flows", "ServiceDesk-Inbound.json"),
        BotFolder = RepoPaths.Of("lex-bots", "ServiceDeskBot"),
    };

    /// <summary>
    /// The outcome the call had, from what the call itself shows (how the flow ended it, and the tickets the store saw
    /// created), never from the summary's own reasoning.
    /// </summary>
    internal static async Task AssertSummarisedAsync(LocalComposition local, CallResult result)
    {
        var created = result.Tickets.Where(t => t.Change == "created").Select(t => t.Ticket.Number.ToString()).Distinct().ToList();
        var expected = result.Outcome switch
        {
            CallOutcome.Callback => CallSummaryOutcome.Callback,
            CallOutcome.Transferred => CallSummaryOutcome.Transferred,
            _ when created.Count > 0 => CallSummaryOutcome.Ticket,
            CallOutcome.Goodbye => CallSummaryOutcome.SelfServed,
            _ => CallSummaryOutcome.Abandoned,
        };

        var stored = await local.CallSummaries.GetAsync(result.ContactId, TestContext.Current.CancellationToken);

        var summary = stored.Value;
        Assert.True(summary is not null, $"no call summary for {result.ContactId}");
        Assert.True(summary.Ended, $"the summary of {result.ContactId} was never closed: {summary.ToJson()}");
        Assert.True(expected == summary.Outcome, $"expected {expected}, the summary says {summary.Outcome}: {summary.ToJson()}");
        Assert.Equal(created.Count, summary.TicketsCreated);
        Assert.All(created, number => Assert.Contains(number, summary.Tickets));
        if (result.ContactAttributes.GetValueOrDefault("callerVerifiedBy") == "phone")
        {
            Assert.Equal(result.ContactAttributes["callerId"], summary.CallerId);
        }

        // Verified by the bot (an id and its PIN) or the flow, or nobody: never an id without a verification.
        Assert.Equal(summary.VerifiedBy != "none", summary.CallerId.Length > 0);
        // A turn is a caller's words the bot's code answered: never more than the lines the bot heard, at least one if any.
        var heard = result.Lines.Count(l => l.Speaker == "caller" && l.Intent is not null);
        Assert.InRange(summary.Turns, heard > 0 ? 1 : 0, heard);
        Assert.DoesNotContain("Lovelace", summary.ToJson(), StringComparison.Ordinal);
        if (summary.Outcome == CallSummaryOutcome.Transferred)
        {
            Assert.False(string.IsNullOrEmpty(summary.TransferReason));
        }
    }

    private static async Task<(LocalComposition Local, CallResult Result)> CallAsync(params string[] said)
    {
        var local = LocalComposition.InMemory(new LocalOptions { DemoDirectoryPath = RepoPaths.Of("deploy", "demo-callers.json") });
        var result = await LocalCall.RunAsync(local, Defaults, new HangsUpAfter(said), TestContext.Current.CancellationToken);
        return (local, result);
    }

    [Fact]
    public async Task HangUp_BeforeAnythingWasDone_IsAbandoned()
    {
        var (local, result) = await CallAsync("my laptop won't turn on");
        using var _ = local;

        Assert.Equal(CallOutcome.HungUp, result.Outcome);
        await AssertSummarisedAsync(local, result);
        var summary = (await local.CallSummaries.GetAsync(result.ContactId, TestContext.Current.CancellationToken)).Value!;
        Assert.Equal(CallSummaryOutcome.Abandoned, summary.Outcome);
        Assert.Equal(CallEndings.HangUp, summary.Ending);
        Assert.Equal(["ReportIssue"], summary.Intents);
        Assert.Equal("emp-1001", summary.CallerId);
        Assert.Equal("phone", summary.VerifiedBy);
        Assert.Equal("+1********00", summary.CallerPhone);
    }

    [Fact]
    public async Task HangUp_AfterTheTicketNumber_IsATicket()
    {
        var (local, result) = await CallAsync("my laptop won't turn on", "just me", "yes");
        using var _ = local;

        await AssertSummarisedAsync(local, result);
        var summary = (await local.CallSummaries.GetAsync(result.ContactId, TestContext.Current.CancellationToken)).Value!;
        Assert.Equal(CallSummaryOutcome.Ticket, summary.Outcome);
        Assert.Equal(1, summary.TicketsCreated);
        Assert.Contains("1 ticket(s) created", summary.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HangUp_InTheGreeting_StillLeavesAnAbandonedSummary()
    {
        var (local, result) = await CallAsync();
        using var _ = local;

        await AssertSummarisedAsync(local, result);
        var summary = (await local.CallSummaries.GetAsync(result.ContactId, TestContext.Current.CancellationToken)).Value!;
        Assert.Equal(0, summary.Turns);
        Assert.Empty(summary.Intents);
    }

    [Fact]
    public async Task AnEndedCall_IsNotRewrittenByALaterEnding()
    {
        var (local, result) = await CallAsync("my laptop won't turn on", "just me", "yes");
        using var _ = local;
        var summaries = new CallSummaries(local.CallSummaries, TimeProvider.System);

        var again = await summaries.EndAsync(new CallEnd(result.ContactId, CallEndings.Transfer, Core.Callers.CallerIdentity.Unverified(), "caller_request"), TestContext.Current.CancellationToken);

        Assert.True(again.IsOk);
        Assert.Null(again.Value);
        Assert.Equal(CallSummaryOutcome.Ticket, (await local.CallSummaries.GetAsync(result.ContactId, TestContext.Current.CancellationToken)).Value!.Outcome);
    }

    /// <summary>Says its lines in turn, then hangs up (the end of input).</summary>
    private sealed class HangsUpAfter(IReadOnlyList<string> lines) : ICallChannel
    {
        private int _next;

        public Task SayAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<ServiceDesk.Emulation.Lex.CallerInput?> ListenAsync(bool keypadOnly, CancellationToken cancellationToken) =>
            Task.FromResult(_next < lines.Count ? new ServiceDesk.Emulation.Lex.CallerInput(lines[_next++], false) : null);
    }
}
