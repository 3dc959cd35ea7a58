using ServiceDesk.Core.Voice;

namespace ServiceDesk.Core.Tests.Voice;

public class CallerLexiconTests
{
    [Theory]
    [InlineData("I need a technician on the line")]
    [InlineData("can I just talk to someone")]
    [InlineData("can I speak to whoever's dealing with it please")]
    [InlineData("agent please")]
    [InlineData("erm, a human please")]
    [InlineData("put me through to the service desk")]
    public void Command_PersonRequests_AreAPerson(string said) =>
        Assert.Equal(CallerCommand.Person, CallerLexicon.Command(said));

    [Theory]
    [InlineData("the engineer never fixed my dock")]
    [InlineData("is someone actually on that?")]
    public void Command_AProblemOrQuestionMentioningSomeone_IsNoCommand(string said) =>
        Assert.Null(CallerLexicon.Command(said));

    [Theory]
    [InlineData("0", CallerCommand.Person)]
    [InlineData("00", CallerCommand.Person)]
    [InlineData("1", null)]
    [InlineData("9", null)]
    public void Command_OnTheKeypad_OnlyZeroIsAPerson(string keyed, CallerCommand? expected) =>
        Assert.Equal(expected, CallerLexicon.Command(keyed, keypad: true));

    [Fact]
    public void Command_SpokenWordsOnTheKeypadChannel_AreNoCommand() =>
        Assert.Null(CallerLexicon.Command("agent please", keypad: true));

    [Theory]
    [InlineData("cheers, that's it")]
    [InlineData("forget it")]
    [InlineData("that'll do thanks")]
    [InlineData("right, fair enough, cheers, bye")]
    [InlineData("ah, forget it, it's not worth the hassle")]
    [InlineData("don't bother logging it, I'll grab a new mouse")]
    [InlineData("I must have the wrong number written down, thanks, goodbye")]
    [InlineData("no thanks")]
    [InlineData("nah, you're alright, we'll manage")]
    public void Command_Goodbyes_AreAGoodbye(string said) =>
        Assert.Equal(CallerCommand.Goodbye, CallerLexicon.Command(said));

    [Theory]
    [InlineData("that's it, the keyboard")] // an answer that names the device
    [InlineData("my printer says goodbye every morning")] // a fault that quotes a goodbye
    [InlineData("cheers, my outlook won't open")] // a thank-you before a fault
    public void Command_AGoodbyeWordInsideAnAnswerOrFault_IsNoGoodbye(string said) =>
        Assert.Null(CallerLexicon.Command(said));

    [Fact]
    public void Command_ForgetItLaterInASentence_IsNoGoodbye() =>
        Assert.Null(CallerLexicon.Command("I always forget it, my password"));

    [Theory]
    [InlineData("say that again")]
    [InlineData("sorry, what?")]
    [InlineData("sorry, you'll have to say that again, I was looking for a pen")]
    [InlineData("pardon")]
    [InlineData("what was that")]
    public void Command_RepeatRequests_AreARepeat(string said) =>
        Assert.Equal(CallerCommand.Repeat, CallerLexicon.Command(said));

    [Fact]
    public void Command_ALongFaultThatSaysRepeat_IsNoRepeat() =>
        Assert.Null(CallerLexicon.Command("my laptop keeps asking me to repeat the password"));

    [Theory]
    [InlineData("start over", CallerCommand.StartOver)]
    [InlineData("can we start again please", CallerCommand.StartOver)]
    [InlineData("let's go back to the start", CallerCommand.StartOver)]
    [InlineData("cancel", CallerCommand.Cancel)]
    [InlineData("cancel that", CallerCommand.Cancel)]
    [InlineData("no, don't log it", CallerCommand.Cancel)]
    public void Command_StartOverAndCancel(string said, CallerCommand expected) =>
        Assert.Equal(expected, CallerLexicon.Command(said));

    [Theory]
    [InlineData("I need to cancel a meeting in outlook but the button is greyed out for me")]
    [InlineData("")]
    [InlineData("   ")]
    public void Command_LongSentencesAndSilence_AreNoCommand(string said) =>
        Assert.Null(CallerLexicon.Command(said));

