using System.Text;

namespace ServiceDesk.Core.Callers;

/// <summary>How a caller's number arrived.</summary>
public enum PhoneNumberKind
{
    /// <summary>A number we could normalise to E.164.</summary>
    Valid,
    /// <summary>Withheld, anonymous, private or otherwise not presented: nobody can be identified from it.</summary>
    Withheld,
    /// <summary>Something that is not a phone number.</summary>
    Invalid,
}

/// <summary>A phone number in E.164 (<c>+14155550100</c>).</summary>
public readonly record struct PhoneNumber
{
    private PhoneNumber(string e164) => E164 = e164;

    public string E164 { get; }

    public override string ToString() => E164;

    /// <summary>For logs: keeps the country code and the last two digits (<c>+1*******00</c>).</summary>
    public string Masked => Mask(E164);

    /// <summary>Masks any phone-like string for logs without parsing it.</summary>
    public static string Mask(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var keepStart = value.StartsWith('+') ? 2 : 0;
        var keepEnd = Math.Min(2, Math.Max(0, value.Length - keepStart - 4));
        var masked = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            masked.Append(i < keepStart || i >= value.Length - keepEnd ? value[i] : '*');
        }

        return masked.ToString();
    }

    /// <summary>
    /// Normalises what a carrier or a person gives us: <c>+1 415-555-0100</c>, <c>(415) 555 0100</c>,
    /// <c>0044 20 7946 0000</c>, <c>14155550100</c>. National numbers (no <c>+</c> or <c>00</c>) take
    /// <paramref name="defaultCountryCode"/> (North American numbers: 10 digits, or 11 starting with 1).
    /// </summary>
    public static PhoneNumberKind TryNormalize(string? raw, out PhoneNumber number, string defaultCountryCode = "1")
    {
        number = default;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return PhoneNumberKind.Withheld;
        }

        var text = raw.Trim();
        if (WithheldMarkers.Any(marker => text.Contains(marker, StringComparison.OrdinalIgnoreCase)))
        {
            return PhoneNumberKind.Withheld;
        }

        if (text.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..];
        }

        var international = text.StartsWith('+');
        var digits = new StringBuilder(16);
        foreach (var ch in text)
        {
            if (char.IsAsciiDigit(ch))
            {
                digits.Append(ch);
            }
            else if (ch is not (' ' or '-' or '.' or '(' or ')' or '+' or '/'))
            {
                return PhoneNumberKind.Invalid;
            }
        }

        var d = digits.ToString();
        if (d.Length > 0 && d.All(c => c == '0'))
        {
            // Some carriers present a withheld number as zeros.
            return PhoneNumberKind.Withheld;
        }

        if (!international && d.StartsWith("00", StringComparison.Ordinal))
        {
            international = true;
            d = d[2..];
        }
        else if (!international && defaultCountryCode == "1")
        {
            // North America has no trunk 0: a national number is ten digits (an optional leading 1) whose area code
            // starts with 2-9. Anything else (a European "020 …" typed in) would become a wrong but plausible number.
            d = d.Length == 11 && d[0] == '1' ? d[1..] : d;
            if (d.Length != 10 || d[0] is '0' or '1')
            {
                return PhoneNumberKind.Invalid;
            }

            d = "1" + d;
        }
        else if (!international)
        {
            d = d.StartsWith('0') ? defaultCountryCode + d[1..] : defaultCountryCode + d;
        }

        // E.164: up to 15 digits, no leading zero. Anything shorter than 8 is an extension or a short code.
        if (d.Length is < 8 or > 15 || d[0] == '0' || d.Distinct().Count() == 1)
        {
            return PhoneNumberKind.Invalid;
        }

        number = new PhoneNumber("+" + d);
        return PhoneNumberKind.Valid;
    }

    public static PhoneNumber Parse(string raw) =>
        TryNormalize(raw, out var number) == PhoneNumberKind.Valid ? number : throw new FormatException("not a phone number");

    private static readonly string[] WithheldMarkers = ["anonymous", "withheld", "private", "restricted", "unknown", "unavailable", "blocked"];
}
