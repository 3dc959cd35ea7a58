using ServiceDesk.Core.Agents;

namespace ServiceDesk.Core.Tests.Agents;

public class AgentSpeechTests
{
    [Fact]
    public void Clean_RemovesMarkdownLinksAndCitations()
    {
        var spoken = AgentSpeech.Clean("## Reset\n1. Go to **[the portal](https://portal.example.com/reset)** [1]\n2. See https://example.com/help for `details`");

        Assert.DoesNotContain("http", spoken);
        Assert.DoesNotContain("*", spoken);
        Assert.DoesNotContain("[1]", spoken);
        Assert.DoesNotContain("#", spoken);
        Assert.Contains("the portal", spoken);
    }

    [Fact]
    public void Clean_CutsALongAnswerAtASentenceWithAnOfferOfMore()
    {
        var spoken = AgentSpeech.Clean(string.Join(' ', Enumerable.Repeat("This is one useful sentence about the VPN.", 40)));

        Assert.True(spoken.Length <= AgentSpeech.MaxSpokenLength);
        Assert.EndsWith(AgentSpeech.MoreOffer, spoken);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Use this key: ")]
    public void Clean_ALongTokenWithNoSpace_IsCutNotThrown(string lead)
    {
        var token = string.Concat(Enumerable.Repeat("a1B2c3D4e5", 60));

        var spoken = AgentSpeech.Clean(lead + token);

        Assert.True(spoken.Length <= AgentSpeech.MaxSpokenLength, $"{spoken.Length} characters");
        Assert.EndsWith("…" + AgentSpeech.MoreOffer, spoken);
        Assert.StartsWith(lead + "a1B2c3", spoken);
    }

    [Fact]
    public void Clean_NeverSplitsASurrogatePair()
    {
        var spoken = AgentSpeech.Clean(string.Concat(Enumerable.Repeat("😀", 400)));

        Assert.True(spoken.Length <= AgentSpeech.MaxSpokenLength);
        Assert.False(char.IsHighSurrogate(spoken[spoken.IndexOf('…', StringComparison.Ordinal) - 1]));
    }

    [Fact]
    public void Fit_ReturnsThePartNotSpoken()
    {
        var sentences = Enumerable.Range(1, 30).Select(i => $"Step {i} of the VPN fix is this one.").ToList();

        var (spoken, unspoken) = AgentSpeech.Fit(string.Join(' ', sentences));

        Assert.NotNull(unspoken);
        Assert.Equal(string.Join(' ', sentences), spoken[..^AgentSpeech.MoreOffer.Length] + " " + unspoken);
    }

    [Fact]
    public void Fit_AShortAnswer_LeavesNothingUnspoken() => Assert.Null(AgentSpeech.Fit("Restart the router.").Unspoken);
}
