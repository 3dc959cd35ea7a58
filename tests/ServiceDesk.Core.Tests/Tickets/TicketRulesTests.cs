using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Core.Tests.Tickets;

public class TicketRulesTests
{
    [Theory]
    [InlineData(TicketStatus.New, TicketStatus.InProgress, true)]
    [InlineData(TicketStatus.InProgress, TicketStatus.OnHold, true)]
    [InlineData(TicketStatus.OnHold, TicketStatus.InProgress, true)]
    [InlineData(TicketStatus.Resolved, TicketStatus.InProgress, true)]
    [InlineData(TicketStatus.Resolved, TicketStatus.OnHold, false)]
    [InlineData(TicketStatus.Closed, TicketStatus.InProgress, false)]
    [InlineData(TicketStatus.InProgress, TicketStatus.New, false)]
    [InlineData(TicketStatus.New, TicketStatus.New, false)]
    public void CanTransition_FollowsTheLifecycle(TicketStatus from, TicketStatus to, bool allowed) =>
        Assert.Equal(allowed, TicketRules.CanTransition(from, to));

    [Fact]
    public void Validate_NamesTheMissingField()
    {
        var failure = TicketRules.Validate(new NewTicket("emp-1", " "));

        Assert.Equal("issue_description", failure?.Field);
    }

    [Fact]
    public void Summarize_TakesTheFirstSentenceAndCutsAtAWord()
    {
        Assert.Equal("My laptop won't start", TicketRules.Summarize("My laptop   won't start. It beeps twice."));
        var summary = TicketRules.Summarize(string.Join(' ', Enumerable.Repeat("word", 60)));
        Assert.True(summary.Length <= 80);
        Assert.EndsWith("word", summary);
    }

    [Fact]
    public void Summarize_KeepsASentenceThatFitsWhole_AndCutsALongOneWhereAClauseEnds()
    {
        const string fits = "my mouse is completely dead and also Outlook won't sync my emails since this morning";
        const string tooLong = "the left screen on my docking station just stays black, I've tried unplugging it and plugging it back in twice and nothing changes";

        Assert.Equal(fits, TicketRules.Summarize(fits));
        Assert.Equal("the left screen on my docking station just stays black", TicketRules.Summarize(tooLong));
        Assert.Equal(
            "I came in this morning and plugged everything in like normal and the screen on the left just stays black",
            TicketRules.Summarize("I came in this morning and plugged everything in like normal and the screen on the left just stays black, I think it's the docking station"));
    }

    [Fact]
    public void Summarize_NeverCutsAnEmojiInHalf()
    {
        var summary = TicketRules.Summarize(new string('x', 79) + "\U0001F600 and more" + new string('y', 60));

        Assert.Equal(new string('x', 79), summary);
    }
}
