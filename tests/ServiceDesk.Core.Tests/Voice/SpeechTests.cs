using System.Xml.Linq;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Core.Tests.Voice;

public class SpeechTests
{
    [Fact]
    public void Text_EscapesHostileCallerText()
    {
        var ssml = Speech.Say("<break time=\"10s\"/> & 'quotes' \"too\"").ToSsml();

        var root = XElement.Parse(ssml);
        Assert.Empty(root.Elements());
        Assert.Equal("<break time=\"10s\"/> & 'quotes' \"too\"", root.Value);
    }

    [Fact]
    public void Ticket_ReadsPrefixAsLettersAndDigitsOneByOne()
    {
        var ssml = new Speech().Text("Your ticket is ").Ticket(TicketNumber.FromSequence(12345)).ToSsml();

        Assert.Contains("<say-as interpret-as=\"characters\">INC</say-as>", ssml);
        Assert.Contains("<say-as interpret-as=\"digits\">0012345</say-as>", ssml);
        XElement.Parse(ssml);
    }

    [Fact]
    public void Text_CutsVeryLongTextToTheMessageLimit()
    {
        var speech = Speech.Say(string.Join(' ', Enumerable.Repeat("a&b", 1000)));

        Assert.True(speech.Truncated);
        Assert.True(speech.ToSsml().Length <= Speech.MaxMessageLength);
        XElement.Parse(speech.ToSsml());
    }

    [Fact]
    public void Then_PutsASpaceBetweenTwoSentences() =>
        Assert.Equal("<speak>The team will check it with you. So: a broken dock?</speak>", Speech.Say("The team will check it with you.").Then(Speech.Say("So: a broken dock?")).ToSsml());

    [Fact]
    public void Then_JoinsTwoMessagesIntoOne() =>
        Assert.Equal("<speak>No article. <break time=\"300ms\"/>What&apos;s the problem?</speak>", Speech.Say("No article. ").Pause().Then(Speech.Say("What's the problem?")).ToSsml());

    [Fact]
    public void Then_WhenBothDoNotFit_KeepsTheSecond()
    {
        var question = Speech.Say("What's the problem?");

        Assert.Equal(question.ToSsml(), Speech.Say(new string('a', 1000)).Then(question).ToSsml());
    }

    [Fact]
    public void Escape_TextWithNothingToEscape_IsTheTextItself()
    {
        var plain = "Your laptop is booked in";
        Assert.Same(plain, Speech.Escape(plain));
        Assert.Equal("Tom&apos;s &lt;b&gt; &amp; a tab", Speech.Escape("Tom's <b> & a\ttab")); // a control character is a space
    }

    [Theory]
    [InlineData("Fine & dandy", "Next", "Fine &amp; dandy Next")]
    [InlineData("Ends with a quote'", "next", "Ends with a quote&apos; next")]
    [InlineData("", "Only this", "Only this")]
    [InlineData("Tab at the end\t", "next", "Tab at the end next")] // a control character is written as a space: no second one
    public void Then_ReadsTheEscapedEndsOfBothMessages(string first, string second, string expected) =>
        Assert.Equal($"<speak>{expected}</speak>", Speech.Say(first).Then(Speech.Say(second)).ToSsml());

    [Fact]
    public void Ticket_AfterText_IsOneMessageWithTheDigitsPadded() =>
        Assert.Equal(
            "<speak>Ticket <say-as interpret-as=\"characters\">INC</say-as><break time=\"200ms\"/><say-as interpret-as=\"digits\">0000042</say-as><break time=\"300ms\"/>done</speak>",
            Speech.Say("Ticket ").Ticket(TicketNumber.FromSequence(42)).Pause().Text("done").ToSsml());

    [Fact]
    public void AMessageBuiltOnAfterItWasWritten_KeepsWhatItSaid()
    {
        var speech = Speech.Say("First.");
        Assert.Equal("<speak>First.</speak>", speech.ToSsml());

        speech.Pause().Text("Then this.");

        Assert.Equal("<speak>First.<break time=\"300ms\"/>Then this.</speak>", speech.ToSsml());
        Assert.Equal("<speak>First.<break time=\"300ms\"/>Then this. First.<break time=\"300ms\"/>Then this.</speak>", speech.Then(speech).ToSsml());
    }
}
