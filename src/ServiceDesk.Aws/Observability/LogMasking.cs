using System.Text.RegularExpressions;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Aws.Observability;

/// <summary>
/// What must never reach a log line: phone numbers (E.164 or national digit runs, with the usual separators) and
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

    /// <summary>
    /// Masks every run of 8 or more digits (separators allowed) with <see cref="PhoneNumber.Mask"/>. Ticket numbers
    /// (7 digits) survive; a long date or id is masked too, which is the safe side to err on.
    /// </summary>
    public static string MaskPhones(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        return PhoneLike().Replace(text, match =>
        {
            var digits = match.Value.Count(char.IsAsciiDigit);
            return digits >= 8 ? PhoneNumber.Mask(new string([.. match.Value.Where(c => c == '+' || char.IsAsciiDigit(c))])) : match.Value;
        });
    }

    // A leading + or 00, then digits with single spaces, dashes, dots or parentheses between them.
    [GeneratedRegex(@"\+?\(?\d(?:[\s\-.()]?\d)+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex PhoneLike();
}
