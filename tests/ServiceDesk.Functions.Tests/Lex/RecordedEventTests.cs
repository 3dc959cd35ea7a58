using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Callers;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests.Lex;

public class RecordedEventTests
{
    public static TheoryData<string, string> Expected => new()
    {
        { "report-issue-dialog-speech.json", LexValues.ElicitSlot },
        { "report-issue-dialog-generic.json", LexValues.ElicitSlot },
        { "report-issue-dialog-impact-dtmf.json", LexValues.ConfirmIntent },
        { "report-issue-dialog-confirmed.json", LexValues.Delegate },
        { "report-issue-fulfillment.json", LexValues.ElicitIntent },
        { "check-status-dialog-speech.json", LexValues.ElicitIntent },
        { "check-status-dialog-no-number.json", LexValues.ElicitIntent },
        { "check-status-dialog-dtmf.json", LexValues.ElicitIntent },
        { "check-status-dialog-multi-transcription.json", LexValues.ElicitIntent },
        { "check-status-fulfillment.json", LexValues.ElicitIntent },
        { "add-comment-dialog-speech.json", LexValues.ElicitSlot },
        { "add-comment-dialog-comment-speech.json", LexValues.Delegate },
        { "add-comment-fulfillment.json", LexValues.ElicitIntent },
        { "list-recent-dialog-speech.json", LexValues.ElicitIntent },
        { "list-recent-fulfillment.json", LexValues.ElicitIntent },
        { "speak-to-agent-dialog-speech.json", LexValues.Close },
        { "speak-to-agent-dialog-dtmf.json", LexValues.Close },
        { "speak-to-agent-fulfillment.json", LexValues.Close },
        { "goodbye-dialog-speech.json", LexValues.Close },
        { "goodbye-fulfillment.json", LexValues.Close },
        { "fallback-dialog-speech.json", LexValues.ElicitIntent },
        { "fallback-fulfillment.json", LexValues.ElicitIntent },
        { "unidentified-check-status.json", LexValues.ElicitSlot },
        { "unidentified-employee-id-dtmf.json", LexValues.ElicitSlot },
        { "unidentified-employee-id-speech.json", LexValues.ElicitSlot },
        { "schedule-visit-dialog-speech.json", LexValues.ElicitSlot },
        { "schedule-visit-fulfillment.json", LexValues.ElicitIntent },
        { "reschedule-visit-dialog-speech.json", LexValues.ElicitSlot },
        { "reschedule-visit-fulfillment.json", LexValues.ElicitIntent },
        { "cancel-visit-dialog-speech.json", LexValues.ElicitIntent },
        { "cancel-visit-fulfillment.json", LexValues.ElicitIntent },
    };

    /// <summary>
    /// Lex retries a fulfilment that was slow to answer, and the retry may land on another container: the visit is
    /// booked once, and both answers say so.
    /// </summary>
    [Fact]
    public async Task VisitBooking_RetriedOnAnotherContainer_IsBookedOnce()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Cracked laptop screen");

        var first = await harness.InvokeAsync("schedule-visit-fulfillment.json");
        harness.Function = harness.NewContainer();
        var retried = await harness.InvokeAsync("schedule-visit-fulfillment.json");

        Assert.Equal(1, harness.Scheduler.Booked);
        Assert.Equal(new DateTime(2026, 11, 3, 9, 0, 0), harness.Scheduler.LastBooked);
        Assert.Contains("Booked", LexHarness.Spoken(first));
        Assert.Equal(LexHarness.Spoken(first), LexHarness.Spoken(retried));
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task RecordedEvent_RunsThroughTheHandler(string file, string expectedAction)
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Printer on floor 3 jams", age: TimeSpan.FromDays(2));

        var response = await harness.InvokeAsync(file);

        Assert.Equal(expectedAction, response.SessionState.DialogAction!.Type);
        LexHarness.AssertWellFormed(response, harness.LastBytes);
        if (expectedAction is not LexValues.Delegate && response.SessionState.Intent?.Name != Functions.Lex.BotContract.Goodbye)
        {
            // Lex plays nothing itself after our answer (the flow says goodbye): anything else must say something.
            Assert.NotEmpty(LexHarness.Spoken(response).Trim());
        }
    }

    /// <summary>Every ticket-reading intent, with the ticket system down, ends with a person and a reason.</summary>
    [Theory]
    [InlineData("check-status-dialog-speech.json")]
    [InlineData("add-comment-fulfillment.json")]
    [InlineData("list-recent-dialog-speech.json")]
    [InlineData("list-recent-fulfillment.json")]
    [InlineData("report-issue-fulfillment.json")]
    public async Task RecordedEvent_WhenTheBackendIsDown_HandsOffWithTheReason(string file)
    {
        var harness = new LexHarness();
        harness.Tickets.FailWith = Core.FailureKind.Unavailable;

        var response = await harness.InvokeAsync(file);

        Assert.Equal(LexValues.Close, response.SessionState.DialogAction!.Type);
        Assert.Equal(Functions.Lex.BotContract.HandoffReasons.BackendUnavailable, LexHarness.Attribute(response, SessionKeys.HandoffReason));
        Assert.Contains("colleague", LexHarness.Spoken(response));
        LexHarness.AssertWellFormed(response, harness.LastBytes);
    }

    [Fact]
    public void EveryRecordedEvent_HasAnExpectation_AndCarriesTheFlowContract()
    {
        var files = Directory.GetFiles(RepoPaths.Of("tests", "events", "lex"), "*.json").Select(f => Path.GetFileName(f)!).Order().ToList();
        var expected = Expected.Select(row => row.Data.Item1).Order().ToList();

        Assert.Equal(expected, files);
        foreach (var file in files)
        {
            var lexEvent = LexHarness.Load(file!);
            Assert.True(lexEvent.SessionState?.SessionAttributes?.ContainsKey(SessionKeys.CallerVerifiedBy) == true
                        || file!.StartsWith("unidentified", StringComparison.Ordinal), file);
        }
    }

    [Fact]
    public void RecordedEvents_CoverEveryIntentAndBothHookTypes_SpeechDtmfAndNBest()
    {
        var events = Directory.GetFiles(RepoPaths.Of("tests", "events", "lex"), "*.json").Select(f => LexJson.ReadEvent(File.ReadAllBytes(f))).ToList();

        foreach (var intent in Functions.Lex.BotContract.Intents)
        {
            Assert.Contains(events, e => e.SessionState!.Intent!.Name == intent && e.InvocationSource == LexValues.DialogCodeHook);
            Assert.Contains(events, e => e.SessionState!.Intent!.Name == intent && e.InvocationSource == LexValues.FulfillmentCodeHook);
        }

        Assert.Contains(events, e => e.InputMode == LexValues.Dtmf);
        Assert.Contains(events, e => e.Transcriptions?.Count > 1);
    }
}
