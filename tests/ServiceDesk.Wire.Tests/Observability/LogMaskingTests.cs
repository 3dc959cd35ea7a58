using ServiceDesk.Wire.Observability;

namespace ServiceDesk.Wire.Tests.Observability;

public sealed class LogMaskingTests
{
    [Theory]
    [InlineData("c0ffee00-5e55-4d1e-a7a0-000000001006")]
    [InlineData("12345678-1234-1234-1234-123456789012")]
    [InlineData("8d1c2f4e-6a7b-4c3d-9e0f-000000005006")]
    [InlineData("contact 00000000-1111-2222-3333-444444444444 ended")]
    [InlineData("req-20261201-0001")]
    [InlineData("INC0012345")]
    [InlineData("2026-12-01T02:15:31Z")]
    [InlineData("on 2026-12-01 at 10:00")]
    [InlineData("from 10.0.123.200")]
    [InlineData("took 1234.5678 ms")]
    [InlineData("session 1764555331000")]
    public void MaskPhones_LeavesIdsDatesAndNumbersThatAreNotPhones(string text)
    {
        Assert.Equal(text, LogMasking.MaskPhones(text));
    }

    [Theory]
    [InlineData("call from +14155550100", "4155550100")]
    [InlineData("call from +1 415-555-0100.", "555-0100")]
    [InlineData("call from +1 (415) 555-0100", "555-0100")]
    [InlineData("\"callerPhone\":\"+447700900123\"", "7700900123")]
    [InlineData("ring 0044 20 7946 0000", "7946 0000")]
    [InlineData("also 415 555 0100", "555 0100")]
    [InlineData("also (415) 555-0100", "555-0100")]
    [InlineData("also 415.555.0100", "555.0100")]
    public void MaskPhones_MasksPhoneShapedValues(string text, string mustNotRemain)
    {
        var masked = LogMasking.MaskPhones(text);

        Assert.DoesNotContain(mustNotRemain, masked, StringComparison.Ordinal);
        Assert.Contains("*", masked, StringComparison.Ordinal);
    }

    /// <summary>The quick check before the expression skips only text the expression would leave as it is.</summary>
    [Fact]
    public void MaskPhones_AgreesWithTheExpressionOnEveryText()
    {
        const string alphabet = "0123456789012345678901234567890123456789 -.()+_aZ:/";
        var random = new Random(20261202);
        var masked = 0;
        for (var n = 0; n < 50_000; n++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(1, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var expected = LogMasking.MaskMatches(text);
            Assert.Equal(expected, LogMasking.MaskPhones(text));
            masked += expected == text ? 0 : 1;
        }

        // Both kinds of text were tried: some held a phone number, most did not.
        Assert.InRange(masked, 100, 49_000);
    }
}
