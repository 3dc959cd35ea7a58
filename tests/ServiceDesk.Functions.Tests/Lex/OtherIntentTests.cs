using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.Lex;

namespace ServiceDesk.Functions.Tests.Lex;

public class AddTicketCommentTests
{
    [Fact]
    public async Task Dialog_WithNumberButNoComment_AsksWhatToAdd()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Laptop fan is loud");

        var response = await harness.InvokeAsync("add-comment-dialog-speech.json");

        Assert.Equal(BotContract.Slots.Comment, response.SessionState.DialogAction!.SlotToElicit);
        Assert.Equal("INC0012345", response.SessionState.Intent!.Slots![BotContract.Slots.TicketNumber]!.Value!.InterpretedValue);
    }

    [Fact]
    public async Task Dialog_CommentWithDigits_IsNotMistakenForATicketNumber()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Laptop fan is loud");
        var lexEvent = LexHarness.Load("add-comment-dialog-comment-speech.json");
        lexEvent.InputTranscript = "it did it again at 3 and 4";

        var response = await harness.InvokeAsync(lexEvent);

        Assert.Equal(LexValues.Delegate, response.SessionState.DialogAction!.Type);
        Assert.Equal("it did it again at 3 and 4", response.SessionState.Intent!.Slots![BotContract.Slots.Comment]!.Value!.OriginalValue);
    }

    [Fact]
    public async Task Fulfillment_AddsTheCommentToTheCallersTicket()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Laptop fan is loud");

        var response = await harness.InvokeAsync("add-comment-fulfillment.json");

        Assert.Equal("it happened again this morning after the update", Assert.Single(harness.Tickets.All.Single().Comments).Text);
        Assert.Contains("added that to ticket", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task Fulfillment_OnSomeoneElsesTicket_AddsNothing()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1002", "Grace's ticket");

        var response = await harness.InvokeAsync("add-comment-fulfillment.json");

        Assert.Empty(harness.Tickets.All.Single().Comments);
        Assert.Equal(BotContract.Slots.TicketNumber, response.SessionState.DialogAction!.SlotToElicit);
    }
}

public class ListRecentTicketsTests
{
    [Fact]
    public async Task ReadsTheThreeMostRecent()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "First problem", age: TimeSpan.FromDays(5));
        harness.Tickets.Seed("emp-1001", "Second problem", TicketStatus.Resolved, TimeSpan.FromDays(4));
        harness.Tickets.Seed("emp-1001", "Third problem", age: TimeSpan.FromDays(3));
        harness.Tickets.Seed("emp-1001", "Fourth problem", age: TimeSpan.FromDays(2));
        harness.Tickets.Seed("emp-1002", "Not Ada's");

        var response = await harness.InvokeAsync("list-recent-dialog-speech.json");

        var spoken = LexHarness.Spoken(response);
        Assert.StartsWith("Your 3 most recent tickets.", spoken);
        Assert.Contains("Second problem, is resolved", spoken);
        Assert.DoesNotContain("First problem", spoken);
        Assert.DoesNotContain("Not Ada's", spoken);
    }

    [Fact]
    public async Task WhenNone_SaysSo()
    {
        var response = await new LexHarness().InvokeAsync("list-recent-fulfillment.json");

        Assert.Contains("no tickets", LexHarness.Spoken(response));
    }
}

public class SpeakToAgentAndGoodbyeTests
{
    [Theory]
    [InlineData("speak-to-agent-dialog-speech.json")]
    [InlineData("speak-to-agent-dialog-dtmf.json")]
    [InlineData("speak-to-agent-fulfillment.json")]
    public async Task SpeakToAgent_ClosesWithTheHandoffContract(string file)
    {
        var response = await new LexHarness().InvokeAsync(file);

        Assert.Equal(LexValues.Close, response.SessionState.DialogAction!.Type);
        Assert.Equal(LexValues.Fulfilled, response.SessionState.Intent!.State);
        Assert.Equal("agent", LexHarness.Attribute(response, SessionKeys.Handoff));
        Assert.Equal(BotContract.HandoffReasons.CallerRequest, LexHarness.Attribute(response, SessionKeys.HandoffReason));
        Assert.Equal("Ada Lovelace (emp-1001), verified by phone. Wanted: speak to a person. Reason: caller request.",
            LexHarness.Attribute(response, SessionKeys.HandoffSummary));
        Assert.Equal("+14155550100", LexHarness.Attribute(response, SessionKeys.CallerPhone));
    }

