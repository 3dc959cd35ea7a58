using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Callers;
using ServiceDesk.Functions.Lex;

namespace ServiceDesk.Functions.Tests.Lex;

/// <summary>Commands said at the ReportIssue confirmation ("So: my laptop won't turn on, affecting your team. Shall I log that?").</summary>
public class GlobalCommandsTests
{
    private const string Question = "<speak>So: my laptop won&apos;t turn on, affecting your team. Shall I log that? Say yes or no, or press 1 or 2.</speak>";

    [Theory]
    [InlineData("operator please", LexValues.Speech)]
    [InlineData("I need a technician on the line", LexValues.Speech)]
    [InlineData("0", LexValues.Dtmf)]
    public async Task Person_HandsOffAsTheCallersRequest_WithTheProblemInTheSummary(string said, string mode)
    {
        var harness = new LexHarness();

        var response = await harness.InvokeAsync(AtConfirmation(said, mode));

        Assert.Equal(LexValues.Close, response.SessionState.DialogAction!.Type);
        Assert.Equal("agent", LexHarness.Attribute(response, SessionKeys.Handoff));
        Assert.Equal(BotContract.HandoffReasons.CallerRequest, LexHarness.Attribute(response, SessionKeys.HandoffReason));
        Assert.Contains("Wanted: report a problem \"my laptop won't turn on\".", LexHarness.Attribute(response, SessionKeys.HandoffSummary));
        Assert.Empty(harness.Tickets.All);
    }

    [Theory]
    [InlineData("cheers, that's it")]
    [InlineData("no thanks, bye")]
    public async Task Goodbye_ClosesAsTheGoodbyeIntent_AndLogsNothing(string said)
    {
        var harness = new LexHarness();

        var response = await harness.InvokeAsync(AtConfirmation(said));

        Assert.Equal(LexValues.Close, response.SessionState.DialogAction!.Type);
        Assert.Equal((BotContract.Goodbye, LexValues.Fulfilled), (response.SessionState.Intent!.Name, response.SessionState.Intent.State));
        Assert.Equal("Okay, I haven't logged anything.", LexHarness.Spoken(response));
        Assert.Null(LexHarness.Attribute(response, SessionKeys.Handoff));
        Assert.Null(LexHarness.Memory(response).Problem);
        Assert.Empty(harness.Tickets.All);
    }

    [Fact]
    public async Task NoThanks_IsADenial_NotAGoodbye()
    {
        var harness = new LexHarness();

        var response = await harness.InvokeAsync(AtConfirmation("no thanks"));

        Assert.Equal(BotContract.ReportIssue, response.SessionState.Intent!.Name);
        Assert.Equal(BotContract.Slots.Problem, response.SessionState.DialogAction!.SlotToElicit);
        Assert.StartsWith("Okay, I haven't logged it. What should I change?", LexHarness.Spoken(response));
        Assert.Empty(harness.Tickets.All);
    }

    [Theory]
    [InlineData("yes, that's it")]
    [InlineData("yeah that's everything, log it")]
    public async Task AYesWithAGoodbyePhrase_AtTheConfirmation_IsAYes(string said)
    {
        var harness = new LexHarness();

        var response = await harness.InvokeAsync(AtConfirmation(said));

        Assert.Equal(LexValues.Delegate, response.SessionState.DialogAction!.Type);
        Assert.Equal(LexValues.Confirmed, response.SessionState.Intent!.ConfirmationState);
    }

    [Fact]
    public async Task SayThatAgain_RepeatsTheLastPrompt_WithTheSameDialogAction()
    {
        var lexEvent = LexHarness.Remember(AtConfirmation("say that again"), m => m.LastPrompt = Question);

        var response = await new LexHarness().InvokeAsync(lexEvent);

        Assert.Equal(LexValues.ConfirmIntent, response.SessionState.DialogAction!.Type);
        Assert.Equal(BotContract.ReportIssue, response.SessionState.Intent!.Name);
        Assert.Equal(Question, Assert.Single(response.Messages!).Content);
        Assert.Equal(DialogueMemory.Questions.Confirm, LexHarness.Memory(response).Awaiting);
    }

