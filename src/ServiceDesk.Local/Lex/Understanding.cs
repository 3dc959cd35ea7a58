using System.Text;
using System.Text.RegularExpressions;

namespace ServiceDesk.Local.Lex;

/// <summary>One scored intent, as Lex reports it in <c>interpretations</c>.</summary>
public sealed record IntentMatch(IntentDefinition Intent, double Confidence, string? Utterance);

/// <summary>
/// Intent recognition from the bot's sample utterances: a Dice overlap of content words between what the caller said
/// and each sample (slot placeholders match any one word), best sample per intent. Crude next to Lex's NLU, but it is
/// driven by the same sample utterances, so a bot whose samples are poor also does poorly here.
/// </summary>
public sealed class IntentRecognizer(BotDefinition bot)
{
    private readonly List<(IntentDefinition Intent, string Utterance, string[] Words, int Slots)> _samples =
        [.. bot.Intents.SelectMany(i => i.Utterances.Select(u => (i, u, ContentWords(Regex.Replace(u, @"\{\w+\}", " ")), Regex.Count(u, @"\{\w+\}"))))];

    /// <summary>Intents scored best first; the fallback intent comes first when nothing reaches the bot's threshold.</summary>
    public IReadOnlyList<IntentMatch> Recognize(string text)
    {
        var words = ContentWords(text);
        var scored = _samples
            .Select(s => new IntentMatch(s.Intent, Score(words, s.Words, s.Slots), s.Utterance))
            .GroupBy(m => m.Intent.Name)
            .Select(g => g.MaxBy(m => m.Confidence)!)
            .OrderByDescending(m => m.Confidence)
            .ToList();
        if ((scored.Count == 0 || scored[0].Confidence < bot.ConfidenceThreshold) && bot.Fallback is { } fallback)
        {
            scored.Insert(0, new IntentMatch(fallback, 0, null));
        }

        return scored;
    }

    private static double Score(string[] said, string[] sample, int slots)
    {
        if (said.Length == 0 || sample.Length + slots == 0)
        {
            return 0;
        }

        var overlap = sample.Count(w => said.Contains(w, StringComparer.Ordinal));
        var extra = Math.Min(slots, Math.Max(0, said.Length - overlap));
        return Math.Round(2.0 * (overlap + extra) / (said.Length + sample.Length + slots), 2);
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "i", "im", "me", "my", "to", "is", "it", "its", "of", "on", "in", "please", "can", "you", "could", "would",
        "hi", "hello", "um", "uh", "so", "and", "just", "like", "for", "with", "about", "this", "that", "be", "do", "am", "are",
    };

    public static string[] ContentWords(string text)
    {
        var words = Words(text);
        var content = words.Where(w => !StopWords.Contains(w)).ToArray();
        return content.Length > 0 ? content : words;
    }

    /// <summary>Lower-case words without punctuation; apostrophes dropped so "won't" and "wont" agree.</summary>
    public static string[] Words(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.ToLowerInvariant())
        {
            sb.Append(char.IsLetterOrDigit(ch) ? ch : ch is '\'' or '\u2019' ? '\0' : ' ');
        }

        return sb.ToString().Replace("\0", string.Empty, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}

/// <summary>Fills a slot from what the caller said, the way the slot's type would in Lex.</summary>
public static class SlotResolver
{
    private static readonly string[] Yes = ["yes", "yeah", "yep", "sure", "ok", "okay", "please do", "correct", "right", "go ahead", "1"];
    private static readonly string[] No = ["no", "nope", "don't", "do not", "not", "2"];

    /// <summary>The resolved (original, interpreted) value, or null when the text does not fit the type.</summary>
    public static (string Original, string Interpreted)? Resolve(string text, SlotDefinition slot, BotDefinition bot)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        bot.SlotTypes.TryGetValue(slot.TypeName, out var custom);
        var builtIn = custom?.Parent ?? slot.TypeName;
        if (custom is { Values.Count: > 0 })
        {
            return ResolveValue(trimmed, custom);
        }

        switch (builtIn)
        {
            case "AMAZON.Confirmation":
                var words = " " + string.Join(' ', IntentRecognizer.Words(trimmed)) + " ";
                return No.Any(n => words.Contains($" {n} ", StringComparison.Ordinal)) ? (trimmed, "No")
                    : Yes.Any(y => words.Contains($" {y} ", StringComparison.Ordinal)) ? (trimmed, "Yes")
                    : null;
            case "AMAZON.AlphaNumeric":
            case "AMAZON.Number":
                var compact = SpokenDigits(trimmed);
                if (custom?.Filter is { } filter)
                {
                    var match = filter.Match(compact);
                    return match.Success ? (trimmed, match.Value) : null;
                }

                return compact.Length > 0 ? (trimmed, compact) : null;
            default:
                return (trimmed, trimmed);
        }
    }

    private static (string, string)? ResolveValue(string text, SlotTypeDefinition type)
    {
        var said = " " + string.Join(' ', IntentRecognizer.Words(text)) + " ";
        var best = type.Values
            .SelectMany(v => v.Synonyms.Prepend(v.Value).Select(s => (v.Value, Phrase: string.Join(' ', IntentRecognizer.Words(s)))))
            .Where(c => c.Phrase.Length > 0 && said.Contains($" {c.Phrase} ", StringComparison.Ordinal))
            .OrderByDescending(c => c.Phrase.Length)
            .FirstOrDefault();
        return best.Phrase is null ? null : (text, type.TopResolution ? best.Value : best.Phrase);
    }

    private static readonly Dictionary<string, string> DigitWords = new(StringComparer.Ordinal)
    {
        ["zero"] = "0", ["oh"] = "0", ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5",
        ["six"] = "6", ["seven"] = "7", ["eight"] = "8", ["nine"] = "9",
    };

    /// <summary>"e one oh oh two" → "e1002": how Lex hands spoken alphanumerics to a slot.</summary>
    public static string SpokenDigits(string text) =>
        string.Concat(IntentRecognizer.Words(text).Select(w => DigitWords.GetValueOrDefault(w, w)));
}