    [Fact]
    public async Task SpeakToAgent_EvenWithNoTimeLeft_HandsOffToAPerson()
    {
        var harness = new LexHarness { TimeLeft = TimeSpan.FromMilliseconds(100) };

        var response = await harness.InvokeAsync("speak-to-agent-dialog-speech.json");

        Assert.Equal(BotContract.HandoffReasons.CallerRequest, LexHarness.Attribute(response, SessionKeys.HandoffReason));
    }

    [Fact]
    public async Task Goodbye_Closes_AndEndsAnAgentSessionItUsed()
    {
        var harness = new LexHarness();
        var lexEvent = LexHarness.Load("goodbye-dialog-speech.json");
        LexHarness.Remember(lexEvent, m => m.AgentUsed = true);

        var response = await harness.InvokeAsync(lexEvent);

        Assert.Equal(LexValues.Fulfilled, response.SessionState.Intent!.State);
        Assert.Null(LexHarness.Attribute(response, SessionKeys.Handoff));
        Assert.Equal(1, harness.Agent.EndedSessions);
        Assert.Null(response.Messages);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData(null, 0)]
    public async Task HandoffToAPerson_EndsTheAgentSession_OnlyWhenTheCallUsedIt(string? agentUsed, int ended)
    {
        var harness = new LexHarness();
        var lexEvent = LexHarness.Load("speak-to-agent-dialog-speech.json");
        if (agentUsed is not null)
        {
            LexHarness.Remember(lexEvent, m => m.AgentUsed = true);
        }

        var response = await harness.InvokeAsync(lexEvent);

        Assert.Equal("agent", LexHarness.Attribute(response, SessionKeys.Handoff));
        Assert.Equal(ended, harness.Agent.EndedSessions);
    }

