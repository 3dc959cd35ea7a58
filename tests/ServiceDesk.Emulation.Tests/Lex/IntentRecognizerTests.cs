using ServiceDesk.Emulation.Lex;
using ServiceDesk.Testing;

namespace ServiceDesk.Emulation.Tests.Lex;

public class IntentRecognizerTests(ITestOutputHelper output)
{
    private static readonly BotDefinition Bot = BotDefinition.Load(RepoPaths.Of("lex-bots", "ServiceDeskBot"));
    private static readonly IntentRecognizer Recognizer = new(Bot);

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
    public void Recognize_PicksTheIntentACallerMeans(string said, string intent) => AssertIntent(said, intent);

    /// <summary>
    /// Caller phrasings that are not among the bot's sample utterances (indirect, disfluent, British and American):
    /// what the recognizer is for is the utterances it was not given.
    /// </summary>
    public static TheoryData<string, string> HeldOut() => new()
    {
        { "my second screen keeps going black", "ReportIssue" },
        { "could somebody come up and take a look at my monitor", "ScheduleVisit" },
        { "I'd like an engineer to come to my desk this week", "ScheduleVisit" },
        { "is it possible to get someone out to fix the docking station", "ScheduleVisit" },
        { "I won't be in on Thursday when the engineer is due", "RescheduleVisit" },
        { "can the visit be on a different day", "RescheduleVisit" },
        { "there's no need for the engineer to come tomorrow after all", "CancelVisit" },
        { "please cancel tomorrow's visit", "CancelVisit" },
        { "webcam shows a black picture in every meeting", "ReportIssue" },
        { "erm hi yeah so outlook won't let me log in", "ReportIssue" },
        { "the whole third floor can't print", "ReportIssue" },
        { "my mouse has stopped responding", "ReportIssue" },
        { "I think my hard drive is dying, it's making a clicking noise", "ReportIssue" },
        { "none of us can get on the shared drive", "ReportIssue" },
        { "my headset isn't picking up my voice on calls", "ReportIssue" },
        { "the projector in meeting room two won't display anything", "ReportIssue" },
        { "I keep getting kicked off the wi-fi", "ReportIssue" },
        { "my account's been locked again", "ReportIssue" },
        { "I spilled coffee on my keyboard", "ReportIssue" },
        { "excel freezes whenever I try to save", "ReportIssue" },
        { "I can't get into my emails since this morning", "ReportIssue" },
        { "the laptop battery dies after half an hour", "ReportIssue" },
        { "something's up with my PC, it's really slow", "ReportIssue" },
        { "I'd like to report a fault with my monitor", "ReportIssue" },

        { "any news on the scanner one", "CheckTicketStatus" },
        { "what's happening with the scanner one", "CheckTicketStatus" },
        { "I'm ringing to chase up a ticket", "CheckTicketStatus" },
        { "has somebody fixed my monitor yet", "CheckTicketStatus" },
        { "can you give me an update on INC0000002", "CheckTicketStatus" },
        { "where are things with the ticket I raised on Monday", "CheckTicketStatus" },
        { "is there any progress on my laptop repair", "CheckTicketStatus" },
        { "I was wondering if my problem has been sorted", "CheckTicketStatus" },
        { "what's the latest on ticket one two", "CheckTicketStatus" },
        { "just checking where my ticket's at", "CheckTicketStatus" },

        { "put a note on it that it happens on battery too", "AddTicketComment" },
        { "can you tell them it's still broken", "AddTicketComment" },
        { "I'd like to add some information to my case", "AddTicketComment" },
        { "I've got some extra details for the engineer", "AddTicketComment" },
        { "please let the technician know it happened again this morning", "AddTicketComment" },
        { "can I update my ticket with a new error message", "AddTicketComment" },
        { "I want to add to the ticket I opened yesterday", "AddTicketComment" },
        { "add that it also happens at home", "AddTicketComment" },
        { "I need to give the engineer more information", "AddTicketComment" },

        { "have I got anything open with you", "ListRecentTickets" },
        { "what have I got open at the moment", "ListRecentTickets" },
        { "can you read out all my tickets", "ListRecentTickets" },
        { "remind me what I've reported", "ListRecentTickets" },
        { "which of my issues are still open", "ListRecentTickets" },
        { "give me a list of my requests", "ListRecentTickets" },
        { "how many open tickets have I got", "ListRecentTickets" },
        { "run through my open cases", "ListRecentTickets" },

        { "I need a technician on the line", "SpeakToAgent" },
        { "can I speak to an actual person", "SpeakToAgent" },
        { "I'd like to talk to somebody please", "SpeakToAgent" },
        { "put me through to a human", "SpeakToAgent" },
        { "can you transfer me to an engineer", "SpeakToAgent" },
        { "I don't want a robot, give me a real person", "SpeakToAgent" },
        { "can I speak to the helpdesk", "SpeakToAgent" },
        { "is there anyone I can actually talk to", "SpeakToAgent" },

        { "cheers that's it", "Goodbye" },
        { "that'll do thanks", "Goodbye" },
        { "forget it", "Goodbye" },
        { "no that's everything thank you", "Goodbye" },
        { "ok thanks, bye bye", "Goodbye" },
        { "that's all I needed", "Goodbye" },
        { "thanks for your help goodbye", "Goodbye" },

        { "how do I set up the vpn on my phone", "FallbackIntent" },
        { "where do I find the printer drivers", "FallbackIntent" },
        { "where do I find the expenses form", "FallbackIntent" },
        { "how do I share my calendar with a colleague", "FallbackIntent" },
        { "can you tell me a joke", "FallbackIntent" },
        { "what time does the canteen close", "FallbackIntent" },
        { "how do I install teams on my mac", "FallbackIntent" },
        { "who is the head of IT", "FallbackIntent" },
        { "is the office open on bank holidays", "FallbackIntent" },
    };

