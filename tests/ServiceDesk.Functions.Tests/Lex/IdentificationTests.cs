using ServiceDesk.Aws.Lex;
using ServiceDesk.Core.Callers;
using ServiceDesk.Functions.Lex;

namespace ServiceDesk.Functions.Tests.Lex;

public class IdentificationTests
{
    [Fact]
    public async Task TicketIntent_WhenCallerUnidentified_AsksForEmployeeIdBeforeAnyTicketRead()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1002", "VPN drops every hour");

        var response = await harness.InvokeAsync("unidentified-check-status.json");

        Assert.Equal(BotContract.Slots.EmployeeId, response.SessionState.DialogAction!.SlotToElicit);
        Assert.Contains("employee I D", LexHarness.Spoken(response));
        Assert.DoesNotContain("VPN", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task EmployeeId_KeyedIn_IdentifiesAndAnswersInTheSameTurn()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1002", "VPN drops every hour");

        var response = await harness.InvokeAsync("unidentified-employee-id-dtmf.json");

        Assert.Equal("emp-1002", LexHarness.Attribute(response, SessionKeys.CallerId));
        Assert.Equal("Grace Hopper", LexHarness.Attribute(response, SessionKeys.CallerName));
        Assert.Equal("employeeId", LexHarness.Attribute(response, SessionKeys.CallerVerifiedBy));
        Assert.Contains("VPN drops every hour", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task EmployeeId_Spoken_IdentifiesTheCaller()
    {
        var harness = new LexHarness();

        var response = await harness.InvokeAsync("unidentified-employee-id-speech.json");

        Assert.Equal("emp-1003", LexHarness.Attribute(response, SessionKeys.CallerId));
        Assert.Contains("no tickets", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task EmployeeId_WrongThreeTimes_HandsOffAfterTwoRetries()
    {
        var harness = new LexHarness();
        var template = LexHarness.Load("unidentified-check-status.json");
        var response = await harness.InvokeAsync(template);

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            response = await harness.InvokeAsync(LexHarness.Next(response, template, "9999", LexValues.Dtmf));
            Assert.Equal(BotContract.Slots.EmployeeId, response.SessionState.DialogAction!.SlotToElicit);
            Assert.Contains("couldn't find", LexHarness.Spoken(response));
        }

        response = await harness.InvokeAsync(LexHarness.Next(response, template, "9999", LexValues.Dtmf));

        Assert.Equal(LexValues.Close, response.SessionState.DialogAction!.Type);
        Assert.Equal("agent", LexHarness.Attribute(response, SessionKeys.Handoff));
        Assert.Equal(BotContract.HandoffReasons.IdentificationFailed, LexHarness.Attribute(response, SessionKeys.HandoffReason));
        Assert.Contains("Unidentified caller", LexHarness.Attribute(response, SessionKeys.HandoffSummary));
        Assert.DoesNotContain("+14155550111", LexHarness.Attribute(response, SessionKeys.HandoffSummary));
    }

    [Fact]
    public async Task EmployeeId_IsNeverTakenFromALowerRankedTranscription()
    {
        // E1009 is nobody; the 0.3 alternative happens to be Grace's id. Taking it would open her tickets to this caller.
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1002", "Grace's private ticket");
        var template = LexHarness.Load("unidentified-check-status.json");
        var asked = await harness.InvokeAsync(template);
        var answer = LexHarness.Next(asked, template, "E one zero zero nine");
        answer.Transcriptions = [
            new LexTranscription { Transcription = "E one zero zero nine", TranscriptionConfidence = 0.8 },
            new LexTranscription { Transcription = "E one zero zero two", TranscriptionConfidence = 0.3 },
        ];

        var response = await harness.InvokeAsync(answer);

        Assert.Null(LexHarness.Attribute(response, SessionKeys.CallerId));
        Assert.Equal(BotContract.Slots.EmployeeId, response.SessionState.DialogAction!.SlotToElicit);
        Assert.DoesNotContain("Grace", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task EmployeeId_RetriesCountForTheWholeCall_NotPerIntent()
    {
        var harness = new LexHarness();
        var check = LexHarness.Load("unidentified-check-status.json");
        var response = await harness.InvokeAsync(check);
        response = await harness.InvokeAsync(LexHarness.Next(response, check, "9999", LexValues.Dtmf));
        response = await harness.InvokeAsync(LexHarness.Next(response, check, "9998", LexValues.Dtmf));
        Assert.Equal(BotContract.Slots.EmployeeId, response.SessionState.DialogAction!.SlotToElicit);

        // The caller switches intent to start the count again: asked once more, the third wrong id still ends with a person.
        var list = LexHarness.Next(response, check, "list my tickets");
        list.SessionState!.Intent = new LexIntent { Name = BotContract.ListRecentTickets, Slots = [] };
        response = await harness.InvokeAsync(list);
        Assert.Equal(BotContract.Slots.EmployeeId, response.SessionState.DialogAction!.SlotToElicit);
        response = await harness.InvokeAsync(LexHarness.Next(response, list, "9997", LexValues.Dtmf));

        Assert.Equal(BotContract.HandoffReasons.IdentificationFailed, LexHarness.Attribute(response, SessionKeys.HandoffReason));
    }

    [Fact]
    public async Task SessionAttributes_ClaimingAnIdWithoutVerification_AreNotTrusted()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Secret project laptop");
        var lexEvent = LexHarness.Load("check-status-dialog-no-number.json");
        lexEvent.SessionState!.SessionAttributes![SessionKeys.CallerVerifiedBy] = "none";

        var response = await harness.InvokeAsync(lexEvent);

        Assert.Equal(BotContract.Slots.EmployeeId, response.SessionState.DialogAction!.SlotToElicit);
        Assert.DoesNotContain("Secret", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task ReportIssue_Unidentified_KeepsTheProblemWhileAskingWhoIsCalling()
    {
        var harness = new LexHarness();
        var template = LexHarness.Load("report-issue-dialog-speech.json");
        template.SessionState!.SessionAttributes = new() { [SessionKeys.CallerVerifiedBy] = "none" };

        var response = await harness.InvokeAsync(template);
        Assert.Equal(BotContract.Slots.EmployeeId, response.SessionState.DialogAction!.SlotToElicit);

        response = await harness.InvokeAsync(LexHarness.Next(response, template, "1001", LexValues.Dtmf));

        Assert.Equal(BotContract.Slots.Impact, response.SessionState.DialogAction!.SlotToElicit);
        Assert.Equal("my laptop won't turn on", response.SessionState.Intent!.Slots![BotContract.Slots.Problem]!.Value!.OriginalValue);
        Assert.Equal("emp-1001", LexHarness.Attribute(response, SessionKeys.CallerId));
    }

    [Theory]
    [InlineData("E1001", "E1001")]
    [InlineData("e 1 0 0 1", "E1001")]
    [InlineData("E one zero zero one", "E1001")]
    [InlineData("my employee id is 1001", "E1001")]
    [InlineData("1001#", "E1001")]
    [InlineData("banana", null)]
    [InlineData("12", null)]
    public void Normalize_ReadsSpokenAndKeyedIds(string said, string? expected) =>
        Assert.Equal(expected, Identification.Normalize(said));
}