    [Fact]
    public async Task SpeakToAgent_AfterHours_OffersATicketInsteadOfATransfer()
    {
        var lexEvent = LexHarness.Load("speak-to-agent-dialog-speech.json");
        lexEvent.SessionState!.SessionAttributes!["afterHours"] = "true";

        var response = await new LexHarness().InvokeAsync(lexEvent);

        Assert.Equal(LexValues.ElicitIntent, response.SessionState.DialogAction!.Type);
        Assert.Null(LexHarness.Attribute(response, SessionKeys.Handoff));
        Assert.Contains("log a ticket", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task FailureAfterHours_DoesNotPromiseATransfer()
    {
        var harness = new LexHarness();
        harness.Tickets.FailWith = Core.FailureKind.Unavailable;
        var lexEvent = LexHarness.Load("check-status-dialog-no-number.json");
        lexEvent.SessionState!.SessionAttributes!["afterHours"] = "true";

        var response = await harness.InvokeAsync(lexEvent);

        Assert.DoesNotContain("colleague", LexHarness.Spoken(response));
        Assert.Contains("team is away", LexHarness.Spoken(response));
    }
}

public class FallbackIntentTests
{
    [Fact]
    public async Task Answered_SpeaksTheAgentsText_WithTheCallerFromTheSessionAndTheBudget()
    {
        var harness = new LexHarness();

        var response = await harness.InvokeAsync("fallback-dialog-speech.json");

        var turn = Assert.Single(harness.Agent.Turns);
        Assert.Equal("emp-1001", turn.Caller.CallerId);
        Assert.Equal(VerifiedBy.Phone, turn.Caller.VerifiedBy);
        Assert.Equal("how do I connect to the printer on the third floor", turn.Text);
        Assert.True(turn.Budget <= harness.Settings.AgentTurnBudget && turn.Budget > TimeSpan.Zero);
        Assert.Contains("pick Floor 3", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task TheAgentsBudget_LeavesTimeForTheTicketStepItMayLeadTo()
    {
        var harness = new LexHarness { TimeLeft = TimeSpan.FromSeconds(3) };

        await harness.InvokeAsync("fallback-dialog-speech.json");

        var remaining = TimeSpan.FromSeconds(3) - LexTurn.SafetyMargin;
        Assert.True(Assert.Single(harness.Agent.Turns).Budget <= remaining - LexFulfillmentFunction.MinimumBackendTime);
    }

    [Fact]
    public async Task WithNoTimeForTheAgent_HandsOffWithoutAsking()
    {
        var harness = new LexHarness { TimeLeft = TimeSpan.FromSeconds(1.2) };

        var response = await harness.InvokeAsync("fallback-dialog-speech.json");

        Assert.Empty(harness.Agent.Turns);
        Assert.Equal(BotContract.HandoffReasons.Deadline, LexHarness.Attribute(response, SessionKeys.HandoffReason));
    }

    [Fact]
    public async Task UnidentifiedCaller_ReachesTheAgentUnverified()
    {
        var harness = new LexHarness();
        var lexEvent = LexHarness.Load("fallback-dialog-speech.json");
        lexEvent.SessionState!.SessionAttributes = new() { [SessionKeys.CallerVerifiedBy] = "none", [SessionKeys.CallerId] = "emp-1001" };

        await harness.InvokeAsync(lexEvent);

        Assert.False(Assert.Single(harness.Agent.Turns).Caller.IsVerified);
    }

    [Fact]
    public async Task TwoMisses_OfferAPerson_AndYesHandsOff()
    {
        var harness = new LexHarness();
        harness.Agent.Reply = _ => new AgentReply(AgentOutcome.Unavailable, string.Empty, []);
        var template = LexHarness.Load("fallback-dialog-speech.json");

        var first = await harness.InvokeAsync(template);
        Assert.Contains("report a problem", LexHarness.Spoken(first));
        var second = await harness.InvokeAsync(LexHarness.Next(first, template, "what about the thing"));
        Assert.Contains("Would you like to speak to a person?", LexHarness.Spoken(second));

        var yes = await harness.InvokeAsync(LexHarness.Next(second, template, "yes"));

        Assert.Equal(BotContract.HandoffReasons.CallerRequest, LexHarness.Attribute(yes, SessionKeys.Handoff) is null ? null : LexHarness.Attribute(yes, SessionKeys.HandoffReason));
        Assert.Equal(2, harness.Agent.Turns.Count);
    }

    [Theory]
    [InlineData("fallback-dialog-speech.json")]
    [InlineData("fallback-fulfillment.json")]
    public async Task NoArticleForAQuestion_SaysSo_AndTheQuestionIsTheProblemOfTheTicketOffered(string file)
    {
        var harness = new LexHarness();
        harness.Agent.Reply = _ => new AgentReply(AgentOutcome.SuggestTicket, "The offline assistant has no article for that, so let's log a ticket.", []);
        var lexEvent = LexHarness.Load(file);

        var response = await harness.InvokeAsync(lexEvent);

        Assert.Equal(BotContract.ReportIssue, response.SessionState.Intent!.Name);
        Assert.Equal(lexEvent.InputTranscript, response.SessionState.Intent.Slots![BotContract.Slots.Problem]!.Value!.OriginalValue);
        Assert.Equal(BotContract.Slots.Impact, response.SessionState.DialogAction!.SlotToElicit);
        Assert.StartsWith("The offline assistant has no article", LexHarness.Spoken(response));
        Assert.Empty(harness.Tickets.All);
    }

    [Fact]
    public async Task NoArticleForChat_IsAMiss_NeverATicket()
    {
        var harness = new LexHarness();
        harness.Agent.Reply = _ => new AgentReply(AgentOutcome.SuggestTicket, "The offline assistant has no article for that, so let's log a ticket.", []);
        var lexEvent = LexHarness.Load("fallback-dialog-speech.json");
        lexEvent.InputTranscript = "right, fair enough";

        var response = await harness.InvokeAsync(lexEvent);

        Assert.Equal(LexValues.ElicitIntent, response.SessionState.DialogAction!.Type);
        Assert.Contains("You can report a problem", LexHarness.Spoken(response));
        Assert.Null(LexHarness.Memory(response).Problem);
    }

    [Fact]
    public async Task NoArticleForAFault_HandsTheCallersWordsToReportIssue()
    {
        var harness = new LexHarness();
        harness.Agent.Reply = _ => new AgentReply(AgentOutcome.SuggestTicket, "The offline assistant has no article for that, so let's log a ticket.", []);
        var lexEvent = LexHarness.Load("fallback-dialog-speech.json");
        lexEvent.InputTranscript = "my webcam shows a black picture in every meeting";

        var response = await harness.InvokeAsync(lexEvent);

        Assert.Equal(BotContract.ReportIssue, response.SessionState.Intent!.Name);
        Assert.Equal(lexEvent.InputTranscript, response.SessionState.Intent.Slots![BotContract.Slots.Problem]!.Value!.OriginalValue);
        Assert.Equal(BotContract.Slots.Impact, response.SessionState.DialogAction!.SlotToElicit);
        Assert.StartsWith("The offline assistant has no article", LexHarness.Spoken(response));
        Assert.Contains("affecting just you", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task NoArticleForAFault_ForAnUnidentifiedCaller_AsksWhoTheyAreAndKeepsTheProblem()
    {
        var harness = new LexHarness();
        harness.Agent.Reply = _ => new AgentReply(AgentOutcome.SuggestTicket, string.Empty, []);
        var lexEvent = LexHarness.Load("fallback-dialog-speech.json");
        lexEvent.InputTranscript = "the badge reader at the loading dock beeps red at me";
        lexEvent.SessionState!.SessionAttributes = new() { [SessionKeys.CallerVerifiedBy] = "none" };

        var response = await harness.InvokeAsync(lexEvent);

        Assert.Equal(BotContract.Slots.EmployeeId, response.SessionState.DialogAction!.SlotToElicit);
        Assert.Equal(lexEvent.InputTranscript, response.SessionState.Intent!.Slots![BotContract.Slots.Problem]!.Value!.OriginalValue);
        Assert.Equal(lexEvent.InputTranscript, LexHarness.Memory(response).Problem!.Told);
    }

    [Fact]
    public async Task TimedOutAfterATicketWasCreated_SpeaksItAndKeepsItForTheHandoff()
    {
        var harness = new LexHarness();
        var ticket = harness.Tickets.Seed("emp-1001", "Teams crashes when sharing");
        harness.Agent.Reply = _ => new AgentReply(AgentOutcome.TimedOut, string.Empty, [ticket.Number.ToString()]);

        var response = await harness.InvokeAsync("fallback-dialog-speech.json");

        Assert.Contains("taking too long", LexHarness.Spoken(response));
        Assert.Contains($"<say-as interpret-as=\"digits\">{ticket.Number.Digits}</say-as>", response.Messages![0].Content);
        Assert.Equal([ticket.Number.ToString()], LexHarness.Memory(response).Touched);
    }

    [Theory]
    [InlineData(AgentOutcome.TimedOut, "taking too long")]
    [InlineData(AgentOutcome.Unavailable, "can't answer that right now")]
    public async Task OtherOutcomes_HaveASpokenLine(AgentOutcome outcome, string expected)
    {
        var harness = new LexHarness();
        harness.Agent.Reply = _ => new AgentReply(outcome, "internal: ThrottlingException", []);

        var response = await harness.InvokeAsync("fallback-fulfillment.json");

        Assert.Contains(expected, LexHarness.Spoken(response));
        Assert.DoesNotContain("Throttling", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task AgentThrows_CallerHearsALine_NotTheException()
    {
        var harness = new LexHarness();
        harness.Agent.Reply = _ => throw new InvalidOperationException("secret stack detail");

        var response = await harness.InvokeAsync("fallback-fulfillment.json");

        Assert.DoesNotContain("secret", LexHarness.Spoken(response));
        Assert.Equal(LexValues.ElicitIntent, response.SessionState.DialogAction!.Type);
    }
}