    [Theory]
    [MemberData(nameof(HeldOut))]
    public void Recognize_GeneralisesToPhrasingsItWasNotGiven(string said, string intent) => AssertIntent(said, intent);

    [Fact]
    public void Recognize_ScoresEveryIntent_BestFirst_WithinZeroAndOne()
    {
        foreach (var (said, _) in HeldOut().Select(row => ((string)row.Data.Item1, (string)row.Data.Item2)))
        {
            var matches = Recognizer.Recognize(said);
            // Lex gives the fallback no score: the scored interpretations are the ones that follow it.
            var scored = matches.Where(m => !m.Intent.IsFallback).ToList();

            Assert.Equal(Bot.Intents.Count(i => !i.IsFallback), scored.Count);
            Assert.All(scored, m => Assert.InRange(m.Confidence, 0.0, 1.0));
            Assert.All(scored, m => Assert.Equal(Math.Round(m.Confidence, 2), m.Confidence));
            Assert.Equal(scored.Select(m => m.Confidence).OrderDescending(), scored.Select(m => m.Confidence));
            Assert.Equal(matches[0].Intent.IsFallback, scored[0].Confidence < Bot.ConfidenceThreshold || matches.Count > scored.Count);
        }
    }

    [Theory]
    [InlineData("what's the weather like in paris")]
    [InlineData("banana")]
    [InlineData("where do I find the expenses form")]
    [InlineData("is the office open on bank holidays")]
    public void Recognize_AnOutOfDomainSentence_IsBelowTheThreshold(string said)
    {
        var matches = Recognizer.Recognize(said);
        output.WriteLine(Describe(matches));

        Assert.True(matches[0].Intent.IsFallback);
        Assert.All(matches, m => Assert.True(m.Confidence < Bot.ConfidenceThreshold, $"{m.Intent.Name}={m.Confidence}"));
    }

    [Theory]
    [InlineData("can I speak to an actual person", "SpeakToAgent")]
    [InlineData("can you read out all my tickets", "ListRecentTickets")]
    [InlineData("my second screen keeps going black", "ReportIssue")]
    [InlineData("any news on the scanner one", "CheckTicketStatus")]
    [InlineData("cheers that's it", "Goodbye")]
    public void Recognize_AClearRequest_IsConfidentEnoughToSwitchIntentMidSlot(string said, string intent)
    {
        var best = Recognizer.Recognize(said)[0];
        output.WriteLine(Describe(Recognizer.Recognize(said)));

        Assert.Equal(intent, best.Intent.Name);
        Assert.True(best.Confidence >= 0.6, $"{best.Confidence}");
    }

    private void AssertIntent(string said, string intent)
    {
        var matches = Recognizer.Recognize(said);
        output.WriteLine(Describe(matches));

        Assert.Equal(intent, matches[0].Intent.Name);
    }

    private static string Describe(IReadOnlyList<IntentMatch> matches) =>
        string.Join(", ", matches.Take(4).Select(m => $"{m.Intent.Name}={m.Confidence} ({m.Utterance})"));
}
