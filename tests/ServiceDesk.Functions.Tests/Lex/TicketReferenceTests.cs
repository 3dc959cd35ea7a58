using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.Lex;

namespace ServiceDesk.Functions.Tests.Lex;

public class TicketReferenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    private static Ticket Ticket(long sequence, string description, double daysOld, TicketStatus status = TicketStatus.New) => new()
    {
        Number = TicketNumber.FromSequence(sequence),
        CallerId = "emp-1001",
        Summary = TicketRules.Summarize(description),
        Description = description,
        Status = status,
        CreatedAt = Now.AddDays(-daysOld),
        UpdatedAt = Now.AddDays(-daysOld),
    };

    private static readonly Ticket Printer = Ticket(12342, "Printer jams on tray two", daysOld: 5);
    private static readonly Ticket Scanner = Ticket(12345, "Scanner saves blank pages", daysOld: 3);
    private static readonly Ticket Outlook = Ticket(12347, "Outlook asks for my password", daysOld: 1);

    /// <summary>Newest first, as the backend lists them.</summary>
    private static readonly IReadOnlyList<Ticket> Three = [Outlook, Scanner, Printer];

    [Theory]
    [InlineData("the scanner one", 12345)]
    [InlineData("what's happening with the outlook ticket", 12347)]
    [InlineData("the one about the printer jamming", 12342)]
    [InlineData("the latest one", 12347)]
    [InlineData("the one I just raised", 12347)]
    [InlineData("the oldest one", 12342)]
    [InlineData("the one ending in two", 12342)]
    [InlineData("it ends with four five", 12345)]
    [InlineData("the won ending in to", 12342)] // homophones after "ending in" are digits
    public void Find_PicksTheOneTicketTheWordsDescribe(string said, long expected) =>
        Assert.Equal(expected, TicketReference.Find(said, Three)?.Number.Sequence);

    private static readonly Ticket Monitor = Ticket(3, "My second monitor flickers on and off", daysOld: 0.1) with { Category = TicketCategory.Hardware };
    private static readonly Ticket Vpn = Ticket(2, "The VPN drops every ten minutes", daysOld: 0.2) with { Category = TicketCategory.Network };
    private static readonly Ticket Mail = Ticket(1, "Outlook keeps crashing when I open attachments", daysOld: 0.3) with { Category = TicketCategory.Email };

    /// <summary>Callers name a ticket in their own words: another form of the ticket's word, another word for its thing, its kind.</summary>
    [Theory]
    [InlineData("oh, the screen one, the flickering one", 3)]
    [InlineData("the flickering one", 3)]
    [InlineData("the one that keeps dropping", 2)]
    [InlineData("the email one", 1)]
    public void Find_ReadsTheCallersOwnWordsForATicket(string said, long expected) =>
        Assert.Equal(expected, TicketReference.Find(said, [Monitor, Vpn, Mail])?.Number.Sequence);

    [Fact]
    public void Find_ListedInAnyOrder_GoesByAge() =>
        Assert.Equal(12347, TicketReference.Find("the most recent one", [Printer, Outlook, Scanner])?.Number.Sequence);

    [Fact]
    public void Find_Latest_TieOnAgeGoesToTheHigherNumber()
    {
        IReadOnlyList<Ticket> sameMoment = [Ticket(12350, "Teams crashes", daysOld: 1), Ticket(12352, "Wifi drops", daysOld: 1), Ticket(12340, "Dock is dead", daysOld: 4)];

        Assert.Equal(12352, TicketReference.Find("the latest one", sameMoment)?.Number.Sequence);
    }

    [Fact]
    public void Find_TheOlderOne_IsTheOlderOpenTicket_NotAnEvenOlderResolvedOne()
    {
        IReadOnlyList<Ticket> tickets = [Ticket(12360, "Teams crashes", daysOld: 1), Ticket(12355, "Wifi drops", daysOld: 3), Ticket(12300, "Dock is dead", daysOld: 9, TicketStatus.Resolved)];

        Assert.Equal(12355, TicketReference.Find("the older one", tickets)?.Number.Sequence);
    }

    [Fact]
    public void Find_WhenAllAreClosed_RecencyStillPicksAmongThem()
    {
        IReadOnlyList<Ticket> closed = [Ticket(12360, "Teams crashes", daysOld: 1, TicketStatus.Closed), Ticket(12355, "Wifi drops", daysOld: 3, TicketStatus.Resolved)];

        Assert.Equal(12355, TicketReference.Find("the older one", closed)?.Number.Sequence);
    }

    [Theory]
    [InlineData("the printer one")] // two printer tickets, neither says more
    [InlineData("the one ending in two")] // two numbers end in 2
    [InlineData("the laptop one")] // no ticket about a laptop
    [InlineData("yes please")]
    [InlineData("")]
    public void Find_UnlessExactlyOneFits_IsNull(string said)
    {
        IReadOnlyList<Ticket> tickets = [Ticket(12352, "Printer prints blank pages", daysOld: 1), Ticket(12342, "Printer jams on tray two", daysOld: 2), Outlook];

        Assert.Null(TicketReference.Find(said, tickets));
    }

    [Fact]
    public void Find_WithNoTickets_IsNull() => Assert.Null(TicketReference.Find("the latest one", []));

    [Theory]
    [InlineData("the second one", true)]
    [InlineData("the headset one", true)]
    [InlineData("the one about my monitor", true)]
    [InlineData("it's the one ending in four", true)]
    [InlineData("the older one", true)]
    [InlineData("my monitor flickers", false)]
    [InlineData("yes", false)]
    public void PicksOne_WordsThatChooseFromTicketsJustReadOut(string said, bool expected) =>
        Assert.Equal(expected, TicketReference.PicksOne(said));
}
