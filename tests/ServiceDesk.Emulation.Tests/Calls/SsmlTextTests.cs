using ServiceDesk.Emulation.Calls;

namespace ServiceDesk.Emulation.Tests.Calls;

public class SsmlTextTests
{
    [Fact]
    public void DigitsReadOut_KeepTheirPunctuationWithoutASpaceBeforeIt() =>
        Assert.Equal(
            "That's I N C … 0 0 0 0 0 0 1, for: my laptop. Anything else?",
            SsmlText.Render("<speak>That's <say-as interpret-as=\"characters\">INC</say-as><break time=\"300ms\"/><say-as interpret-as=\"digits\">0000001</say-as>, for: my laptop. Anything else?</speak>"));

    [Fact]
    public void PlainText_IsShownAsItIs() => Assert.Equal("Hello , there", SsmlText.Render(" Hello , there "));
}
