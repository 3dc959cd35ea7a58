using System.Diagnostics.CodeAnalysis;
using System.Text;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Core.Tickets;

/// <summary>
/// A speakable ticket number: the prefix <c>INC</c> and seven digits (<c>INC0012345</c>).
/// Parsing forgives how people, speech recognition and keypads say it.
/// </summary>
public readonly record struct TicketNumber
{
    public const string Prefix = "INC";
    public const int DigitCount = 7;
    public const long MaxSequence = 9_999_999;

    private TicketNumber(long sequence) => Sequence = sequence;

    /// <summary>The number without its prefix and padding: <c>INC0012345</c> has sequence 12345.</summary>
    public long Sequence { get; }

    /// <summary>The seven digits, zero-padded, as they are read back to a caller.</summary>
    public string Digits => Sequence.ToString("D7");

    public static TicketNumber FromSequence(long sequence) =>
        sequence is > 0 and <= MaxSequence
            ? new TicketNumber(sequence)
            : throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "ticket sequence must be 1..9999999");

    public override string ToString() => Prefix + Digits;

    public static TicketNumber Parse(string text) =>
        TryParse(text, out var number) ? number : throw new FormatException("not a ticket number");

    /// <summary>
    /// Accepts <c>INC0012345</c>, <c>inc 12345</c>, <c>12345</c>, <c>I N C zero zero one two three four five</c>,
    /// <c>one two three four five</c>, <c>12345#</c> from a keypad, and "oh" for zero.
    /// Refuses text with no digits, more than seven significant digits, or words that are not digits.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out TicketNumber number)
    {
        number = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 200)
        {
            return false;
        }

        var digits = new StringBuilder(16);
        foreach (var token in Tokenize(text))
        {
            if (!AppendToken(token, digits))
            {
                return false;
            }
        }

        var significant = digits.ToString().TrimStart('0');
        if (significant.Length is 0 or > DigitCount)
        {
            return false;
        }

        number = new TicketNumber(long.Parse(significant, System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>
    /// Finds a ticket number inside a whole utterance ("what's the status of ticket inc zero zero one two three").
    /// The longest plausible run of digit tokens wins; a homophone ("for", "to") that opens a run is read as a word, not
    /// a digit. A run is plausible as a ticket number when it has at least <see cref="PlainRunDigits"/> digits, or when
    /// "ticket", "incident" or the INC prefix comes just before it: in "connect two the vpn" a "two" is only a word.
    /// </summary>
    public static bool TryFind([NotNullWhen(true)] string? text, out TicketNumber number)
    {
        number = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 1000)
        {
            return false;
        }

        var tokens = Tokenize(text).Append(".").ToList();
        string best = string.Empty;
        var run = new StringBuilder(16);
        var runStart = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            // A homophone never opens a run ("ticket for me"), except "oh" where a number was announced ("I N C oh oh two").
            // Inside a run a homophone counts only when more digits follow or the number is long already: "ticket one
            // for me" is ticket one, "I N C oh oh oh oh oh one for" is 14.
            var digit = !token.AsSpan().ContainsAnyExceptInRange('0', '9') || DigitWords.ContainsKey(token);
            var homophone = Homophones.Contains(token);
            var next = i + 1 < tokens.Count && (!tokens[i + 1].AsSpan().ContainsAnyExceptInRange('0', '9') || (DigitWords.ContainsKey(tokens[i + 1]) && !Homophones.Contains(tokens[i + 1])));
            if (!token.AsSpan().ContainsAnyExceptInRange('0', '9') || (digit && (!homophone || (run.Length > 0 && (next || run.Length >= 3)) || (token is "oh" or "o" && (run.Length > 0 || Announced(tokens, i))))))
            {
                runStart = run.Length == 0 ? i : runStart;
                run.Append(!token.AsSpan().ContainsAnyExceptInRange('0', '9') ? token : DigitWords[token].ToString());
                continue;
            }

            if (PrefixLetters.Contains(token) && run.Length == 0)
            {
                continue;
            }

            // "Three, zero zero zero zero zero zero three": the number said twice over runs long; its last seven digits are the number.
            var digits = run.Length > DigitCount && run.ToString().TrimStart('0').Length > DigitCount ? run.ToString()[^DigitCount..] : run.ToString();
            var significant = digits.TrimStart('0');
            if (significant.Length is > 0 and <= DigitCount && significant.Length > best.Length && (run.Length >= PlainRunDigits || Announced(tokens, runStart)))
            {
                best = significant;
            }

            run.Clear();
        }

        if (best.Length == 0)
        {
            return false;
        }

        number = new TicketNumber(long.Parse(best, System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>Below this many digits, a number in free speech is a ticket number only when announced as one.</summary>
    public const int PlainRunDigits = 4;

    /// <summary>
    /// "ticket", "incident" or the INC prefix (also spelled "i n c") right before the run, perhaps with "number" or "is"
    /// between: "ticket two", "ticket number 42", "number two". Not "the ticket I raised two days ago".
    /// </summary>
    private static bool Announced(List<string> tokens, int runStart)
    {
        var i = runStart - 1;
        while (i >= 0 && tokens[i] is "number" or "no" or "is" or "was")
        {
            i--;
        }

        // "Number two" announces a number as plainly as "ticket two" does.
        return (runStart > 0 && tokens[runStart - 1] == "number") || (i >= 0 && (tokens[i] is "ticket" or "incident" or "inc"
            || (i >= 2 && tokens[i - 2] == "i" && tokens[i - 1] == "n" && tokens[i] == "c")));
    }

    /// <summary>Digit words that are also ordinary words: they never open a run on their own.</summary>
    private static readonly HashSet<string> Homophones = [.. CallerLexicon.DigitHomophones.Keys, "o", "oh"];

    private static readonly HashSet<string> PrefixLetters = new(StringComparer.Ordinal) { "inc", "i", "n", "c", "see", "sea", "ink" };

    /// <summary>"Double oh" is "oh oh", "triple two" is "two two two", as callers in Britain read numbers.</summary>
    private static IEnumerable<string> Tokenize(string text)
    {
        var repeat = 1;
        foreach (var token in Split(text))
        {
            if (token is "double" or "triple" or "treble")
            {
                repeat = token == "double" ? 2 : 3;
                continue;
            }

            for (var i = 0; i < (DigitWords.ContainsKey(token) || !token.AsSpan().ContainsAnyExceptInRange('0', '9') ? repeat : 1); i++)
            {
                yield return token;
            }

            repeat = 1;
        }
    }

    private static IEnumerable<string> Split(string text)
    {
        var separators = new[] { ' ', '-', '.', ',', '#', '*', '\t', '\n', '\r', '_', '/', '?', '!', ';', ':', '(', ')', '"' };
        foreach (var raw in text.ToLowerInvariant().Split(separators, StringSplitOptions.RemoveEmptyEntries))
        {
            // "inc0012345" and "number12345" split into their word and digit runs.
            var start = 0;
            for (var i = 1; i <= raw.Length; i++)
            {
                if (i == raw.Length || char.IsDigit(raw[i]) != char.IsDigit(raw[i - 1]))
                {
                    yield return raw[start..i];
                    start = i;
                }
            }
        }
    }

    private static bool AppendToken(string token, StringBuilder digits)
    {
        if (!token.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            digits.Append(token);
            return true;
        }

        if (DigitWords.TryGetValue(token, out var digit))
        {
            digits.Append(digit);
            return true;
        }

        // Prefix letters ("inc", "i n c", "incident"), and filler speech recognition adds around numbers.
        return FillerWords.Contains(token);
    }

    /// <summary>Digit words and the homophones a recogniser writes for them, from the caller lexicon.</summary>
    private static readonly Dictionary<string, char> DigitWords =
        CallerLexicon.DigitWords.Concat(CallerLexicon.DigitHomophones).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static readonly HashSet<string> FillerWords = new(StringComparer.Ordinal)
    {
        "inc", "i", "n", "c", "in", "see", "sea", "ink", "incident", "ticket", "number", "is", "it's", "its", "my", "the",
        "hash", "pound", "star", "um", "uh", "er", "please", "and",
    };
}
