using System.Diagnostics.CodeAnalysis;
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

    public override string ToString()
    {
        // A turn writes the ticket it is about several times (slot, memory, history): the last one is kept per thread.
        if (t_last is { } last && last.Sequence == Sequence)
        {
            return last.Text;
        }

        var text = string.Create(Prefix.Length + DigitCount, Sequence, static (span, sequence) =>
        {
            Prefix.CopyTo(span);
            sequence.TryFormat(span[Prefix.Length..], out _, "D7", System.Globalization.CultureInfo.InvariantCulture);
        });
        t_last = new Formatted(Sequence, text);
        return text;
    }

    private sealed record Formatted(long Sequence, string Text);

    [ThreadStatic]
    private static Formatted? t_last;

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

        var parsed = Parsed.Get(text);
        number = parsed ?? default;
        return parsed is not null;
    }

    private static readonly TextMemo<TicketNumber?> Parsed = new(ParseWhole);

    private static TicketNumber? ParseWhole(string text)
    {
        Span<char> digits = stackalloc char[text.Length];
        var count = 0;
        foreach (var token in Tokens.Get(text))
        {
            if (IsWrittenDigits(token))
            {
                token.CopyTo(digits[count..]);
                count += token.Length;
            }
            else if (DigitWords.TryGetValue(token, out var digit))
            {
                digits[count++] = digit;
            }
            else if (!FillerWords.Contains(token))
            {
                // Prefix letters ("inc", "i n c", "incident") and the filler recognisers add around numbers are let by.
                return null;
            }
        }

        var significant = Significant(digits[..count]);
        return significant.Length is > 0 and <= DigitCount ? new TicketNumber(long.Parse(significant, provider: System.Globalization.CultureInfo.InvariantCulture)) : null;
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

        var found = Found.Get(text);
        number = found ?? default;
        return found is not null;
    }

    private static readonly TextMemo<TicketNumber?> Found = new(Find);

    private static TicketNumber? Find(string text)
    {
        var tokens = Tokens.Get(text);
        Span<char> run = stackalloc char[text.Length];
        var length = 0;
        var runStart = 0;
        var spoken = false;
        long best = 0;
        var bestLength = 0;
        // One step past the last token ends the last run.
        for (var i = 0; i <= tokens.Length; i++)
        {
            var token = i < tokens.Length ? tokens[i] : ".";
            // A homophone never opens a run ("ticket for me"), except "oh" where a number was announced ("I N C oh oh two").
            // Inside a run of spoken digits a homophone counts only when more digits follow or the number is long already:
            // "ticket one for me" is ticket one, "I N C oh oh oh oh oh one for" is 14. A run the recogniser wrote as digits
            // ("INC0000001 for me") took every digit said as a digit: a homophone after it is a word.
            var written = IsWrittenDigits(token);
            var homophone = Homophones.Contains(token);
            var next = i + 1 < tokens.Length && (IsWrittenDigits(tokens[i + 1]) || (DigitWords.ContainsKey(tokens[i + 1]) && !Homophones.Contains(tokens[i + 1])));
            if (written || (DigitWords.ContainsKey(token) && (!homophone || (length > 0 && spoken && (next || length >= 3)) || (token is "oh" or "o" && (length > 0 || Announced(tokens, i))))))
            {
                runStart = length == 0 ? i : runStart;
                spoken = !written;
                if (written)
                {
                    token.CopyTo(run[length..]);
                    length += token.Length;
                }
                else
                {
                    run[length++] = DigitWords[token];
                }

                continue;
            }

            if (PrefixLetters.Contains(token) && length == 0)
            {
                continue;
            }

            // "Three, zero zero zero zero zero zero three": the number said twice over runs long; its last seven digits are the number.
            var digits = Significant(run[..length]).Length > DigitCount ? run[(length - DigitCount)..length] : run[..length];
            var significant = Significant(digits);
            if (significant.Length is > 0 and <= DigitCount && significant.Length > bestLength && (length >= PlainRunDigits || Announced(tokens, runStart)))
            {
                best = long.Parse(significant, provider: System.Globalization.CultureInfo.InvariantCulture);
                bestLength = significant.Length;
            }

            length = 0;
        }

        return bestLength == 0 ? null : new TicketNumber(best);
    }

    private static ReadOnlySpan<char> Significant(ReadOnlySpan<char> digits) => digits.TrimStart('0');

    private static bool IsWrittenDigits(string token) => token.Length > 0 && !token.AsSpan().ContainsAnyExcept(CallerLexicon.AsciiDigits);

    /// <summary>Below this many digits, a number in free speech is a ticket number only when announced as one.</summary>
    public const int PlainRunDigits = 4;

    /// <summary>
    /// "ticket", "incident" or the INC prefix (also spelled "i n c") right before the run, perhaps with "number" or "is"
    /// between: "ticket two", "ticket number 42", "number two". Not "the ticket I raised two days ago".
    /// </summary>
    private static bool Announced(string[] tokens, int runStart)
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

    /// <summary>
    /// The words and digit runs of a text, lower case: "inc0012345" and "number12345" split into their word and digit runs;
    /// "double oh" is "oh oh", "triple two" is "two two two", as callers in Britain read numbers.
    /// </summary>
    private static readonly TextMemo<string[]> Tokens = new(Tokenize);

    private static string[] Tokenize(string text)
    {
        // At most one token per character, three times over for "triple": gathered in a pooled array, kept exactly sized.
        var tokens = System.Buffers.ArrayPool<string>.Shared.Rent(3 * text.Length);
        var count = 0;
        var repeat = 1;
        for (var at = 0; at < text.Length;)
        {
            if (Separators.Contains(text[at]))
            {
                at++;
                continue;
            }

            var end = at + 1;
            while (end < text.Length && !Separators.Contains(text[end]) && char.IsDigit(text[end]) == char.IsDigit(text[at]))
            {
                end++;
            }

            var token = string.Create(end - at, (text, at), static (span, state) => state.text.AsSpan(state.at, span.Length).ToLowerInvariant(span));
            at = end;
            if (token is "double" or "triple" or "treble")
            {
                repeat = token == "double" ? 2 : 3;
                continue;
            }

            for (var i = 0; i < (DigitWords.ContainsKey(token) || IsWrittenDigits(token) ? repeat : 1); i++)
            {
                tokens[count++] = token;
            }

            repeat = 1;
        }

        var kept = tokens.AsSpan(0, count).ToArray();
        System.Buffers.ArrayPool<string>.Shared.Return(tokens, clearArray: true);
        return kept;
    }

    private static readonly System.Buffers.SearchValues<char> Separators = System.Buffers.SearchValues.Create(" -.,#*\t\n\r_/?!;:()\"");

    /// <summary>Digit words and the homophones a recogniser writes for them, from the caller lexicon.</summary>
    private static readonly Dictionary<string, char> DigitWords =
        CallerLexicon.DigitWords.Concat(CallerLexicon.DigitHomophones).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static readonly HashSet<string> FillerWords = new(StringComparer.Ordinal)
    {
        "inc", "i", "n", "c", "in", "see", "sea", "ink", "incident", "ticket", "number", "is", "it's", "its", "my", "the",
        "hash", "pound", "star", "um", "uh", "er", "please", "and",
    };
}
