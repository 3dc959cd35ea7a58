using ServiceDesk.Wire.Lex;
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
    public async Task EmployeeId_KeyedIn_AsksForThePinAndOpensNothingYet()
    {
        // An employee id alone proves nothing: ids run in sequence from E1001.
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1002", "VPN drops every hour");

        var response = await harness.InvokeAsync("unidentified-employee-id-dtmf.json");

        Assert.Equal(BotContract.Slots.EmployeePin, response.SessionState.DialogAction!.SlotToElicit);
        Assert.Contains("PIN", LexHarness.Spoken(response));
        Assert.Null(LexHarness.Attribute(response, SessionKeys.CallerId));
        Assert.DoesNotContain("VPN", LexHarness.Spoken(response));
        Assert.DoesNotContain("Grace", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task EmployeeIdAndPin_Keyed_IdentifiesAndAnswersTheRequest()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1002", "VPN drops every hour");
        var template = LexHarness.Load("unidentified-employee-id-dtmf.json");
        var asked = await harness.InvokeAsync(template);

        var response = await harness.InvokeAsync(LexHarness.Next(asked, template, "1357", LexValues.Dtmf));

        Assert.Equal("emp-1002", LexHarness.Attribute(response, SessionKeys.CallerId));
        Assert.Equal("Grace Hopper", LexHarness.Attribute(response, SessionKeys.CallerName));
        Assert.Equal("employeeIdPin", LexHarness.Attribute(response, SessionKeys.CallerVerifiedBy));
        Assert.Contains("VPN drops every hour", LexHarness.Spoken(response));
    }

    [Theory]
    [InlineData("eight six four two")]
    [InlineData("my pin is 8642")]
    [InlineData("ate six for two")]
    public async Task EmployeeIdAndPin_Spoken_IdentifiesTheCaller(string pin)
    {
        var harness = new LexHarness();
        var template = LexHarness.Load("unidentified-employee-id-speech.json");
        var asked = await harness.InvokeAsync(template);

        var response = await harness.InvokeAsync(LexHarness.Next(asked, template, pin));

        Assert.Equal("emp-1003", LexHarness.Attribute(response, SessionKeys.CallerId));
        Assert.Contains("no tickets", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task EmployeeIdAndPin_InOneAnswer_AreBothTaken()
    {
        var harness = new LexHarness();
        var template = LexHarness.Load("unidentified-check-status.json");
        var asked = await harness.InvokeAsync(template);

        var response = await harness.InvokeAsync(LexHarness.Next(asked, template, "sure, it's E1003 and my PIN is eight six four two"));

        Assert.Equal("emp-1003", LexHarness.Attribute(response, SessionKeys.CallerId));
        Assert.DoesNotContain("PIN", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task EmployeeIdAndPin_InTheRequest_IdentifyAtOnce_AndTheIdIsNoTicketNumber()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1003", "Build server is out of disk space");
        var lexEvent = LexHarness.Load("unidentified-check-status.json");
        lexEvent.InputTranscript = "hey, it's Linus, E1003, PIN eight six four two, what's going on with my build server ticket";
        lexEvent.SessionState!.Intent!.Slots![BotContract.Slots.TicketNumber] = LexSlot.Scalar("1003", "E1003");

        var response = await harness.InvokeAsync(lexEvent);

        Assert.Equal("emp-1003", LexHarness.Attribute(response, SessionKeys.CallerId));
        Assert.Contains("disk space", LexHarness.Spoken(response));
        Assert.DoesNotContain("8642", System.Text.Encoding.UTF8.GetString(harness.LastBytes));
    }

    [Fact]
    public async Task EmployeeId_CorrectedAtThePinQuestion_AsksThatIdsPin_AndCountsNothingAgainstTheFirst()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1002", "Monitor arm snapped");
        var template = LexHarness.Load("unidentified-check-status.json");
        var response = await harness.InvokeAsync(template);
        response = await harness.InvokeAsync(LexHarness.Next(response, template, "E one zero zero three"));
        var correction = LexHarness.Next(response, template, "oh sorry, wrong one, mine's E1002");
        // Lex may fill the PIN slot from the id's digits: the words decide.
        correction.SessionState!.Intent!.Slots![BotContract.Slots.EmployeePin] = LexSlot.Scalar("1002", "1002");

        response = await harness.InvokeAsync(correction);
        Assert.Equal(BotContract.Slots.EmployeePin, response.SessionState.DialogAction!.SlotToElicit);
        response = await harness.InvokeAsync(LexHarness.Next(response, template, "one three five seven"));

        Assert.Equal("emp-1002", LexHarness.Attribute(response, SessionKeys.CallerId));
        Assert.Contains("Monitor arm", LexHarness.Spoken(response));
        Assert.Equal(PinAttempts.None, (await harness.PinAttempts.ReadAsync("emp-1003", TestContext.Current.CancellationToken)).Value);
    }

    [Fact]
    public async Task Pin_AskedWhy_IsExplained_AndNotCountedAsAMiss()
    {
        var harness = new LexHarness();
        var template = LexHarness.Load("unidentified-employee-id-dtmf.json");
        var response = await harness.InvokeAsync(template);

        response = await harness.InvokeAsync(LexHarness.Next(response, template, "why do you need that?"));

        Assert.Equal(BotContract.Slots.EmployeePin, response.SessionState.DialogAction!.SlotToElicit);
        Assert.Contains("private", LexHarness.Spoken(response));
        Assert.Equal(PinAttempts.None, (await harness.PinAttempts.ReadAsync("emp-1002", TestContext.Current.CancellationToken)).Value);
    }

    [Fact]
    public async Task Pin_WrongThenRight_Identifies_AndTheWrongOneIsForgotten()
    {
        var harness = new LexHarness();
        var template = LexHarness.Load("unidentified-employee-id-dtmf.json");
        var response = await harness.InvokeAsync(template);

        response = await harness.InvokeAsync(LexHarness.Next(response, template, "1111", LexValues.Dtmf));
        Assert.Equal(BotContract.Slots.EmployeePin, response.SessionState.DialogAction!.SlotToElicit);
        Assert.Contains("didn't match", LexHarness.Spoken(response));
        Assert.Equal(1, (await harness.PinAttempts.ReadAsync("emp-1002", TestContext.Current.CancellationToken)).Value!.Failures);

        response = await harness.InvokeAsync(LexHarness.Next(response, template, "1357", LexValues.Dtmf));

        Assert.Equal("employeeIdPin", LexHarness.Attribute(response, SessionKeys.CallerVerifiedBy));
        Assert.Equal(PinAttempts.None, (await harness.PinAttempts.ReadAsync("emp-1002", TestContext.Current.CancellationToken)).Value);
    }

    [Fact]
    public async Task Pin_WrongThreeTimes_HandsOff_AndThePinIsNowhereInTheResponse()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1002", "VPN drops every hour");
        var template = LexHarness.Load("unidentified-employee-id-dtmf.json");
        var response = await harness.InvokeAsync(template);

        foreach (var guess in new[] { "4821", "4822", "4823" })
        {
            response = await harness.InvokeAsync(LexHarness.Next(response, template, guess, LexValues.Dtmf));
        }

        Assert.Equal(LexValues.Close, response.SessionState.DialogAction!.Type);
        Assert.Equal(BotContract.HandoffReasons.PinNotVerified, LexHarness.Attribute(response, SessionKeys.HandoffReason));
        Assert.Null(LexHarness.Attribute(response, SessionKeys.CallerId));
        Assert.Contains("gave the employee id of emp-1002, PIN not verified", LexHarness.Attribute(response, SessionKeys.HandoffSummary));
        var wire = System.Text.Encoding.UTF8.GetString(harness.LastBytes);
        Assert.DoesNotContain("4823", wire);
        Assert.DoesNotContain("VPN", wire);
    }

    [Fact]
    public async Task Pin_LocksAcrossCalls_EvenTheRightPinWaitsForTheLockToEnd()
    {
        var harness = new LexHarness();
        var template = LexHarness.Load("unidentified-employee-id-dtmf.json");
        // Three calls, each hanging up after wrong guesses: five wrong in all lock the PIN.
        foreach (var guesses in new[] { new[] { "1111", "2222" }, ["3333", "4444"], ["5555"] })
        {
            var response = await harness.InvokeAsync(template);
            foreach (var guess in guesses)
            {
                response = await harness.InvokeAsync(LexHarness.Next(response, template, guess, LexValues.Dtmf));
            }
        }

        var call = await harness.InvokeAsync(template);
        var locked = await harness.InvokeAsync(LexHarness.Next(call, template, "1357", LexValues.Dtmf));
        Assert.Equal(BotContract.HandoffReasons.PinNotVerified, LexHarness.Attribute(locked, SessionKeys.HandoffReason));

        harness.Time.Advance(new PinPolicy().LockFor + TimeSpan.FromMinutes(1));
        call = await harness.InvokeAsync(template);
        var verified = await harness.InvokeAsync(LexHarness.Next(call, template, "1357", LexValues.Dtmf));
        Assert.Equal("employeeIdPin", LexHarness.Attribute(verified, SessionKeys.CallerVerifiedBy));
    }

    [Fact]
    public async Task Pin_WhenTheAttemptStoreIsDown_FailsClosed()
    {
        var harness = new LexHarness();
        harness.PinAttempts.Down = true;
        var template = LexHarness.Load("unidentified-employee-id-dtmf.json");
        var asked = await harness.InvokeAsync(template);

        var response = await harness.InvokeAsync(LexHarness.Next(asked, template, "1357", LexValues.Dtmf));

        Assert.Null(LexHarness.Attribute(response, SessionKeys.CallerId));
        Assert.Equal(BotContract.HandoffReasons.PinNotVerified, LexHarness.Attribute(response, SessionKeys.HandoffReason));
    }

    [Fact]
    public async Task Pin_HeardAsAnotherIntent_IsStillThePin()
    {
        var harness = new LexHarness();
        var template = LexHarness.Load("unidentified-employee-id-speech.json");
        var asked = await harness.InvokeAsync(template);
        var answer = LexHarness.Next(asked, template, "it's ate six for two");
        answer.SessionState!.Intent = new LexIntent { Name = BotContract.AddTicketComment, Slots = [] };

        var response = await harness.InvokeAsync(answer);

        Assert.Equal("emp-1003", LexHarness.Attribute(response, SessionKeys.CallerId));
    }

    [Fact]
    public async Task SessionMarkedVerifiedByAnEmployeeIdAlone_IsNotTrusted()
    {
        // Sessions from before the PIN said "employeeId": such a session proves nothing now.
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Secret project laptop");
        var lexEvent = LexHarness.Load("check-status-dialog-no-number.json");
        lexEvent.SessionState!.SessionAttributes![SessionKeys.CallerVerifiedBy] = "employeeId";

        var response = await harness.InvokeAsync(lexEvent);

        Assert.Equal(BotContract.Slots.EmployeeId, response.SessionState.DialogAction!.SlotToElicit);
        Assert.DoesNotContain("Secret", LexHarness.Spoken(response));
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
        Assert.Equal(BotContract.Slots.EmployeePin, response.SessionState.DialogAction!.SlotToElicit);
        response = await harness.InvokeAsync(LexHarness.Next(response, template, "2468", LexValues.Dtmf));

        Assert.Equal(BotContract.Slots.Impact, response.SessionState.DialogAction!.SlotToElicit);
        Assert.Equal("my laptop won't turn on", response.SessionState.Intent!.Slots![BotContract.Slots.Problem]!.Value!.OriginalValue);
        Assert.Equal("emp-1001", LexHarness.Attribute(response, SessionKeys.CallerId));
    }

    [Fact]
    public async Task ReportIssue_PinNotKnown_LogsTheProblemUnverified_AndReadsNoOtherTicket()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Laptop won't turn on");
        var template = LexHarness.Load("report-issue-dialog-speech.json");
        template.SessionState!.SessionAttributes = new() { [SessionKeys.CallerVerifiedBy] = "none" };
        var response = await harness.InvokeAsync(template);
        response = await harness.InvokeAsync(LexHarness.Next(response, template, "E one zero zero one"));

        response = await harness.InvokeAsync(LexHarness.Next(response, template, "sorry, I don't know my PIN"));
        Assert.Contains("can still log", LexHarness.Spoken(response));
        Assert.Equal(BotContract.Slots.Impact, response.SessionState.DialogAction!.SlotToElicit);
        response = await harness.InvokeAsync(LexHarness.Next(response, template, "just me"));
        Assert.Equal(LexValues.ConfirmIntent, response.SessionState.DialogAction!.Type);
        var yes = LexHarness.Next(response, template, "yes");
        yes.InvocationSource = LexValues.FulfillmentCodeHook;
        yes.SessionState!.Intent!.ConfirmationState = LexValues.Confirmed;
        response = await harness.InvokeAsync(yes);

        Assert.Contains("ticket number is", LexHarness.Spoken(response));
        Assert.DoesNotContain("already have", LexHarness.Spoken(response));
        Assert.Null(LexHarness.Attribute(response, SessionKeys.CallerId));
        var created = harness.Tickets.All.Last();
        Assert.Equal("emp-1001", created.CallerId);
        Assert.StartsWith("[Unverified caller", created.Description);

        // Reading tickets still needs the PIN: the same call asking for a status goes to a person.
        var status = LexHarness.Next(response, template, "what's the status of my other ticket");
        status.SessionState!.Intent = new LexIntent { Name = BotContract.CheckTicketStatus, Slots = [] };
        response = await harness.InvokeAsync(status);
        Assert.Equal(BotContract.HandoffReasons.PinNotVerified, LexHarness.Attribute(response, SessionKeys.HandoffReason));
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
