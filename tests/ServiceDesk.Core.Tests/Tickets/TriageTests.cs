using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Core.Tests.Tickets;

public class TriageTests
{
    [Theory]
    [InlineData(TicketImpact.Organization, TicketUrgency.High, TicketPriority.P1)]
    [InlineData(TicketImpact.Organization, TicketUrgency.Medium, TicketPriority.P2)]
    [InlineData(TicketImpact.Team, TicketUrgency.High, TicketPriority.P2)]
    [InlineData(TicketImpact.Team, TicketUrgency.Medium, TicketPriority.P3)]
    [InlineData(TicketImpact.Individual, TicketUrgency.High, TicketPriority.P3)]
    [InlineData(TicketImpact.Individual, TicketUrgency.Medium, TicketPriority.P4)]
    [InlineData(TicketImpact.Individual, TicketUrgency.Low, TicketPriority.P4)]
    public void Priority_FollowsTheItilMatrix(TicketImpact impact, TicketUrgency urgency, TicketPriority expected) =>
        Assert.Equal(expected, Triage.Priority(impact, urgency));

    [Theory]
    [InlineData("my laptop won't turn on", TicketCategory.Hardware)]
    [InlineData("I can't connect to the VPN from home", TicketCategory.Network)]
    [InlineData("I'm locked out of my account", TicketCategory.Access)]
    [InlineData("Outlook won't open", TicketCategory.Email)]
    [InlineData("the printer on floor 3 is jammed", TicketCategory.Printing)]
    [InlineData("Excel crashes every time", TicketCategory.Software)]
    [InlineData("I have a question", TicketCategory.Other)]
    // Read from the caller lexicon's words (a possessive, a curly apostrophe, breaks both split on) ...
    [InlineData("The VPN’s dropping again, every hour (since Monday)", TicketCategory.Network)]
    [InlineData("my colleague's printers: jammed / offline", TicketCategory.Printing)]
    // ... and split here when the text holds what the two read differently (a symbol, an apostrophe at a word's edge).
    [InlineData("'printers' jammed @ reception", TicketCategory.Printing)]
    [InlineData("outlook + teams won't sign in", TicketCategory.Email)]
    // A keyword said as listed is not made singular first (Teams, the app, is not a team); the accounts department is not
    // an account; "locked myself out" is how people say it.
    [InlineData("Teams won't open, it just crashes right on startup", TicketCategory.Software)]
    [InlineData("erm, so I think I've, like, locked myself out", TicketCategory.Access)]
    [InlineData("it's not just me, it's everyone in accounts actually", TicketCategory.Other)]
    [InlineData("the accounts team can't see the shared drive", TicketCategory.Other)]
    [InlineData("both my accounts are locked", TicketCategory.Access)]
    public void Category_ComesFromTheDescription(string description, TicketCategory expected) =>
        Assert.Equal(expected, Triage.CategoryOf(description));

    [Theory]
    [InlineData("the internet is down and I can't work", TicketUrgency.High)]
    [InlineData("my mouse is a bit sticky, no rush", TicketUrgency.Low)]
    [InlineData("my mouse is sticky", TicketUrgency.Medium)]
    [InlineData("Excel crashes whenever I open a file", TicketUrgency.Medium)]
    [InlineData("the dock flickers, it isn't urgent", TicketUrgency.Low)]
    [InlineData("fix it whenever you can", TicketUrgency.Low)]
    public void Urgency_ComesFromUrgencyWords(string description, TicketUrgency expected) =>
        Assert.Equal(expected, Triage.Assess(description, TicketImpact.Individual).Urgency);

