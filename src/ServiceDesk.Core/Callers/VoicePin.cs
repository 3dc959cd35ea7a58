using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Core.Callers;

/// <summary>
/// The second factor behind an employee id: a 4-6 digit PIN, spoken or keyed. The directory keeps only a salted
/// PBKDF2 hash (<c>pbkdf2-sha256$iterations$salt$hash</c>, base64); a PIN is never stored, logged or remembered.
/// A PIN space this small falls to an offline search whatever the hash costs, so the real guard is the lockout across
/// calls (<see cref="PinVerifier"/>); the hash keeps the directory from being a list of PINs.
/// </summary>
public static partial class VoicePin
{
    public const int MinDigits = 4;
    public const int MaxDigits = 6;
    private const string Scheme = "pbkdf2-sha256";
    // Enough to make a stolen directory slow to read, cheap enough for a phone turn (a few ms on a Lambda core).
    private const int Iterations = 20_000;

    public static bool IsWellFormed(string? pin) => pin is { Length: >= MinDigits and <= MaxDigits } && !pin.AsSpan().ContainsAnyExcept(CallerLexicon.AsciiDigits);

    /// <summary>The hash the directory stores. A fresh random salt each time unless one is given (tests).</summary>
    public static string Hash(string pin, byte[]? salt = null)
    {
        if (!IsWellFormed(pin))
        {
            throw new ArgumentException($"a PIN is {MinDigits} to {MaxDigits} digits", nameof(pin));
        }

        salt ??= RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(pin), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether <paramref name="pin"/> is the one hashed; false for anything unreadable. Constant time in the hash.</summary>
    public static bool Matches(string pin, string? stored)
    {
        var parts = stored?.Split('$');
        if (!IsWellFormed(pin) || parts is not [Scheme, var iterationsText, var saltText, var hashText]
            || !int.TryParse(iterationsText, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1000 or > 1_000_000)
        {
            return false;
        }

        try
        {
            var expected = Convert.FromBase64String(hashText);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(pin), Convert.FromBase64String(saltText), iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The PIN in what the caller said or keyed: "2 4 6 8", "two four six eight", "my pin is 2468", "two four six eight
    /// pound", "double four five six", "twenty-four sixty-eight"; null when anything else is in it, so a sentence is never
    /// read as digits.
    /// </summary>
    public static string? Read(string? said) => string.IsNullOrWhiteSpace(said) || said.Length > 80 ? null : Readings.Get(said);

    // A turn asks both of its words several times (is it the PIN, what may be quoted of it).
    private static readonly Voice.TextMemo<string?> Readings = new(ReadDigits);
    private static readonly Voice.TextMemo<string> Redactions = new(RedactPin);

    private static string? ReadDigits(string said)
    {
        if (!OpensLikeDigits(said))
        {
            // "What's the status of my ticket": a sentence, not a PIN, known from its first word without splitting the rest.
            return null;
        }

        var digits = new StringBuilder(MaxDigits);
        var tokens = Tokens(said);
        return Digits(tokens, digits) == tokens.Length && IsWellFormed(digits.ToString()) ? digits.ToString() : null;
    }

    /// <summary>
    /// A PIN said inside a longer answer after the word PIN: "E1006 and my PIN is 2718", "it's Linus, E1003, PIN eight six
    /// four two, what's going on with my ticket". Only the digits right after the word count.
    /// </summary>
    public static string? AfterMarker(string? said)
    {
        if (Marker(said) is not { } at)
        {
            return null;
        }

        var digits = new StringBuilder(MaxDigits);
        Digits(Tokens(said![at.End..]), digits);
        return IsWellFormed(digits.ToString()) ? digits.ToString() : null;
    }

    /// <summary>What comes before the word PIN, or all of it: the part of an answer that can be an employee id.</summary>
    public static string BeforeMarker(string said) => Marker(said) is { } at ? said[..at.Start] : said;

    /// <summary>The words with any PIN in them replaced, so they can be kept, quoted or logged.</summary>
    public static string Redact(string said) => Redactions.Get(said);

    private static string RedactPin(string said)
    {
        if (Read(said) is not null)
        {
            return "****";
        }

        return Marker(said) is { } at && AfterMarker(said) is not null ? said[..at.End] + " ****" + Rest(said[at.End..]) : said;

        static string Rest(string afterMarker)
        {
            var tokens = Tokens(afterMarker);
            var used = Digits(tokens, new StringBuilder(MaxDigits));
            return used < tokens.Length ? " " + string.Join(' ', tokens[used..]) : string.Empty;
        }
    }

    // Where "pin" (or "p i n", "pin number") is said as a word, if it is.
    private static (int Start, int End)? Marker(string? said)
    {
        var match = string.IsNullOrEmpty(said) ? null : PinWord().Match(said);
        return match is { Success: true } ? (match.Index, match.Index + match.Length) : null;
    }

    /// <summary>Whether the first token could start a PIN (what <see cref="Digits"/> reads or lets by).</summary>
    private static bool OpensLikeDigits(string said)
    {
        var rest = said.AsSpan().TrimStart(TokenBreakChars);
        var end = rest.IndexOfAny(TokenBreaks);
        var first = end < 0 ? rest : rest[..end];
        if (first.IsEmpty || !first.ContainsAnyExcept(CallerLexicon.AsciiDigits))
        {
            return true;
        }

        if (first.Length > 12)
        {
            return false;
        }

        Span<char> lower = stackalloc char[first.Length];
        first.ToLowerInvariant(lower);
        return lower is "double" or "triple" || FirstWords.Contains(lower);
    }

    private static readonly char[] TokenBreakChars = [' ', '-', '.', ',', '#', '*', '?', '!'];

    private static readonly System.Buffers.SearchValues<char> TokenBreaks = System.Buffers.SearchValues.Create(TokenBreakChars);

    private static string[] Tokens(string said) => said.ToLowerInvariant().Split(TokenBreakChars, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Reads digits from the start of <paramref name="tokens"/> into <paramref name="digits"/>; how many tokens it used.</summary>
    private static int Digits(string[] tokens, StringBuilder digits)
    {
        var repeat = 1;
        var used = 0;
        for (; used < tokens.Length; used++)
        {
            var token = tokens[used];
            if (token is "double" or "triple")
            {
                repeat = token == "double" ? 2 : 3;
            }
            else if (!token.AsSpan().ContainsAnyExcept(CallerLexicon.AsciiDigits))
            {
                digits.Append(token);
            }
            else if (Tens.TryGetValue(token, out var tens))
            {
                // "twenty-four" is 24, "sixty" alone 60: PINs read in pairs.
                var unit = used + 1 < tokens.Length && (CallerLexicon.DigitWords.TryGetValue(tokens[used + 1], out var u) || CallerLexicon.DigitHomophones.TryGetValue(tokens[used + 1], out u)) && u != '0' ? u : (char?)null;
                digits.Append(tens).Append(unit ?? '0');
                used += unit is null ? 0 : 1;
            }
            else if (Teens.TryGetValue(token, out var teen))
            {
                digits.Append(teen);
            }
            else if (CallerLexicon.DigitWords.TryGetValue(token, out var digit) || CallerLexicon.DigitHomophones.TryGetValue(token, out digit))
            {
                digits.Append(digit, repeat);
                repeat = 1;
            }
            else if (!Filler.Contains(token))
            {
                break;
            }
        }

        return used;
    }

    private static readonly Dictionary<string, char> Tens = new(StringComparer.Ordinal)
    {
        ["twenty"] = '2', ["thirty"] = '3', ["forty"] = '4', ["fourty"] = '4', ["fifty"] = '5', ["sixty"] = '6', ["seventy"] = '7', ["eighty"] = '8', ["ninety"] = '9',
    };

    private static readonly Dictionary<string, string> Teens = new(StringComparer.Ordinal)
    {
        ["ten"] = "10", ["eleven"] = "11", ["twelve"] = "12", ["thirteen"] = "13", ["fourteen"] = "14", ["fifteen"] = "15",
        ["sixteen"] = "16", ["seventeen"] = "17", ["eighteen"] = "18", ["nineteen"] = "19",
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:pin|p\s?i\s?n)(?:\s+(?:number|code))?\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex PinWord();

    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "my", "pin", "p", "i", "n", "is", "it's", "its", "it", "number", "code", "the", "uh", "um", "erm", "er", "ok", "okay", "so", "pound", "hash", "yes", "yeah", "sure",
    };

    /// <summary>Every word <see cref="Digits"/> reads as a digit or lets by (declared after the lists it is made of).</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> FirstWords =
        new HashSet<string>([.. Tens.Keys, .. Teens.Keys, .. CallerLexicon.DigitWords.Keys, .. CallerLexicon.DigitHomophones.Keys, .. Filler], StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
}
