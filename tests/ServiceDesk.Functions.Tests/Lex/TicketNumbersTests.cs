using ServiceDesk.Wire.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.Lex;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests.Lex;

/// <summary>How a spoken ticket number is recovered, through whole status requests (corrections and N-best hypotheses).</summary>
public class TicketNumbersTests
{
    [Fact]
    public async Task ACorrectionInTheWords_OverridesTheNumberLexPutInTheSlot()
    {
        var backend = new NumberedTickets((4, "Teams crashes when sharing"), (5, "Wifi drops every hour"));
        var lexEvent = StatusRequest("what's the status of ticket four, no, five");
        lexEvent.SessionState!.Intent!.Slots![BotContract.Slots.TicketNumber] = LexSlot.Scalar("4", "four");

        var spoken = LexHarness.Spoken(await new LexHarness(backend).InvokeAsync(lexEvent));

        Assert.StartsWith("Ticket INC0000005, Wifi drops every hour,", spoken);
        Assert.DoesNotContain("Teams", spoken);
    }

    [Fact]
    public async Task ACorrectionRepeatedAsTicketThree_IsTicketThree_NotThirtyThree()
    {
        var backend = new NumberedTickets((2, "Printer jams on tray two"), (3, "Monitor flickers"), (33, "Dock is dead"));

        var spoken = LexHarness.Spoken(await new LexHarness(backend).InvokeAsync(StatusRequest("ticket two... sorry, three. Ticket three.")));

        Assert.StartsWith("Ticket INC0000003, Monitor flickers,", spoken);
    }

    [Theory]
    [InlineData("it's seven, sorry, three")]
    [InlineData("seven, I mean three")]
    public async Task ACorrectionAnsweringTheNumberQuestion_IsTheCorrectedNumber(string said) => await AnswerTheNumberQuestion(said);

    [Theory]
    [InlineData("it's seven, no wait, three")]
    [InlineData("seven, no, sorry, three")]
    public async Task ACorrectionWithTwoMarkerWords_IsTheCorrectedNumber(string said) => await AnswerTheNumberQuestion(said);

    private static async Task AnswerTheNumberQuestion(string said)
    {
        var backend = new NumberedTickets((2, "Printer jams on tray two"), (3, "Monitor flickers"), (7, "Dock is dead"));
        var harness = new LexHarness(backend);
        var template = StatusRequest("what's happening with my ticket");
        var list = await harness.InvokeAsync(template);
        Assert.Equal(BotContract.Slots.TicketNumber, list.SessionState.DialogAction!.SlotToElicit);

        var spoken = LexHarness.Spoken(await harness.InvokeAsync(LexHarness.Next(list, template, said)));

        Assert.StartsWith("Ticket INC0000003, Monitor flickers,", spoken);
    }

    [Fact]
    public async Task ANumberHeardOnlyInTheBestHypothesis_IsNotReportedMissing()
    {
        // "ticket four me" was "ticket for me": the caller with one open ticket hears about it, not "I couldn't find ticket 4".
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Printer jams on tray two", age: TimeSpan.FromDays(2));
        var lexEvent = StatusRequest("ticket four me", "can you check on my ticket for me?");
        lexEvent.SessionState!.Intent!.Slots![BotContract.Slots.TicketNumber] = LexSlot.Scalar("4", "four");

        var spoken = LexHarness.Spoken(await harness.InvokeAsync(lexEvent));

        Assert.DoesNotContain("couldn't find", spoken);
        Assert.StartsWith("Ticket INC0012345, Printer jams on tray two,", spoken);
    }

    [Fact]
    public async Task ANumberEveryHypothesisHears_IsReportedMissing()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Printer jams on tray two");

        var spoken = LexHarness.Spoken(await harness.InvokeAsync(StatusRequest("what's the status of ticket four", "what's the status of ticket 4")));

        Assert.StartsWith("I couldn't find ticket INC0000004 under your name.", spoken);
    }

    [Fact]
    public async Task TheBestHypothesisMissing_ALaterOneIsTried()
    {
        var backend = new NumberedTickets((1234, "Excel crashes on save"));

        var spoken = LexHarness.Spoken(await new LexHarness(backend).InvokeAsync(StatusRequest("ticket one two three for", "ticket one two three four")));

        Assert.StartsWith("Ticket INC0001234, Excel crashes on save,", spoken);
    }

    /// <summary>A status request from the verified caller, heard as these hypotheses, best first.</summary>
    private static LexEvent StatusRequest(params string[] heard)
    {
        var lexEvent = LexHarness.Load("check-status-dialog-no-number.json");
        lexEvent.InputTranscript = heard[0];
        lexEvent.Transcriptions = [.. heard.Select((h, i) => new LexTranscription { Transcription = h, TranscriptionConfidence = 0.9 - (0.1 * i) })];
        return lexEvent;
    }

    /// <summary>Ada's tickets under the numbers a test needs (the in-memory backend numbers from 12345).</summary>
    private sealed class NumberedTickets(params (long Sequence, string Description)[] tickets) : ITicketBackend
    {
        private static readonly DateTimeOffset Created = new ManualClock().GetUtcNow() - TimeSpan.FromDays(1);

        private readonly Dictionary<long, Ticket> _tickets = tickets.ToDictionary(t => t.Sequence, t => new Ticket
        {
            Number = TicketNumber.FromSequence(t.Sequence),
            CallerId = "emp-1001",
            Summary = t.Description,
            Description = t.Description,
            CreatedAt = Created.AddMinutes(t.Sequence),
            UpdatedAt = Created.AddMinutes(t.Sequence),
        });

        public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken) =>
            Task.FromResult(_tickets.TryGetValue(number.Sequence, out var ticket) ? Result<Ticket>.Ok(ticket) : Failure.NotFound());

        public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
            Task.FromResult(Result<IReadOnlyList<Ticket>>.Ok([.. _tickets.Values.Where(t => t.CallerId == callerId).OrderByDescending(t => t.CreatedAt).Take(limit)]));

        public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
            Task.FromResult(Result<IReadOnlyList<Ticket>>.Ok([.. _tickets.Values.Where(t => t.CallerId == callerId && t.IsOpen).OrderByDescending(t => t.CreatedAt).Take(limit)]));

        public Task<Result<Ticket>> CreateAsync(NewTicket ticket, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<Result<Ticket>> AddCommentAsync(TicketNumber number, NewComment comment, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<Result<Ticket>> UpdateStatusAsync(TicketNumber number, TicketStatus status, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
