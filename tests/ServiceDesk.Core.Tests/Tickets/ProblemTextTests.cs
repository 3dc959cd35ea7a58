using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Core.Tests.Tickets;

public class ProblemTextTests
{
    [Theory]
    [InlineData("no. I want to report a problem: I cannot log in to outlook", "I cannot log in to outlook")]
    [InlineData("hello, erm, my monitor flickers", "my monitor flickers")]
    [InlineData("I'd like to report a problem with my docking station", "my docking station")]
    [InlineData("good morning, basically the VPN drops every hour.", "the VPN drops every hour")]
    [InlineData("my laptop won't turn on", "my laptop won't turn on")]
    [InlineData("oh, and while I'm on, Outlook keeps asking for my password", "Outlook keeps asking for my password")]
    [InlineData("while I'm on the VPN, Outlook won't load", "while I'm on the VPN, Outlook won't load")]
    public void Extract_DropsLeadInsAndTheRequestPhrase(string said, string expected) =>
        Assert.Equal(expected, ProblemText.Extract(said));

    [Theory]
    [InlineData("erm, one sec")]
    [InlineData("only me, the others are fine")]
    [InlineData("the whole office")]
    [InlineData("I'd like to report a fault please")]
    [InlineData("yes")]
    [InlineData("cheers, that's it")]
    [InlineData("it's not working")]
    [InlineData("")]
    public void Extract_WhenNothingIsSaidAboutAProblem_IsNull(string said) =>
        Assert.Null(ProblemText.Extract(said));

    [Fact]
    public void Told_ACorrectionOfAGuess_KeepsTheSymptomToldBeforeIt()
    {
        var told = ProblemText.Told("hi, so, um, the screen on the left just stays black, I think it's the docking station, no wait, actually it's the monitor cable, it's all frayed, the dock's fine");

        Assert.Equal("the screen on the left just stays black, it's the monitor cable, it's all frayed, the dock's fine", told);
    }

    [Theory]
    [InlineData("the speakers on my laptop have stopped, no, sorry, scratch that, the speakers are fine, it's the headphone jack", "stopped")]
    [InlineData("my screen flickers, my keyboard is sticky, let me start again, it's the headphone jack", "flickers")]
    public void Told_ScratchThat_TakesBackEverythingBefore(string said, string takenBack)
    {
        var told = ProblemText.Told(said);

        Assert.EndsWith("it's the headphone jack", told);
        Assert.DoesNotContain(takenBack, told);
    }

    [Fact]
    public void Told_ACorrectionInTheSameBreath_Wins()
    {
        var told = ProblemText.Told("my webcam's packed in. Sorry, let me start again: the webcam's fine, it's the microphone");

        Assert.NotNull(told);
        Assert.EndsWith("it's the microphone", told);
        Assert.DoesNotContain("packed in", told);
    }

    [Fact]
    public void Told_ASwapInTheSameBreath_IsApplied() =>
        Assert.Equal("my keyboard keeps freezing", ProblemText.Told("my mouse keeps freezing, actually it's the keyboard, not the mouse"));

    [Theory]
    [InlineData("erm, my monitor flickers", "my monitor flickers")]
    [InlineData("erm", null)]
    public void Told_WithoutACorrection_IsTheExtractedProblem(string said, string? expected) =>
        Assert.Equal(expected, ProblemText.Told(said));

    [Theory]
    [InlineData("my mouse keeps freezing", "actually scratch that, it's the keyboard, not the mouse", "my keyboard keeps freezing")]
    [InlineData("my monitor keeps flickering", "it's not the monitor, I tried it on another laptop. It's the docking station", "my docking station keeps flickering")]
    [InlineData("my laptop won't turn on", "not the laptop, the docking station", "my docking station won't turn on")]
    [InlineData("my mouse keeps freezing", "sorry, I mean outlook crashes when I open it", "outlook crashes when I open it")]
    [InlineData("my right hand monitor keeps flickering on and off", "no, sorry, it's the left monitor, not the right one", "my left hand monitor keeps flickering on and off")]
    public void Correct_ReplacesWhatTheCallerCorrects(string current, string said, string expected) =>
        Assert.Equal(expected, ProblemText.Correct(current, said));

