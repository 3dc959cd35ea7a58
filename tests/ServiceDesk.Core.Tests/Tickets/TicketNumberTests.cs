using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Core.Tests.Tickets;

public class TicketNumberTests
{
    [Theory]
    [InlineData("INC0012345")]
    [InlineData("inc 12345")]
    [InlineData("12345")]
    [InlineData("I N C zero zero one two three four five")]
    [InlineData("one two three four five")]
    [InlineData("12345#")]
    [InlineData("inc-0012345")]
    [InlineData("oh oh one two three four five")]
    [InlineData("incident 12345")]
    public void TryParse_AcceptsTheWaysPeopleSayIt(string said)
    {
        Assert.True(TicketNumber.TryParse(said, out var number));
        Assert.Equal("INC0012345", number.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("INC")]
    [InlineData("0000000")]
    [InlineData("123456789")]
    [InlineData("my printer is broken")]
    public void TryParse_RefusesWhatIsNotANumber(string said) => Assert.False(TicketNumber.TryParse(said, out _));

    [Theory]
    [InlineData("what's the status of ticket inc zero zero one two three four five", "INC0012345")]
    [InlineData("ticket for one two three four five", "INC0012345")]
    [InlineData("I called about 4711 yesterday", "INC0004711")]
    [InlineData("it's INC0000042 please", "INC0000042")]
    // A number the recogniser wrote as digits took every digit said: "for" after it is the word (it was read as 14).
    [InlineData("can you check ticket INC0000001 for me", "INC0000001")]
    [InlineData("is 4711 for me to chase", "INC0004711")]
    // Spoken digits are another matter: a homophone inside a long spoken run is a digit.
    [InlineData("I N C oh oh oh oh oh one for", "INC0000014")]
    [InlineData("ticket one for me", "INC0000001")]
    [InlineData("ticket double oh seven", "INC0000007")]
    public void TryFind_FindsANumberInsideAnUtterance(string said, string expected)
    {
        Assert.True(TicketNumber.TryFind(said, out var number));
        Assert.Equal(expected, number.ToString());
    }

    [Theory]
    [InlineData("check ticket 2", "INC0000002")]
    [InlineData("what's the status of ticket two", "INC0000002")]
    [InlineData("what about ticket number one", "INC0000001")]
    [InlineData("read me inc 42", "INC0000042")]
    [InlineData("it's i n c four two", "INC0000042")]
    [InlineData("incident seven please", "INC0000007")]
    public void TryFind_TakesAShortNumberAnnouncedAsATicket(string said, string expected)
    {
        Assert.True(TicketNumber.TryFind(said, out var number));
        Assert.Equal(expected, number.ToString());
    }

    [Theory]
    [InlineData("connect two the vpn")]
    [InlineData("I have two monitors and one is black")]
    [InlineData("the printer on floor 3 is jammed")]
    [InlineData("it broke 2 days ago")]
    [InlineData("what's happening with the ticket I raised two days ago")]
    public void TryFind_RefusesANumberWordThatIsNotATicketReference(string said) => Assert.False(TicketNumber.TryFind(said, out _));

    [Fact]
    public void TryFind_RefusesAnUtteranceWithoutDigits() => Assert.False(TicketNumber.TryFind("for the team to see", out _));

    [Fact]
    public void FromSequence_PadsToSevenDigits() => Assert.Equal("0000007", TicketNumber.FromSequence(7).Digits);

    [Fact]
    public void FromSequence_RefusesOutOfRange() => Assert.Throws<ArgumentOutOfRangeException>(() => TicketNumber.FromSequence(0));
}
