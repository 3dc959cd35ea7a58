using System.Text.RegularExpressions;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Voice;

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
    // Every log line's message and fields pass through here: text without eight digits close together (nearly all of it,
    // contact ids included) cannot hold a phone number and skips the expression.
    public static string MaskPhones(string text) => string.IsNullOrEmpty(text) || !HasDigitRun(text) ? text : MaskMatches(text);

    /// <summary>What <see cref="MaskPhones"/> does to text the quick check lets through (the tests compare the two).</summary>
    internal static string MaskMatches(string text)
    {
        return PhoneLike().Replace(text, match =>
        {
            var value = match.Value;
            var digits = value.Count(char.IsAsciiDigit);
            var international = value.StartsWith('+') || value.StartsWith("00", StringComparison.Ordinal);
            var phoneShaped = digits is >= 8 and <= 15 && (international || SeparatorGroups(value) >= 2) && !NotAPhone().IsMatch(value);
            return phoneShaped ? PhoneNumber.Mask(new string([.. value.Where(c => c == '+' || char.IsAsciiDigit(c))])) : value;
        });
    }

    /// <summary>
    /// Whether <paramref name="text"/> has what <see cref="PhoneLike"/> needs before a match can be phone-shaped: 8 digits
    /// or more with at most two separators (<c> -.()</c>) between each two, from a start not glued to a word, a hyphen, a
    /// plus or a dot (a contact id's <c>-000000001006</c> is glued).
    /// </summary>
    private static bool HasDigitRun(ReadOnlySpan<char> text)
    {
        for (var i = text.IndexOfAny(CallerLexicon.AsciiDigits); i >= 0 && i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                continue;
            }

            // A match starts at the digit, or at a + just before it.
            var free = i == 0 || !Glued(text[i - 1]) || (text[i - 1] == '+' && (i == 1 || !Glued(text[i - 2])));
            if (!free)
            {
                continue;
            }

            var digits = 0;
            for (int at = i, gap = 0; at < text.Length && gap <= 2; at++)
            {
                if (char.IsAsciiDigit(text[at]))
                {
                    gap = 0;
                    if (++digits >= 8)
                    {
                        return true;
                    }
                }
                else
                {
                    gap = text[at] is ' ' or '-' or '.' or '(' or ')' ? gap + 1 : 3;
                }
            }
        }

        return false;
    }

    /// <summary>What may not come just before a phone number (the expression's look-behind).</summary>
    private static bool Glued(char before) => char.IsLetterOrDigit(before) || before is '_' or '-' or '+' or '.';

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