    [Theory]
    [InlineData("and it's been like that since Monday")]
    [InlineData("yes")]
    public void Correct_WordsThatCorrectNothing_AreNull(string said) =>
        Assert.Null(ProblemText.Correct("my mouse keeps freezing", said));

    [Fact]
    public void Summary_OfARamble_IsItsProblemSentence()
    {
        const string ramble = "So I came in this morning and made a coffee. My laptop won't connect to the wifi since the update. "
            + "Anyway I've got a meeting at ten.";

        Assert.Equal("My laptop won't connect to the wifi since the update", ProblemText.Summary(ramble));
    }

    [Fact]
    public void Summary_NeverTheCallersIdentity()
    {
        const string said = "Hi, my employee id is E one zero zero five and my number is 0 7 7 0 0. Outlook keeps crashing.";

        Assert.Equal("Outlook keeps crashing", ProblemText.Summary(said));
    }

    [Fact]
    public void Summary_OfAShortReport_IsTheReport() =>
        Assert.Equal("my monitor flickers", ProblemText.Summary("my monitor flickers"));

    [Fact]
    public void Choose_OfTwoProblems_KeepsTheOneThatIsPicked()
    {
        const string told = "my mouse has been double-clicking on its own and Outlook keeps asking for my password like every ten minutes";

        Assert.Equal("Outlook keeps asking for my password like every ten minutes", ProblemText.Choose(told, "let's just do the Outlook one today"));
        Assert.Null(ProblemText.Choose(told, "yes please"));
        Assert.Null(ProblemText.Choose(told, "let's do the printer one")); // nothing told has that name
    }

    [Fact]
    public void Summary_OfATelegraphicReport_KeepsEveryFragment() =>
        Assert.Equal("printer, broken", ProblemText.Summary("printer. broken."));

    [Theory]
    [InlineData("my monitor flickers", true)]
    [InlineData("the thing keeps beeping", true)] // a fault word, no IT word
    [InlineData("I want to report a problem: the badge reader at the loading dock beeps red", true)]
    [InlineData("right, fair enough", false)]
    [InlineData("only me", false)]
    [InlineData("erm, one sec", false)]
    public void LooksLikeFault_NeedsAnItWordOrAFaultWord(string said, bool expected) =>
        Assert.Equal(expected, ProblemText.LooksLikeFault(said));

    [Fact]
    public void LooksLikeFault_Strict_DoesNotCountPlainContentWords()
    {
        const string chat = "my cousin painted the garden fence purple";

        Assert.True(ProblemText.LooksLikeFault(chat));
        Assert.False(ProblemText.LooksLikeFault(chat, strict: true));
    }

    [Theory]
    [InlineData("any news on the Outlook ticket?", true)]
    [InlineData("it's the one ending in two", true)]
    [InlineData("I've heard nothing about number 2", true)]
    [InlineData("what's the status of my ticket", true)]
    [InlineData("can you raise a ticket for me", false)]
    [InlineData("any update on the printer? if not, log a new one", false)]
    [InlineData("my outlook keeps crashing", false)]
    [InlineData("", false)]
    public void IsTicketEnquiry_AsksAfterATicket_NotForANewOne(string said, bool expected) =>
        Assert.Equal(expected, ProblemText.IsTicketEnquiry(said));

    [Theory]
    [InlineData("It's Alan, E one zero zero five. The bluetooth on my laptop won't find my headset", "The bluetooth on my laptop won't find my headset")]
    [InlineData("E one zero zero five. My screen is cracked. Also the charger is broken", "My screen is cracked. the charger is broken")]
    [InlineData("It's Alan, E one zero zero five", null)]
    [InlineData("", null)]
    public void FaultIn_KeepsOnlyTheSentencesReportingAFault(string said, string? expected) =>
        Assert.Equal(expected, ProblemText.FaultIn(said));
}
