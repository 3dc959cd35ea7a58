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
    [InlineData("415.555.0100", "+14155550100")]
    [InlineData("1 (415) 555-0100", "+14155550100")]
    public void TryNormalize_ReturnsE164(string raw, string expected)
    {
        Assert.Equal(PhoneNumberKind.Valid, PhoneNumber.TryNormalize(raw, out var number));
        Assert.Equal(expected, number.E164);
    }

    [Theory]
    [InlineData("020 7946 0000", "44", "+442079460000")]
    [InlineData("07700 900123", "44", "+447700900123")]
    [InlineData("030 901820", "49", "+4930901820")]
    public void TryNormalize_NationalNumberWithTrunkZero_TakesTheDefaultCountry(string raw, string country, string expected)
    {
        Assert.Equal(PhoneNumberKind.Valid, PhoneNumber.TryNormalize(raw, out var number, country));
        Assert.Equal(expected, number.E164);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("anonymous")]
    [InlineData("Withheld")]
    [InlineData("+0000000000")]
    [InlineData("private")]
    [InlineData("0000000000")]
    public void TryNormalize_RecognisesWithheldNumbers(string? raw) => Assert.Equal(PhoneNumberKind.Withheld, PhoneNumber.TryNormalize(raw, out _));

    [Theory]
    [InlineData("call me maybe")]
    [InlineData("12")]
    [InlineData("+1234567890123456789")]
    [InlineData("020 7946 0000")] // a trunk 0 has no meaning in North America: not silently +1 207…
    [InlineData("415 555 010")]
    [InlineData("1 015 555 0100")]
    public void TryNormalize_RefusesNonNumbers(string raw) => Assert.Equal(PhoneNumberKind.Invalid, PhoneNumber.TryNormalize(raw, out _));

    [Fact]
    public void Masked_KeepsOnlyCountryCodeAndLastDigits() => Assert.Equal("+1********00", PhoneNumber.Parse("+14155550100").Masked);
}
