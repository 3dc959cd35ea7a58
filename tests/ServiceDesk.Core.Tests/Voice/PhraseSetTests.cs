using ServiceDesk.Core.Voice;

namespace ServiceDesk.Core.Tests.Voice;

public class PhraseSetTests
{
    private static readonly PhraseSet Phrases = new("printer", "printer jammed", "paper jam", "forget it", "bye", "thanks bye");

    private static string[] W(string said) => CallerLexicon.Words(said);

    [Theory]
    [InlineData("my printer is jammed", true)]
    [InlineData("my printers are jammed", false)]
    [InlineData("a reprinter", false)]
    [InlineData("there's a paper jam", true)]
    [InlineData("paper jammed", false)]
    [InlineData("", false)]
    public void AnyIn_MatchesWholeWordsOnly(string said, bool expected) => Assert.Equal(expected, Phrases.AnyIn(W(said)));

    [Theory]
    [InlineData("my printer is jammed", 1)]
    [InlineData("printer printer jammed", 0)]
    [InlineData("oh no, thanks bye", 2)]
    [InlineData("no idea", -1)]
    public void FirstAt_IsTheWordWhereTheEarliestPhraseStarts(string said, int expected) => Assert.Equal(expected, Phrases.FirstAt(W(said)));

    [Theory]
    [InlineData("printer printer jammed, paper jam", 3)]
    [InlineData("printer, printer, printer", 1)]
    [InlineData("all fine", 0)]
    public void CountIn_CountsEachPhraseOnce(string said, int expected) => Assert.Equal(expected, Phrases.CountIn(W(said)));

    [Theory]
    [InlineData("forget it please", true, false)]
    [InlineData("ok thanks bye", false, true)]
    [InlineData("goodbye", false, false)]
    [InlineData("bye", true, true)]
    public void OpensAny_And_EndsAny_AreWholeWords(string said, bool opens, bool ends)
    {
        Assert.Equal(opens, Phrases.OpensAny(W(said)));
        Assert.Equal(ends, Phrases.EndsAny(W(said)));
    }

    [Fact]
    public void StartsAt_OnlyWhereAPhraseBegins()
    {
        var words = W("oh the printer jammed");
        Assert.False(Phrases.StartsAt(words, 1));
        Assert.True(Phrases.StartsAt(words, 2));
        Assert.False(Phrases.StartsAt(words, 3));
        Assert.False(Phrases.StartsAt(words, 4));
    }

    [Fact]
    public void Phrases_KeepTheirOrder() => Assert.Equal(["printer", "printer jammed", "paper jam", "forget it", "bye", "thanks bye"], Phrases.Phrases);
}