    [Theory]
    [InlineData("just me", TicketImpact.Individual)]
    [InlineData("my team", TicketImpact.Team)]
    [InlineData("everyone in the whole office", TicketImpact.Organization)]
    [InlineData("my keyboard has stopped working, none of the keys do anything", null)] // the fault, not who has it
    [InlineData("none of the office can print", TicketImpact.Organization)]
    [InlineData("3", TicketImpact.Organization)]
    [InlineData("2", TicketImpact.Team)]
    [InlineData("1", TicketImpact.Individual)]
    [InlineData("purple", null)]
    [InlineData("the printer in the office is down", null)] // where it is, not who it affects
    [InlineData("the entire third floor", TicketImpact.Organization)]
    [InlineData("everyone in my team", TicketImpact.Team)] // a scope before a count
    [InlineData("me and a colleague", TicketImpact.Team)]
    [InlineData("it's not just me, Tom's is doing it too", TicketImpact.Team)]
    [InlineData("only me, not just me and the team", TicketImpact.Team)] // "me and" is never the caller alone
    [InlineData("oh, about six of us, I'd say", TicketImpact.Team)] // a head count
    [InlineData("three or four people", TicketImpact.Team)]
    [InlineData("a couple of us", TicketImpact.Team)]
    [InlineData("forty users at least", TicketImpact.Organization)]
    [InlineData("fix it for 6 people please", TicketImpact.Team)]
    [InlineData("just mine, everyone else's is fine", TicketImpact.Individual)] // the caller's own scope wins
    [InlineData("", null)]
    public void ImpactOf_ReadsWordsAndKeypad(string said, TicketImpact? expected) =>
        Assert.Equal(expected, Triage.ImpactOf(said));

    [Theory]
    [InlineData("only me, honestly", true)]
    [InlineData("it’s not only me", false)] // a curly apostrophe, and "only me" negated
    [InlineData("not just me, only me and Sam", false)]
    [InlineData("it's only mine, not just me", true)] // "only mine" is not negated
    public void SaysOnlyMe_ReadsTheCallerAlone_NotWhenNegated(string said, bool expected) =>
        Assert.Equal(expected, Triage.SaysOnlyMe(said));

    [Theory]
    [InlineData("nobody can hear me on calls", TicketImpact.Organization)] // the fault, not who has it
    [InlineData("I'm on a colleague's phone", TicketImpact.Team)] // whose phone, not who is affected
    public void ImpactOf_WordsThatOnlySoundLikeAScope_AreNotThatScope(string said, TicketImpact notThis) =>
        Assert.NotEqual(notThis, Triage.ImpactOf(said));
}

public class DuplicateCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    private static Ticket Ticket(long sequence, string description, TicketStatus status = TicketStatus.New, int daysOld = 1) => new()
    {
        Number = TicketNumber.FromSequence(sequence),
        CallerId = "emp-1001",
        Summary = TicketRules.Summarize(description),
        Description = description,
        Status = status,
        Category = Triage.CategoryOf(description),
        CreatedAt = Now.AddDays(-daysOld),
        UpdatedAt = Now.AddDays(-daysOld),
    };

    [Fact]
    public void FindsTheOpenTicketAboutTheSameProblem()
    {
        var tickets = new[] { Ticket(1, "Printer jams on tray two"), Ticket(2, "Laptop won't turn on after the update") };

        Assert.Equal(2, DuplicateCheck.FindLikelyDuplicate("my laptop won't turn on", tickets, Now)?.Number.Sequence);
    }

    [Fact]
    public void IgnoresClosedOldAndUnrelatedTickets()
    {
        var tickets = new[]
        {
            Ticket(1, "Laptop won't turn on", TicketStatus.Resolved),
            Ticket(2, "Laptop won't turn on", daysOld: 30),
            Ticket(3, "Outlook asks for my password"),
        };

        Assert.Null(DuplicateCheck.FindLikelyDuplicate("my laptop won't turn on", tickets, Now));
    }

    /// <summary>At the confirmation, words that change who is affected and name nothing of the fault.</summary>
    [Theory]
    [InlineData("no, wait, sorry, it's not just me, it's everyone in accounts actually", TicketImpact.Team)]
    [InlineData("actually it's the whole office", TicketImpact.Organization)]
    [InlineData("no, the printer in accounts is jammed", null)]
    public void ImpactCorrection_IsWhoIsAffectedAlone(string said, TicketImpact? expected) =>
        Assert.Equal(expected, Triage.ImpactCorrection(said));
}
