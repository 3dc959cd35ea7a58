using ServiceDesk.Local.Lex;
using ServiceDesk.Testing;

namespace ServiceDesk.Local.Tests.Lex;

public class IntentRecognizerTests(ITestOutputHelper output)
{
    private static readonly BotDefinition Bot = BotDefinition.Load(RepoPaths.Of("lex-bots", "ServiceDeskBot"));

    [Theory]
    [InlineData("my laptop won't turn on", "ReportIssue")]
    [InlineData("the printer on floor three is jammed", "ReportIssue")]
    [InlineData("what's happening with my ticket", "CheckTicketStatus")]
    [InlineData("whats the status of ticket one two three", "CheckTicketStatus")]
    [InlineData("add a note to my ticket", "AddTicketComment")]
    [InlineData("list my tickets", "ListRecentTickets")]
    [InlineData("I need a person", "SpeakToAgent")]
    [InlineData("let me talk to a human", "SpeakToAgent")]
    [InlineData("bye", "Goodbye")]
    [InlineData("no that's all thanks", "Goodbye")]
    [InlineData("how do I reset my password", "FallbackIntent")]
    [InlineData("what's the weather like in paris", "FallbackIntent")]
    public void Recognize_PicksTheIntentACallerMeans(string said, string intent)
    {
        var matches = new IntentRecognizer(Bot).Recognize(said);
        output.WriteLine(string.Join(", ", matches.Take(4).Select(m => $"{m.Intent.Name}={m.Confidence} ({m.Utterance})")));

        Assert.Equal(intent, matches[0].Intent.Name);
    }
}
