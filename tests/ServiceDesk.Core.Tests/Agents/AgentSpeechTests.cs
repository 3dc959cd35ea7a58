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
}
