using ServiceDesk.Core.Calls;
using ServiceDesk.Core.Callers;
using ServiceDesk.Testing;

namespace ServiceDesk.IntegrationTests.Storage;

/// <summary>What every call summary store promises: one record per call, the first ending wins, a caller's calls newest first.</summary>
public abstract class CallSummaryStoreContract
{
    protected ManualClock Time { get; } = new(DateTimeOffset.Parse("2026-12-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    protected abstract ICallSummaryStore CreateSut();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CallerIdentity Ada => new("emp-1001", "Ada", "+14155550100", VerifiedBy.Phone);

    private readonly Dictionary<string, DateTimeOffset> _started = [];

    /// <summary>What the bot knows after a turn: the call started at its first turn, as the bot's memory keeps it.</summary>
    private CallProgress Turn(string contact, int turns, string? botEnding = null, int created = 0, CallerIdentity? caller = null)
    {
        _started.TryAdd(contact, Time.GetUtcNow());
        return new(contact, caller ?? Ada, ["ReportIssue"], created > 0 ? ["INC0000001"] : [], created, turns, 0, _started[contact], botEnding, botEnding == CallSummaries.BotHandoff ? "caller_request" : null);
    }

    private static void AssertSame(CallSummary? expected, CallSummary? actual) => Assert.Equal(expected?.ToJson(), actual?.ToJson());

    [Fact]
    public async Task Turns_ThenAnEnd_LeaveOneClosedRecord()
    {
        var summaries = new CallSummaries(CreateSut(), Time);

        Assert.True((await summaries.RecordTurnAsync(Turn("c-1", 1), Ct)).Value);
        Time.Advance(TimeSpan.FromSeconds(40));
        Assert.True((await summaries.RecordTurnAsync(Turn("c-1", 3, CallSummaries.BotGoodbye, created: 1), Ct)).Value);
        Time.Advance(TimeSpan.FromSeconds(5));
        var ended = (await summaries.EndAsync(new CallEnd("c-1", CallEndings.Disconnect, Ada, null), Ct)).Value;

        var stored = (await summaries.Store.GetAsync("c-1", Ct)).Value!;
        AssertSame(ended, stored);
        Assert.Equal(CallSummaryOutcome.Ticket, stored.Outcome);
        Assert.Equal(3, stored.Turns);
        Assert.Equal(45, stored.DurationSeconds);
        Assert.Equal("+1********00", stored.CallerPhone);
        Assert.Single((await summaries.Store.ListByCallerAsync("emp-1001", 10, Ct)).Value!);
    }

    [Fact]
    public async Task TwoEndings_TheFirstWins_AndALateTurnChangesNothing()
    {
        var summaries = new CallSummaries(CreateSut(), Time);
        await summaries.RecordTurnAsync(Turn("c-2", 2, CallSummaries.BotHandoff), Ct);

        var first = (await summaries.EndAsync(new CallEnd("c-2", CallEndings.Callback, Ada, "caller_request"), Ct)).Value;
        var second = (await summaries.EndAsync(new CallEnd("c-2", CallEndings.HangUp, Ada, null), Ct)).Value;
        var late = (await summaries.RecordTurnAsync(Turn("c-2", 9), Ct)).Value;

        Assert.Equal(CallSummaryOutcome.Callback, first?.Outcome);
        Assert.Null(second);
        Assert.False(late);
        AssertSame(first, (await summaries.Store.GetAsync("c-2", Ct)).Value);
    }

    [Fact]
    public async Task ACallTheBotNeverHeard_IsClosedFromTheContact()
    {
        var summaries = new CallSummaries(CreateSut(), Time);

        var ended = (await summaries.EndAsync(new CallEnd("c-3", CallEndings.HangUp, CallerIdentity.Unverified("+442079460133"), null), Ct)).Value!;

        Assert.Equal(CallSummaryOutcome.Abandoned, ended.Outcome);
        Assert.Equal(string.Empty, ended.CallerId);
        AssertSame(ended, (await summaries.Store.GetAsync("c-3", Ct)).Value);
        Assert.Null((await summaries.Store.GetAsync("c-never", Ct)).Value);
    }

    [Fact]
    public async Task ListByCaller_IsThatCallersCalls_NewestFirst_UpToTheLimit()
    {
        var summaries = new CallSummaries(CreateSut(), Time);
        var grace = new CallerIdentity("emp-1002", "Grace", "+14155550111", VerifiedBy.EmployeeIdPin);
        for (var i = 0; i < 4; i++)
        {
            await summaries.RecordTurnAsync(Turn($"ada-{i}", 1), Ct);
            await summaries.RecordTurnAsync(Turn($"grace-{i}", 1, caller: grace), Ct);
            Time.Advance(TimeSpan.FromMinutes(10));
        }

        await summaries.EndAsync(new CallEnd("nobody", CallEndings.HangUp, CallerIdentity.Unverified(), null), Ct);

        var adas = (await summaries.Store.ListByCallerAsync("emp-1001", 3, Ct)).Value!;
        Assert.Equal(["ada-3", "ada-2", "ada-1"], adas.Select(c => c.ContactId));
        Assert.Equal(["grace-3", "grace-2", "grace-1", "grace-0"], (await summaries.Store.ListByCallerAsync("emp-1002", 10, Ct)).Value!.Select(c => c.ContactId));
    }
}