    [Fact]
    public async Task SayThatAgain_AtASlotQuestion_AsksTheSameSlotInTheSameWords()
    {
        var harness = new LexHarness();
        var template = LexHarness.Load("report-issue-dialog-speech.json");
        var asked = await harness.InvokeAsync(template);
        Assert.Equal(BotContract.Slots.Impact, asked.SessionState.DialogAction!.SlotToElicit);

        var again = await harness.InvokeAsync(LexHarness.Next(asked, template, "sorry, what?"));

        Assert.Equal(BotContract.Slots.Impact, again.SessionState.DialogAction!.SlotToElicit);
        Assert.Equal(asked.Messages![0].Content, again.Messages![0].Content);
        Assert.Equal("my laptop won't turn on", LexHarness.Memory(again).Problem!.Current);
    }

    [Theory]
    [InlineData("start over", "Okay, let's start again. How can I help?")]
    [InlineData("cancel that", "Okay, I've cancelled that. Nothing was logged. Anything else?")]
    public async Task StartOverAndCancel_ForgetTheReport_AndAskWhatNext(string said, string expected)
    {
        var harness = new LexHarness();

        var response = await harness.InvokeAsync(AtConfirmation(said));

        Assert.Equal(LexValues.ElicitIntent, response.SessionState.DialogAction!.Type);
        Assert.Equal(expected, LexHarness.Spoken(response));
        Assert.Null(LexHarness.Memory(response).Problem);
        Assert.Empty(harness.Tickets.All);
    }

    [Fact]
    public async Task AfterHours_ClosingWithoutATicket_ClosesAsTheGoodbyeIntent()
    {
        var lexEvent = AtConfirmation("cheers, that's it");
        lexEvent.SessionState!.SessionAttributes![LexTurn.AfterHoursKey] = "true";

        var response = await new LexHarness().InvokeAsync(lexEvent);

        Assert.Equal(LexValues.Close, response.SessionState.DialogAction!.Type);
        Assert.Equal(BotContract.Goodbye, response.SessionState.Intent!.Name);
        Assert.Null(LexHarness.Attribute(response, SessionKeys.Handoff));
        Assert.Equal(0, LexHarness.Memory(response).TicketsCreated);
    }

    [Fact]
    public async Task AfterHours_APersonAskedForWithAProblemInHand_GoesOnToLogIt()
    {
        var lexEvent = AtConfirmation("operator please");
        lexEvent.SessionState!.SessionAttributes![LexTurn.AfterHoursKey] = "true";

        var response = await new LexHarness().InvokeAsync(lexEvent);

        Assert.Equal(LexValues.ConfirmIntent, response.SessionState.DialogAction!.Type);
        Assert.Null(LexHarness.Attribute(response, SessionKeys.Handoff));
        Assert.StartsWith("The team is away, so I can't put you through, but I can log this for them.", LexHarness.Spoken(response));
        Assert.Contains("So: my laptop won't turn on, affecting your team. Shall I log that?", LexHarness.Spoken(response));
    }

    [Theory]
    [InlineData("my laptop won't restart")]
    [InlineData("I always forget it, my password")]
    public async Task AFaultThatSoundsLikeACommand_AnswersTheProblemQuestion(string said)
    {
        var harness = new LexHarness();
        var template = LexHarness.Load("report-issue-dialog-generic.json");
        var asked = await harness.InvokeAsync(template);
        Assert.Equal(BotContract.Slots.Problem, asked.SessionState.DialogAction!.SlotToElicit);

        var response = await harness.InvokeAsync(LexHarness.Next(asked, template, said));

        Assert.Equal(BotContract.ReportIssue, response.SessionState.Intent?.Name);
        Assert.Equal(said, LexHarness.Memory(response).Problem?.Current);
    }

    /// <summary>The caller's words at the confirmation question, which Lex maps to neither yes nor no.</summary>
    private static LexEvent AtConfirmation(string said, string mode = LexValues.Speech)
    {
        var lexEvent = LexHarness.Load("report-issue-dialog-confirmed.json");
        lexEvent.InputTranscript = said;
        lexEvent.InputMode = mode;
        lexEvent.Transcriptions = [new LexTranscription { Transcription = said, TranscriptionConfidence = 0.9 }];
        lexEvent.SessionState!.Intent!.ConfirmationState = LexValues.None;
        return lexEvent;
    }
}
