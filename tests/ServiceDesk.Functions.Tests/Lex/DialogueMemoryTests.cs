using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.Lex;

namespace ServiceDesk.Functions.Tests.Lex;

public class DialogueMemoryTests
{
    /// <summary>Every field away from its default, so a field the JSON drops shows up.</summary>
    private static DialogueMemory Full() => new()
    {
        Task = BotContract.CheckTicketStatus,
        Interrupted = BotContract.AddTicketComment,
        Awaiting = BotContract.Slots.TicketNumber,
        Pending = "the latest one I raised",
        LastPrompt = "<speak>Which ticket?</speak>",
        Problem = new ProblemMemory { Told = "my mouse keeps freezing", Current = "my keyboard keeps freezing", Details = ["since Monday", "only in Excel"] },
        Impact = TicketImpact.Team,
        Duplicate = "INC0012345",
        DuplicateChecked = true,
        SameProblem = false,
        TipOffered = true,
        Touched = ["INC0012345", "INC0012346"],
        Discussed = "INC0012346",
        Choices = [12346, 12345, 12340],
        TicketsCreated = 1,
        CreatedTickets = [12345],
        IdFailures = 2,
        Claimed = "emp-1002",
        PinMisses = 1,
        Unverified = true,
        TicketMisses = 3,
        SlotMisses = 4,
        Denials = 5,
        FallbackMisses = 6,
        Silences = 7,
        OfferedPerson = true,
        AgentUsed = true,
        StartedAt = DateTimeOffset.Parse("2026-12-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        Intents = ["ReportIssue", "CheckTicketStatus"],
        Turns = 4,
        AgentAnswers = 1,
        VisitTicket = "INC0012345",
        VisitDates = ["2026-12-08", "2026-12-10"],
        VisitTimes = ["09:00", "14:00"],
        VisitPage = 3,
        VisitPart = Core.Visits.DayPart.Afternoon,
        VisitDate = "2026-12-10",
        VisitTime = "14:00",
        VisitsBooked = 1,
    };

    [Fact]
    public void Full_SetsEveryField()
    {
        var full = Full();
        var fresh = new DialogueMemory();

        foreach (var property in typeof(DialogueMemory).GetProperties())
        {
            Assert.False(Same(property.GetValue(full), property.GetValue(fresh)), $"{property.Name} is left at its default");
        }
    }

    private static bool Same(object? a, object? b) => a is System.Collections.IEnumerable x and not string && b is System.Collections.IEnumerable y
        ? x.Cast<object>().SequenceEqual(y.Cast<object>())
        : Equals(a, b);

    [Fact]
    public void WriteThenRead_KeepsEveryField()
    {
        var original = Full();
        var attributes = new Dictionary<string, string>();

        original.WriteTo(attributes);
        var read = DialogueMemory.From(attributes);

        Assert.Equivalent(original, read, strict: true);
        Assert.Equal(original.Write(), read.Write());
    }

    [Fact]
    public void WriteTo_KeepsTheLastPromptOutOfTheJson_AsItWasSpoken()
    {
        var attributes = new Dictionary<string, string>();

        Full().WriteTo(attributes);

        Assert.Equal("<speak>Which ticket?</speak>", attributes[DialogueMemory.LastPromptKey]);
        Assert.DoesNotContain("speak", attributes[DialogueMemory.Key], StringComparison.Ordinal);
        new DialogueMemory().WriteTo(attributes);
        Assert.False(attributes.ContainsKey(DialogueMemory.LastPromptKey));
    }

    [Fact]
    public void WriteThenRead_KeepsAnUnansweredSameProblemApartFromANo()
    {
        var unanswered = DialogueMemory.Read(new DialogueMemory { SameProblem = null }.Write());
        var no = DialogueMemory.Read(new DialogueMemory { SameProblem = false }.Write());

        Assert.Null(unanswered.SameProblem);
        Assert.False(no.SameProblem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("not json at all")]
    [InlineData("{\"task\":\"ReportIssue\",")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"impact\":\"Galaxy\"}")]
    [InlineData("{\"touched\":5}")]
    public void Read_AnUnreadableOrMissingValue_IsAFreshMemory(string? json)
    {
        var memory = DialogueMemory.Read(json);

        Assert.Null(memory.Task);
        Assert.Null(memory.Problem);
        Assert.Empty(memory.Touched);
        Assert.Equal(new DialogueMemory().Write(), memory.Write());
    }

    [Fact]
    public void StartTask_KeepsAnOpenQuestionAskedWithNoTaskInHand()
    {
        var memory = new DialogueMemory { Task = null, Awaiting = DialogueMemory.Questions.TicketOffer, Pending = "the scanner one" };

        memory.StartTask(BotContract.ReportIssue);

        Assert.Equal(BotContract.ReportIssue, memory.Task);
        Assert.Equal(DialogueMemory.Questions.TicketOffer, memory.Awaiting);
        Assert.Equal("the scanner one", memory.Pending);
        Assert.Null(memory.Interrupted);
    }

    [Fact]
    public void StartTask_DropsTheSlotQuestionOfAnAbandonedTask_AndRemembersWhatWasInterrupted()
    {
        var memory = new DialogueMemory { Task = BotContract.CheckTicketStatus, Awaiting = BotContract.Slots.TicketNumber, Pending = "the latest one" };

        memory.StartTask(BotContract.SpeakToAgent);

        Assert.Equal(BotContract.SpeakToAgent, memory.Task);
        Assert.Null(memory.Awaiting);
        Assert.Null(memory.Pending);
        Assert.Equal(BotContract.CheckTicketStatus, memory.Interrupted);
    }

    [Fact]
    public void StartTask_ResetsTheTasksCounters_AndKeepsTheCallsMemory()
    {
        var memory = Full();

        memory.StartTask(BotContract.ReportIssue);

        Assert.Equal((0, 0, 0), (memory.TicketMisses, memory.SlotMisses, memory.Denials));
        Assert.Equal("my keyboard keeps freezing", memory.Problem!.Current);
        Assert.Equal(["INC0012345", "INC0012346"], memory.Touched);
        Assert.Equal((1, 2, 6, 7), (memory.TicketsCreated, memory.IdFailures, memory.FallbackMisses, memory.Silences));
        Assert.True(memory.AgentUsed);
    }

    [Fact]
    public void Touch_KeepsTheLastFiveOldestFirst_AndMovesARepeatToTheEnd()
    {
        var memory = new DialogueMemory();
        foreach (var sequence in new long[] { 1, 2, 3, 4, 5, 6, 3 })
        {
            memory.Touch(TicketNumber.FromSequence(sequence));
        }

        Assert.Equal(["INC0000002", "INC0000004", "INC0000005", "INC0000006", "INC0000003"], memory.Touched);
        Assert.Equal("INC0000003", memory.Discussed);
    }
}
