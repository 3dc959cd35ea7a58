using ServiceDesk.Wire.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.Lex;

namespace ServiceDesk.Functions.Tests.Lex;

public class CheckTicketStatusTests
{
    [Fact]
    public async Task WithNumber_ReadsStatusSummaryAndAge()
    {
        var harness = new LexHarness();
        var ticket = harness.Tickets.Seed("emp-1001", "Outlook keeps asking for my password", TicketStatus.InProgress, TimeSpan.FromDays(3));

        var response = await harness.InvokeAsync("check-status-dialog-speech.json");

        Assert.Equal("INC0012345", ticket.Number.ToString());
        Assert.Equal("Ticket INC0012345, Outlook keeps asking for my password, is being worked on. It was opened 3 days ago. Anything else?",
            LexHarness.Spoken(response));
    }

    [Fact]
    public async Task SomeoneElsesTicket_IsAnsweredExactlyLikeAMissingOne()
    {
        var other = new LexHarness();
        other.Tickets.Seed("emp-1002", "Grace's private ticket");
        var missing = new LexHarness();

        var forOther = await other.InvokeAsync("check-status-dialog-speech.json");
        var forMissing = await missing.InvokeAsync("check-status-dialog-speech.json");

        Assert.Equal(forMissing.Messages![0].Content, forOther.Messages![0].Content);
        Assert.Equal(forMissing.SessionState.DialogAction!.SlotToElicit, forOther.SessionState.DialogAction!.SlotToElicit);
        Assert.Equal(BotContract.Slots.TicketNumber, forOther.SessionState.DialogAction!.SlotToElicit);
        Assert.DoesNotContain("Grace", LexHarness.Spoken(forOther));
    }

    [Fact]
    public async Task WhenTopTranscriptionDoesNotExist_TriesTheOtherHypotheses()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Docking station not charging");

        var response = await harness.InvokeAsync("check-status-dialog-multi-transcription.json");

        Assert.Equal(LexValues.ElicitIntent, response.SessionState.DialogAction!.Type);
        Assert.Contains("Docking station not charging", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task KeyedInNumber_IsAccepted()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Monitor flickers");

        var response = await harness.InvokeAsync("check-status-dialog-dtmf.json");

        Assert.Contains("Monitor flickers", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task NoNumber_OneOpenTicket_AnswersForIt()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Old resolved thing", TicketStatus.Resolved, TimeSpan.FromDays(9));
        harness.Tickets.Seed("emp-1001", "Printer jams on tray two", age: TimeSpan.FromHours(5));

        var response = await harness.InvokeAsync("check-status-dialog-no-number.json");

        Assert.Contains("Printer jams on tray two, is logged and waiting for a technician. It was opened 5 hours ago.", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task NoNumber_OpenTicketsBehindFiftyNewerClosedOnes_AreStillOffered()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Scanner offline", age: TimeSpan.FromDays(90));
        harness.Tickets.Seed("emp-1001", "Docking station", TicketStatus.OnHold, TimeSpan.FromDays(80));
        for (var i = 0; i < TicketRules.MaxListLimit + 5; i++)
        {
            harness.Tickets.Seed("emp-1001", $"Fixed thing {i}", TicketStatus.Closed, TimeSpan.FromDays(60 - i));
        }

        var response = await harness.InvokeAsync("check-status-dialog-no-number.json");

        var spoken = LexHarness.Spoken(response);
        Assert.Equal(BotContract.Slots.TicketNumber, response.SessionState.DialogAction!.SlotToElicit);
        Assert.Contains("You have 2 open tickets.", spoken);
        Assert.Contains("First: Docking station", spoken);
        Assert.Contains("Second: Scanner offline", spoken);
    }

    [Fact]
    public async Task NoNumber_SeveralOpen_ReadsTheThreeNewest_ThenTakesAChoice()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Oldest one", age: TimeSpan.FromDays(10));
        harness.Tickets.Seed("emp-1001", "Wifi drops", age: TimeSpan.FromDays(3));
        harness.Tickets.Seed("emp-1001", "Excel crashes", age: TimeSpan.FromDays(2));
        harness.Tickets.Seed("emp-1001", "New headset", age: TimeSpan.FromHours(1.5));
        var template = LexHarness.Load("check-status-dialog-no-number.json");

        var response = await harness.InvokeAsync(template);
        var spoken = LexHarness.Spoken(response);
        Assert.Equal(BotContract.Slots.TicketNumber, response.SessionState.DialogAction!.SlotToElicit);
        Assert.Contains("You have 4 open tickets.", spoken);
        Assert.Contains("First: New headset, opened an hour ago.", spoken);
        Assert.Contains("Third: Wifi drops, opened 3 days ago.", spoken);
        Assert.DoesNotContain("Oldest", spoken);

        var keyed = await harness.InvokeAsync(LexHarness.Next(response, template, "2", LexValues.Dtmf));
        Assert.Contains("Excel crashes", LexHarness.Spoken(keyed));

        var said = await harness.InvokeAsync(LexHarness.Next(response, template, "the third one"));
        Assert.Contains("Wifi drops", LexHarness.Spoken(said));
    }

    [Fact]
    public async Task NumberWordsThatAreNotATicket_AreNotTakenForOne()
    {
        // "two days ago" is not ticket 2: the caller with one open ticket hears about it, not "I couldn't find ticket 2".
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Printer jams on tray two", age: TimeSpan.FromDays(2));
        var lexEvent = LexHarness.Load("check-status-dialog-no-number.json");
        lexEvent.InputTranscript = "what's happening with the ticket I raised two days ago";
        lexEvent.Transcriptions = [new LexTranscription { Transcription = lexEvent.InputTranscript, TranscriptionConfidence = 0.9 }];

        var spoken = LexHarness.Spoken(await harness.InvokeAsync(lexEvent));

        Assert.Contains("Printer jams on tray two", spoken);
        Assert.DoesNotContain("couldn't find", spoken);
    }

    [Fact]
    public async Task NoNumber_TwoOpen_OffersOnlyTwoChoices()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Wifi drops", age: TimeSpan.FromDays(3));
        harness.Tickets.Seed("emp-1001", "Excel crashes", age: TimeSpan.FromDays(2));

        var spoken = LexHarness.Spoken(await harness.InvokeAsync("check-status-dialog-no-number.json"));

        Assert.Contains("Say first or second, or press 1 or 2.", spoken);
        Assert.DoesNotContain("third", spoken);
    }

    [Fact]
    public async Task NumberNotFoundThreeTimes_HandsOff()
    {
        var harness = new LexHarness();
        var template = LexHarness.Load("check-status-dialog-dtmf.json");
        var response = await harness.InvokeAsync(template);
        Assert.Contains("couldn't find ticket", LexHarness.Spoken(response));

        response = await harness.InvokeAsync(LexHarness.Next(response, template, "55555", LexValues.Dtmf));
        response = await harness.InvokeAsync(LexHarness.Next(response, template, "66666", LexValues.Dtmf));

        Assert.Equal(BotContract.HandoffReasons.RetriesExhausted, LexHarness.Attribute(response, SessionKeys.HandoffReason));
    }

    [Fact]
    public async Task BackendDown_HandsOff()
    {
        var harness = new LexHarness();
        harness.Tickets.FailWith = FailureKind.Unavailable;

        var response = await harness.InvokeAsync("check-status-dialog-no-number.json");

        Assert.Equal(BotContract.HandoffReasons.BackendUnavailable, LexHarness.Attribute(response, SessionKeys.HandoffReason));
        Assert.Contains("colleague", LexHarness.Spoken(response));
    }
}
