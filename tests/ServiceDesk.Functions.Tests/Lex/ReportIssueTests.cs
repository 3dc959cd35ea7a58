using ServiceDesk.Wire.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.Lex;

namespace ServiceDesk.Functions.Tests.Lex;

public class ReportIssueTests
{
    [Fact]
    public async Task Dialog_WhenFirstWordsDescribeTheProblem_AsksOnlyForImpact()
    {
        var response = await new LexHarness().InvokeAsync("report-issue-dialog-speech.json");

        Assert.Equal(BotContract.Slots.Impact, response.SessionState.DialogAction!.SlotToElicit);
        Assert.Equal("my laptop won't turn on", response.SessionState.Intent!.Slots![BotContract.Slots.Problem]!.Value!.OriginalValue);
    }

    [Fact]
    public async Task Dialog_WhenOnlyAskedToReport_AsksForTheProblem()
    {
        var response = await new LexHarness().InvokeAsync("report-issue-dialog-generic.json");

        Assert.Equal(BotContract.Slots.Problem, response.SessionState.DialogAction!.SlotToElicit);
    }

    [Fact]
    public async Task Dialog_ImpactKeyedIn_ConfirmsInOneShortSentence()
    {
        var response = await new LexHarness().InvokeAsync("report-issue-dialog-impact-dtmf.json");

        Assert.Equal(LexValues.ConfirmIntent, response.SessionState.DialogAction!.Type);
        Assert.Equal("my team", response.SessionState.Intent!.Slots![BotContract.Slots.Impact]!.Value!.InterpretedValue);
        Assert.Equal("So: my laptop won't turn on, affecting your team. Shall I log that? Say yes or no, or press 1 or 2.", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task WholeConversation_CreatesOneTriagedTicket_ReadBackDigitByDigit()
    {
        var harness = new LexHarness();
        var template = LexHarness.Load("report-issue-dialog-speech.json");
        var response = await harness.InvokeAsync(template);
        response = await harness.InvokeAsync(LexHarness.Next(response, template, "the whole office"));
        Assert.Equal(LexValues.ConfirmIntent, response.SessionState.DialogAction!.Type);

        response = await harness.InvokeAsync(LexHarness.Next(response, template, "1", LexValues.Dtmf));
        Assert.Equal(LexValues.Delegate, response.SessionState.DialogAction!.Type);

        var fulfil = LexHarness.Next(response, template, "1");
        fulfil.InvocationSource = LexValues.FulfillmentCodeHook;
        response = await harness.InvokeAsync(fulfil);

        var ticket = Assert.Single(harness.Tickets.All);
        Assert.Equal(("emp-1001", TicketCategory.Hardware, TicketImpact.Organization, TicketPriority.P2), (ticket.CallerId, ticket.Category, ticket.Impact, ticket.Priority));
        Assert.Contains($"<say-as interpret-as=\"digits\">{ticket.Number.Digits}</say-as>", response.Messages![0].Content);
        Assert.Contains("my laptop won't turn on", LexHarness.Spoken(response));
        Assert.Contains(ticket.Number.ToString(), LexHarness.Memory(response).Touched);
    }

    [Fact]
    public async Task Fulfillment_RetriedByLex_CreatesOneTicket()
    {
        var harness = new LexHarness();

        var first = await harness.InvokeAsync("report-issue-fulfillment.json");
        var retry = await harness.InvokeAsync("report-issue-fulfillment.json");

        Assert.Single(harness.Tickets.All);
        Assert.Equal(2, harness.Tickets.CreateCalls);
        Assert.Equal(LexHarness.Spoken(first), LexHarness.Spoken(retry));
        Assert.StartsWith("lex:", harness.Tickets.All.Single().IdempotencyKey);
    }

    [Fact]
    public async Task Fulfillment_TwoCallersOnOneSharedLineContact_SameWords_GetATicketEach()
    {
        var harness = new LexHarness();
        var grace = LexHarness.Load("report-issue-fulfillment.json");
        var linus = LexHarness.Load("report-issue-fulfillment.json");
        foreach (var (lexEvent, id) in new[] { (grace, "emp-1002"), (linus, "emp-1003") })
        {
            lexEvent.SessionState!.SessionAttributes![SessionKeys.CallerId] = id;
            lexEvent.SessionState.SessionAttributes[SessionKeys.CallerVerifiedBy] = "employeeIdPin";
            lexEvent.SessionState.SessionAttributes[SessionKeys.InitialContactId] = "shared-line-contact";
        }

        await harness.InvokeAsync(grace);
        var second = await harness.InvokeAsync(linus);

        Assert.Equal(["emp-1002", "emp-1003"], harness.Tickets.All.Select(t => t.CallerId).Order());
        Assert.Contains(harness.Tickets.All.Single(t => t.CallerId == "emp-1003").Number.Digits, second.Messages![0].Content);
    }

    [Fact]
    public async Task Fulfillment_RetriedWithANewRequestId_CreatesOneTicket()
    {
        var harness = new LexHarness();
        var first = LexHarness.Load("report-issue-fulfillment.json");
        var retry = LexHarness.Load("report-issue-fulfillment.json");
        first.SessionState!.OriginatingRequestId = "req-1";
        retry.SessionState!.OriginatingRequestId = "req-2";

        await harness.InvokeAsync(first);
        await harness.InvokeAsync(retry);

        Assert.Single(harness.Tickets.All);
    }

    [Fact]
    public async Task Dialog_WhenAnOpenTicketLooksTheSame_OffersToAddToIt_AndYesAddsAComment()
    {
        var harness = new LexHarness();
        var existing = harness.Tickets.Seed("emp-1001", "Laptop won't turn on after the update", age: TimeSpan.FromDays(1));
        var template = LexHarness.Load("report-issue-dialog-impact-dtmf.json");

        var response = await harness.InvokeAsync(template);
        Assert.Equal(BotContract.Slots.AddToExisting, response.SessionState.DialogAction!.SlotToElicit);
        Assert.Contains("You already have ticket", LexHarness.Spoken(response));

        response = await harness.InvokeAsync(LexHarness.Next(response, template, "yes"));
        Assert.Equal(LexValues.Delegate, response.SessionState.DialogAction!.Type);

        var fulfil = LexHarness.Next(response, template, "yes");
        fulfil.InvocationSource = LexValues.FulfillmentCodeHook;
        response = await harness.InvokeAsync(fulfil);

        var only = Assert.Single(harness.Tickets.All);
        Assert.Equal(existing.Number, only.Number);
        Assert.Equal("my laptop won't turn on", Assert.Single(only.Comments).Text);
        Assert.Contains("added that to ticket", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task Dialog_WhenTheSameOpenTicketIsBehindFiftyNewerOnes_StillOffersToAddToIt()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Laptop won't turn on after the update", age: TimeSpan.FromDays(2));
        for (var i = 0; i < TicketRules.MaxListLimit + 5; i++)
        {
            harness.Tickets.Seed("emp-1001", $"Password reset {i}", TicketStatus.Closed, TimeSpan.FromHours(40 - (i * 0.5)));
        }

        var response = await harness.InvokeAsync("report-issue-dialog-impact-dtmf.json");

        Assert.Equal(BotContract.Slots.AddToExisting, response.SessionState.DialogAction!.SlotToElicit);
        Assert.Contains("You already have ticket", LexHarness.Spoken(response));
        Assert.Contains("after the update", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task Dialog_WhenCallerSaysNoToTheDuplicate_ConfirmsANewTicket()
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Laptop won't turn on after the update");
        var template = LexHarness.Load("report-issue-dialog-impact-dtmf.json");
        var response = await harness.InvokeAsync(template);

        response = await harness.InvokeAsync(LexHarness.Next(response, template, "2", LexValues.Dtmf));

        Assert.Equal(LexValues.ConfirmIntent, response.SessionState.DialogAction!.Type);
    }

    [Fact]
    public async Task Dialog_WhenDenied_AsksWhatToChange_AndACorrectionIsConfirmedAgain()
    {
        var harness = new LexHarness();
        var lexEvent = LexHarness.Load("report-issue-dialog-confirmed.json");
        lexEvent.SessionState!.Intent!.ConfirmationState = LexValues.Denied;
        lexEvent.InputTranscript = "no";

        var response = await harness.InvokeAsync(lexEvent);

        Assert.Equal(BotContract.Slots.Problem, response.SessionState.DialogAction!.SlotToElicit);
        Assert.Null(response.SessionState.Intent!.Slots![BotContract.Slots.Problem]);
        Assert.Contains("haven't logged it", LexHarness.Spoken(response));

        var corrected = await harness.InvokeAsync(LexHarness.Next(response, lexEvent, "it's the docking station, not the laptop"));

        Assert.Equal(LexValues.ConfirmIntent, corrected.SessionState.DialogAction!.Type);
        Assert.Contains("my docking station won't turn on", LexHarness.Spoken(corrected));
        Assert.Empty(harness.Tickets.All);
    }

    [Theory]
    [InlineData(FailureKind.Unavailable)]
    [InlineData(FailureKind.Throttled)]
    public async Task Fulfillment_WhenBackendDown_HandsOffWithSummary(FailureKind kind)
    {
        var harness = new LexHarness();
        harness.Tickets.FailWith = kind;

        var response = await harness.InvokeAsync("report-issue-fulfillment.json");

        Assert.Equal(LexValues.Close, response.SessionState.DialogAction!.Type);
        Assert.Equal(LexValues.Failed, response.SessionState.Intent!.State);
        Assert.Equal("agent", LexHarness.Attribute(response, SessionKeys.Handoff));
        Assert.Equal(BotContract.HandoffReasons.BackendUnavailable, LexHarness.Attribute(response, SessionKeys.HandoffReason));
        var summary = LexHarness.Attribute(response, SessionKeys.HandoffSummary)!;
        Assert.Contains("Ada Lovelace (emp-1001), verified by phone", summary);
        Assert.Contains("report a problem \"my laptop won't turn on\"", summary);
        Assert.DoesNotContain("simulated", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task Dialog_ProblemNeverUnderstood_HandsOffAfterTwoRetries()
    {
        var harness = new LexHarness();
        var template = LexHarness.Load("report-issue-dialog-generic.json");
        var response = await harness.InvokeAsync(template);

        for (var i = 0; i < 3; i++)
        {
            response = await harness.InvokeAsync(LexHarness.Next(response, template, string.Empty));
        }

        Assert.Equal(BotContract.HandoffReasons.RetriesExhausted, LexHarness.Attribute(response, SessionKeys.HandoffReason));
    }
}
