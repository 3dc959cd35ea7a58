using System.Xml.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.ContactCenter;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions;
using ServiceDesk.Functions.Lex;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests.Lex;

/// <summary>Runs recorded Lex events through the real function, bytes in and bytes out, on test doubles.</summary>
public sealed class LexHarness
{
    public LexHarness(ITicketBackend? backend = null)
    {
        Tickets = new InMemoryTicketBackend(Time);
        PinAttempts = new InMemoryPinAttempts(Time);
        // Visits against the local scheduler over the harness's tickets, sessions in SQLite: what a retried invocation reads.
        var database = Local.Storage.SqliteDatabase.InMemory();
        Scheduler = new Local.Scheduling.LocalScheduler(database, Time, backend ?? Tickets);
        VisitSessions = new Local.Storage.SqliteVisitSessionStore(database, Time);
        Function = NewContainer(backend);
    }

    public Local.Scheduling.LocalScheduler Scheduler { get; }
    public Local.Storage.SqliteVisitSessionStore VisitSessions { get; }

    /// <summary>Another Lambda container: a new function over the same stores (a retried invocation lands on either).</summary>
    public LexFulfillmentFunction NewContainer(ITicketBackend? backend = null) =>
        new(new ServiceDeskServices(backend ?? Tickets, InMemoryCallerDirectory.Demo(), PinAttempts, Agent, new NoContactCenter(), Time, NullLoggerFactory.Instance, Settings)
        {
            Visits = new Core.Visits.VisitDesk(
                Scheduler, VisitSessions, new Local.Scheduling.ConfiguredSchedulerTokens("tenant", "token"),
                new Core.Visits.SchedulerTenant("tenant", new Uri("https://scheduler.example.com/")), Core.Visits.VisitFlags.Live, Time),
        });

    public ManualClock Time { get; } = new();
    public InMemoryTicketBackend Tickets { get; }
    public InMemoryPinAttempts PinAttempts { get; }
    public FakeAgent Agent { get; } = new();
    public ServiceDeskSettings Settings { get; } = new() { AgentTurnBudget = TimeSpan.FromSeconds(5) };
    public LexFulfillmentFunction Function { get; set; }

    /// <summary>The Lambda deadline: a Lex-facing function gets several seconds.</summary>
    public TimeSpan TimeLeft { get; set; } = TimeSpan.FromSeconds(8);

    public byte[] LastBytes { get; private set; } = [];

    public static LexEvent Load(string file) => LexJson.ReadEvent(RepoPaths.ReadEvent("lex", file));

    public Task<LexResponse> InvokeAsync(string file) => InvokeAsync(RepoPaths.ReadEvent("lex", file));

    public Task<LexResponse> InvokeAsync(LexEvent lexEvent) => InvokeAsync(LexJson.Write(lexEvent));

    public async Task<LexResponse> InvokeAsync(byte[] payload)
    {
        var invocation = new LambdaInvocation("req-1", Time.GetUtcNow() + TimeLeft);
        LastBytes = await Function.InvokeAsync(payload, invocation, CancellationToken.None);
        var response = LexJson.ReadResponse(LastBytes);
        AssertWellFormed(response, LastBytes);
        AwsServiceModel.AssertValidResponseWhereChecked(LambdaResponseKind.Lex, LastBytes);
        return response;
    }

    /// <summary>What the bot remembered of the call after this response.</summary>
    internal static DialogueMemory Memory(LexResponse response) => DialogueMemory.From(response.SessionState.SessionAttributes!);

    /// <summary>An event whose session carries this memory, as our previous response would have written it.</summary>
    internal static LexEvent Remember(LexEvent lexEvent, Action<DialogueMemory> change)
    {
        var attributes = lexEvent.SessionState!.SessionAttributes ??= [];
        var memory = DialogueMemory.From(attributes);
        change(memory);
        memory.WriteTo(attributes);
        return lexEvent;
    }