    [Theory]
    [InlineData("my laptop won't restart")]
    [InlineData("outlook won't let me cancel a meeting")]
    public void Command_AShortFaultMentioningRestartOrCancel_IsNoCommand(string said) =>
        Assert.Null(CallerLexicon.Command(said));

    [Theory]
    [InlineData("yes that's the one", true)]
    [InlineData("yeah go on then", true)]
    [InlineData("yes, no problem", true)] // the answer comes first
    [InlineData("1", true)]
    [InlineData("no, this is a different laptop", false)]
    [InlineData("nah, a new one", false)]
    [InlineData("2", false)]
    [InlineData("cheers that's it", null)]
    [InlineData("purple", null)]
    [InlineData("", null)]
    public void YesNo_ReadsWordsAndKeypad(string said, bool? expected) =>
        Assert.Equal(expected, CallerLexicon.YesNo(said));

    [Theory]
    [InlineData("tell me more", true)]
    [InlineData("yes, tell me more please", true)]
    [InlineData("carry on", true)]
    [InlineData("what's the rest of it", true)]
    [InlineData("yes, go on", false)] // a yes to a yes/no question
    [InlineData("I need more paper in the printer", false)]
    [InlineData("", false)]
    public void AsksForMore_OnlyWhenEveryWordAsksForTheRest(string said, bool expected) =>
        Assert.Equal(expected, CallerLexicon.AsksForMore(said));

    [Theory]
    [InlineData("that didn't help", true)]
    [InlineData("I've done that already", true)]
    [InlineData("raise it anyway", true)]
    [InlineData("still broken I'm afraid", true)]
    [InlineData("great, that fixed it", false)]
    [InlineData("okay", false)]
    public void WantsTicket_AfterATip(string said, bool expected) =>
        Assert.Equal(expected, CallerLexicon.WantsTicket(said));

    [Theory]
    [InlineData("how do I set up email on my phone", true)]
    [InlineData("erm, where can I find the wifi password", true)]
    [InlineData("I'd like to know how to book a meeting room", true)]
    [InlineData("my laptop won't turn on", false)]
    [InlineData("the printer is jammed again", false)]
    public void IsQuestion_ReadsTheOpeningAndQuestionPhrases(string said, bool expected) =>
        Assert.Equal(expected, CallerLexicon.IsQuestion(said));

    [Theory]
    [InlineData("is there a way to share my calendar")]
    [InlineData("is it possible to get a second monitor")]
    public void IsQuestion_IsThereAWay_IsAQuestion(string said) =>
        Assert.True(CallerLexicon.IsQuestion(said));

    [Theory]
    [InlineData("how do I map a network drive", true)]
    [InlineData("is there a way to share my calendar", true)]
    [InlineData("where can I get a new charger", true)]
    [InlineData("can you tell me how to turn on dark mode", true)]
    [InlineData("how is my ticket going", false)]
    [InlineData("what's the status of my ticket", false)]
    [InlineData("my laptop won't turn on", false)]
    public void IsHowTo_OnlyForRequestsForInstructions(string said, bool expected) =>
        Assert.Equal(expected, CallerLexicon.IsHowTo(said));
}

public class CallerLexiconPhraseTests
{
    [Theory]
    [InlineData("'Cause the users’ laptops WON’T start!", new[] { "cause", "the", "users", "laptops", "won't", "start" })]
    [InlineData("  it's--E1003,  please ", new[] { "it's", "e1003", "please" })]
    [InlineData("''", new string[0])]
    public void Words_AreLowerCaseWithApostrophesInsideWordsOnly(string said, string[] expected) =>
        Assert.Equal(expected, CallerLexicon.Words(said));

    [Fact]
    public void Words_OfTheSameText_AreReadOnce_AndAgreeForACopy()
    {
        var said = "my screen keeps flickering";
        var copy = new string(said.AsSpan());
        Assert.Same(CallerLexicon.Words(said), CallerLexicon.Words(copy));
    }
}
