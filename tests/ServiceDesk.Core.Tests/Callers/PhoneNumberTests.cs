using ServiceDesk.Core.Callers;

namespace ServiceDesk.Core.Tests.Callers;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("+14155550100", "+14155550100")]
    [InlineData("+1 415-555-0100", "+14155550100")]
    [InlineData("(415) 555 0100", "+14155550100")]
    [InlineData("14155550100", "+14155550100")]
    [InlineData("0044 20 7946 0000", "+442079460000")]
    [InlineData("tel:+442079460000", "+442079460000")]
    public void TryNormalize_ReturnsE164(string raw, string expected)
    {
        Assert.Equal(PhoneNumberKind.Valid, PhoneNumber.TryNormalize(raw, out var number));
        Assert.Equal(expected, number.E164);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("anonymous")]
    [InlineData("Withheld")]
    [InlineData("+0000000000")]
    [InlineData("private")]
    public void TryNormalize_RecognisesWithheldNumbers(string? raw) => Assert.Equal(PhoneNumberKind.Withheld, PhoneNumber.TryNormalize(raw, out _));

    [Theory]
    [InlineData("call me maybe")]
    [InlineData("12")]
    [InlineData("+1234567890123456789")]
    public void TryNormalize_RefusesNonNumbers(string raw) => Assert.Equal(PhoneNumberKind.Invalid, PhoneNumber.TryNormalize(raw, out _));

    [Fact]
    public void Masked_KeepsOnlyCountryCodeAndLastDigits() => Assert.Equal("+1********00", PhoneNumber.Parse("+14155550100").Masked);
}
