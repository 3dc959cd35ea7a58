using BenchmarkDotNet.Attributes;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Lex;
using ServiceDesk.Wire.Observability;
using ServiceDesk.Core;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.ContactCenter;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions;
using ServiceDesk.Functions.Lex;
using ServiceDesk.Local.Storage;

namespace ServiceDesk.Benchmarks;

/// <summary>
/// One Lex fulfilment turn, event bytes in and response bytes out, on the embedded SQLite store (in-memory mode), with
/// the per-turn log line and metric record written as in Lambda, against the floor any Lex handler pays: parsing the
/// event and writing the turn's own response with the same source-generated contexts.
/// </summary>
[MemoryDiagnoser]
public class LexFulfillmentBenchmarks
{
    private SqliteDatabase _database = null!;
    private LexFulfillmentFunction _function = null!;
    private LexFulfillmentFunction _withSummaries = null!;
    private byte[][] _checkStatus = [];
    private byte[][] _reportIssue = [];
    private LexResponse[] _checkStatusResponses = [];
    private TicketDesk _store = null!;
    private TicketNumber _mine;
    private int _turn;

    /// <summary>
    /// How callers word the same two turns. Each measured turn is the next wording: the dialogue keeps the last few texts'
    /// words per thread, and a benchmark that replayed one text would measure those kept words, not a caller's new ones.
    /// </summary>
    private static readonly string[] StatusWordings =
    [
        "what's the status of ticket {0}", "status of {0} please", "can you check ticket {0} for me", "hi it's about ticket {0}",
        "any news on {0}", "I'm calling about my ticket {0}", "where are we with incident {0}", "ticket {0} what's happening with it",
    ];

    private static readonly string[] Confirmations = ["yes", "yeah that's right", "yes please", "yep", "correct", "that's it yes", "yeah go ahead", "sure"];

    [GlobalSetup]
    public void Setup()
    {
        _database = SqliteDatabase.InMemory();
        var directory = new SqliteCallerDirectory(_database);
        directory.Upsert([new Caller("emp-1001", "Ada Lovelace", [PhoneNumber.Parse("+14155550100")], "E1001")]);
        var store = new TicketDesk(new SqliteTicketStore(_database), TimeProvider.System);
        _store = store;
        var mine = store.CreateAsync(new NewTicket("emp-1001", "Outlook keeps asking for my password"), CancellationToken.None).Result.Value!;
        for (var i = 0; i < 20; i++)
        {
            _ = store.CreateAsync(new NewTicket("emp-2000", "Someone else's ticket"), CancellationToken.None).Result;
        }

        // Logging and metrics on, as in Lambda (their lines go to a null writer: the cost is in formatting them).
        var logging = new JsonLoggerFactory(new JsonLoggerProvider(TextWriter.Null, TimeProvider.System));
        _function = new LexFulfillmentFunction(new ServiceDeskServices(
            store, directory, new SqlitePinAttempts(_database, TimeProvider.System), new SilentAgent(), new NoContactCenter(), TimeProvider.System, logging, new ServiceDeskSettings())
        {
            Metrics = new EmfMetrics(TextWriter.Null, TimeProvider.System),
        });
        // The same turn when the call's summary is kept (the SQLite store in the same database): its cost per turn.
        _withSummaries = new LexFulfillmentFunction(new ServiceDeskServices(
            store, directory, new SqlitePinAttempts(_database, TimeProvider.System), new SilentAgent(), new NoContactCenter(), TimeProvider.System, logging, new ServiceDeskSettings())
        {
            Metrics = new EmfMetrics(TextWriter.Null, TimeProvider.System),
            CallSummaries = new SqliteCallSummaryStore(_database),
        });
        var folder = Path.Combine(AppContext.BaseDirectory, "events");
        // The recorded event asks for INC0012345; the store numbers from 1, so point the slot at the seeded ticket.
        _checkStatus = [.. StatusWordings.Select(wording =>
        {
            var checkStatus = LexJson.ReadEvent(File.ReadAllBytes(Path.Combine(folder, "check-status-dialog-speech.json")));
            checkStatus.SessionState!.Intent!.Slots!["TicketNumber"] = LexSlot.Scalar(mine.Number.ToString());
            checkStatus.InputTranscript = string.Format(System.Globalization.CultureInfo.InvariantCulture, wording, mine.Number);
            checkStatus.Transcriptions = null;
            return LexJson.Write(checkStatus);
        })];
        _mine = mine.Number;
        _reportIssue = [.. Confirmations.Select(yes =>
        {
            var report = LexJson.ReadEvent(File.ReadAllBytes(Path.Combine(folder, "report-issue-fulfillment.json")));
            report.InputTranscript = yes;
            report.Transcriptions![0].Transcription = yes;
            return LexJson.Write(report);
        })];

        // The first report creates the ticket; every measured one is Lex retrying it (the idempotent path).
        _ = _function.InvokeAsync(_reportIssue[0], Invocation(), CancellationToken.None).GetAwaiter().GetResult();
        _checkStatusResponses = [.. _checkStatus.Select(turn => LexJson.ReadResponse(_function.InvokeAsync(turn, Invocation(), CancellationToken.None).GetAwaiter().GetResult()))];
        if (_checkStatusResponses.Any(response => response.Messages is not [{ Content: { } content }] || !content.Contains("Outlook", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("a benchmark turn did not find the seeded ticket: " + string.Join(" | ", _checkStatusResponses.Select(r => r.Messages?[0].Content)));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _database.Dispose();

    /// <summary>The floor: the event parsed and the turn's real response written, nothing decided.</summary>
    [Benchmark(Baseline = true, Description = "Lex event parse + the turn's response written (baseline)")]
    public byte[] ParseAndWrite()
    {
        var turn = Next();
        _ = LexJson.ReadEvent(_checkStatus[turn]);
        return LexJson.Write(_checkStatusResponses[turn]);
    }

    [Benchmark(Description = "Lex turn: CheckTicketStatus on SQLite")]
    public byte[] CheckStatusTurn() => _function.InvokeAsync(_checkStatus[Next()], Invocation(), CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark(Description = "Lex turn: CheckTicketStatus on SQLite, call summary kept")]
    public byte[] CheckStatusTurnWithSummary() => _withSummaries.InvokeAsync(_checkStatus[Next()], Invocation(), CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark(Description = "Lex turn: ReportIssue fulfilment retry on SQLite")]
    public byte[] ReportIssueTurn() => _function.InvokeAsync(_reportIssue[Next()], Invocation(), CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>For reading the turn's cost: the one store read it makes, alone.</summary>
    [Benchmark(Description = "SQLite GetAsync alone (reference)")]
    public Ticket? StoreReadOnly() => _store.GetAsync(_mine, CancellationToken.None).GetAwaiter().GetResult().Value;

    private int Next() => _turn = (_turn + 1) % StatusWordings.Length;

    private static LambdaInvocation Invocation() => new("bench", DateTimeOffset.UtcNow.AddSeconds(8));

    private sealed class SilentAgent : IAgentGateway
    {
        public Task<AgentReply> AskAsync(AgentTurn turn, CancellationToken cancellationToken) => Task.FromResult(AgentReply.Unavailable(string.Empty));

        public Task EndSessionAsync(string sessionId, CallerIdentity caller, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