    /// <summary>The caller's next turn: Lex sends back the attributes and slots the last response set.</summary>
    public static LexEvent Next(LexResponse previous, LexEvent template, string transcript, string inputMode = LexValues.Speech)
    {
        var next = LexJson.ReadEvent(LexJson.Write(template));
        next.InputTranscript = transcript;
        next.InputMode = inputMode;
        next.InvocationSource = LexValues.DialogCodeHook;
        next.Transcriptions = [new LexTranscription { Transcription = transcript, TranscriptionConfidence = 0.9 }];
        next.SessionState!.SessionAttributes = new(previous.SessionState.SessionAttributes ?? []);
        if (previous.SessionState.Intent is { } intent)
        {
            next.SessionState.Intent = LexJson.ReadResponse(LexJson.Write(previous)).SessionState.Intent;
            next.SessionState.Intent!.State = LexValues.InProgress;
        }

        return next;
    }

    public static void AssertWellFormed(LexResponse response, byte[] bytes)
    {
        Assert.True(bytes.Length < 25 * 1024, $"response is {bytes.Length} bytes");
        Assert.NotNull(response.SessionState.DialogAction?.Type);
        Assert.True(ResponseSize(response.SessionState.SessionAttributes) < 12 * 1024);
        foreach (var message in response.Messages ?? [])
        {
            Assert.Equal(LexValues.Ssml, message.ContentType);
            Assert.InRange(message.Content!.Length, 1, 1024);
            Assert.Equal("speak", XElement.Parse(message.Content).Name.LocalName);
        }

        switch (response.SessionState.DialogAction!.Type)
        {
            case LexValues.ElicitSlot:
                Assert.False(string.IsNullOrEmpty(response.SessionState.DialogAction.SlotToElicit));
                Assert.NotNull(response.SessionState.Intent);
                Assert.Single(response.Messages!);
                break;
            case LexValues.Close:
                Assert.Contains(response.SessionState.Intent!.State, new[] { LexValues.Fulfilled, LexValues.Failed });
                break;
            case LexValues.ElicitIntent or LexValues.ConfirmIntent:
                Assert.Single(response.Messages!);
                break;
        }
    }

    public static string Spoken(LexResponse response) =>
        string.Join(" ", (response.Messages ?? []).Select(m => XElement.Parse(m.Content!).Value));

    public static string? Attribute(LexResponse response, string key) =>
        response.SessionState.SessionAttributes?.GetValueOrDefault(key);

    private static int ResponseSize(Dictionary<string, string>? attributes) =>
        attributes?.Sum(a => System.Text.Encoding.UTF8.GetByteCount(a.Key) + System.Text.Encoding.UTF8.GetByteCount(a.Value)) ?? 0;
}

/// <summary>An agent double: answers with whatever the test sets, and remembers what it was asked.</summary>
public sealed class FakeAgent : IAgentGateway
{
    public List<AgentTurn> Turns { get; } = [];
    public int EndedSessions { get; private set; }
    public Func<AgentTurn, AgentReply> Reply { get; set; } = _ => new AgentReply(AgentOutcome.Answered, "Open Settings, then Printers, and pick Floor 3.", []);

    public Task<AgentReply> AskAsync(AgentTurn turn, CancellationToken cancellationToken)
    {
        Turns.Add(turn);
        return Task.FromResult(Reply(turn));
    }

    public Task EndSessionAsync(string sessionId, CallerIdentity caller, CancellationToken cancellationToken)
    {
        EndedSessions++;
        return Task.CompletedTask;
    }
}

/// <summary>A ticket backend that never answers in time: every call ends the way a slow dependency does.</summary>
public sealed class SlowTicketBackend(Exception fault) : ITicketBackend
{
    public Task<Result<Ticket>> CreateAsync(NewTicket ticket, CancellationToken cancellationToken) => throw fault;
    public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken) => throw fault;
    public Task<Result<Ticket>> AddCommentAsync(TicketNumber number, NewComment comment, CancellationToken cancellationToken) => throw fault;
    public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) => throw fault;
    public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) => throw fault;
    public Task<Result<Ticket>> UpdateStatusAsync(TicketNumber number, TicketStatus status, CancellationToken cancellationToken) => throw fault;
}
