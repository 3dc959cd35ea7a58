using System.Text.RegularExpressions;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Wire.Observability;

/// <summary>
/// What must never reach a log line: phone numbers (E.164, or national numbers with the usual separators) and
/// the values of fields known to hold a person's name.
/// </summary>
public static partial class LogMasking
{
    public const string NameMask = "[name]";

    private static readonly HashSet<string> NameFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "name", "callerName", "caller_name", "displayName", "display_name", "firstName", "first_name",
        "lastName", "last_name", "fullName", "full_name", "givenName", "familyName", "employeeName", "customerName",
    };

    /// <summary>True for a state or scope key whose value is a person's name (any casing, snake or camel).</summary>
    public static bool IsNameField(string key) => NameFields.Contains(key);

    /// <summary>The name fields, for a lookup by a span of a message template.</summary>
    internal static HashSet<string> NameFieldSet => NameFields;

    /// <summary>
    /// Masks phone-shaped values with <see cref="PhoneNumber.Mask"/>: E.164 (<c>+14155550100</c>), international with
    /// <c>00</c>, and national numbers written with separators (<c>415 555 0100</c>, <c>(415) 555-0100</c>), 8 to 15
    /// digits standing on their own. A digit run inside an id (a contact id's UUID, <c>req-20261201</c>), a bare digit
    /// run, a ticket number and an ISO date are not phone-shaped and stay as they are, so log lines can still be joined.
    /// </summary>
    public static string MaskPhones(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        return PhoneLike().Replace(text, match =>
        {
            var value = match.Value;
            var digits = value.Count(char.IsAsciiDigit);
            var international = value.StartsWith('+') || value.StartsWith("00", StringComparison.Ordinal);
            var phoneShaped = digits is >= 8 and <= 15 && (international || SeparatorGroups(value) >= 2) && !NotAPhone().IsMatch(value);
            return phoneShaped ? PhoneNumber.Mask(new string([.. value.Where(c => c == '+' || char.IsAsciiDigit(c))])) : value;
        });
    }

    // A leading + or (, then digits with single spaces, dashes, dots or parentheses between them, standing alone: not
    // glued to a letter, a digit, an underscore or a hyphenated id on either side.
    [GeneratedRegex(@"(?<![\w\-+.])\+?\(?\d(?:[ \-.()]{1,2}\d|\d)+(?![\w\-]|\.\w)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex PhoneLike();

    private static int SeparatorGroups(string value)
    {
        var groups = 0;
        for (var i = 1; i < value.Length; i++)
        {
            if (!char.IsAsciiDigit(value[i]) && char.IsAsciiDigit(value[i - 1]))
            {
                groups++;
            }
        }

        return groups;
    }

    // Shaped like a phone number by digits and separators alone, but an ISO date or a dotted IP address.
    [GeneratedRegex(@"^(?:\d{4}-\d{2}-\d{2}|\d{1,3}(?:\.\d{1,3}){3})$", RegexOptions.CultureInvariant)]
    private static partial Regex NotAPhone();
}
