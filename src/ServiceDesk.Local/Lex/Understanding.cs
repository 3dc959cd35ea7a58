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
public sealed class IntentRecognizer
{
    private readonly BotDefinition _bot;
    private readonly List<(IntentDefinition Intent, string Utterance, string[] Words, SlotDefinition[] Slots)> _samples;
    private readonly Dictionary<string, double> _weights;
    private readonly double _unknownWeight;

    public IntentRecognizer(BotDefinition bot)
    {
        _bot = bot;
        _samples = [.. bot.Intents.SelectMany(i => i.Utterances.Select(u => (i, u, ContentWords(Regex.Replace(u, @"\{\w+\}", " ")),
            i.Slots.Where(slot => u.Contains("{" + slot.Name + "}", StringComparison.Ordinal)).ToArray())))];
        // A word found in the samples of many intents says little about which one the caller wants.
        var intents = Math.Max(1, bot.Intents.Count);
        _weights = _samples.SelectMany(s => s.Words.Distinct().Select(w => (w, s.Intent.Name))).Distinct()
            .GroupBy(p => p.w).ToDictionary(g => g.Key, g => Math.Log(1.0 + ((double)intents / g.Count())), StringComparer.Ordinal);
        // A word no sample uses is evidence the caller is asking something the bot was not built for.
        _unknownWeight = 1.5 * Math.Log(1.0 + intents);
    }

    /// <summary>Intents scored best first; the fallback intent comes first when nothing reaches the bot's threshold.</summary>
    public IReadOnlyList<IntentMatch> Recognize(string text)
    {
        var words = ContentWords(text);
        var scored = _samples
            .Select(s => new IntentMatch(s.Intent, Score(words, s.Words, s.Slots.Where(slot => SlotResolver.Resolve(text, slot, _bot) is not null).ToList()), s.Utterance))
            .GroupBy(m => m.Intent.Name)
            .Select(g => g.MaxBy(m => m.Confidence)!)
            .OrderByDescending(m => m.Confidence)
            .ToList();
        if ((scored.Count == 0 || scored[0].Confidence < _bot.ConfidenceThreshold) && _bot.Fallback is { } fallback)
        {
            scored.Insert(0, new IntentMatch(fallback, 0, null));
        }

        return scored;
    }

    /// <summary>
    /// Weighted Dice overlap. A placeholder whose slot can be filled from what was said absorbs the words of its value:
    /// one word, or all the spelled letters and digits of an alphanumeric ("I N C zero zero one").
    /// </summary>
    private double Score(string[] said, string[] sample, IReadOnlyList<SlotDefinition> filled)
    {
        if (said.Length == 0 || sample.Length + filled.Count == 0)
        {
            return 0;
        }

        double Weight(string w) => _weights.GetValueOrDefault(w, _unknownWeight);
        var overlap = sample.Where(w => said.Contains(w, StringComparer.Ordinal)).Sum(Weight);
        var unmatched = said.Where(w => !sample.Contains(w, StringComparer.Ordinal)).ToList();
        var spelled = filled.Any(IsAlphanumeric) ? unmatched.Where(SlotResolver.IsSpelledCharacter).ToList() : [];
        var absorbed = spelled.Sum(Weight) + unmatched.Except(spelled).Select(Weight).Order().Take(filled.Count(s => !IsAlphanumeric(s))).Sum();
        var saidWeight = said.Sum(Weight);
        var sampleWeight = sample.Sum(Weight) + absorbed;
        return Math.Round(2.0 * (overlap + absorbed) / (saidWeight + sampleWeight), 2);
    }

    private bool IsAlphanumeric(SlotDefinition slot) =>
        (_bot.SlotTypes.TryGetValue(slot.TypeName, out var t) ? t.Parent : slot.TypeName) is "AMAZON.AlphaNumeric" or "AMAZON.Number";

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

    /// <summary>A word that spells part of an alphanumeric value: a digit, a digit word, a letter, or our ticket prefix.</summary>
    public static bool IsSpelledCharacter(string word) =>
        word.Length == 1 || word.All(char.IsAsciiDigit) || DigitWords.ContainsKey(word) || word == "inc";

    /// <summary>"e one oh oh two" → "e1002": how Lex hands spoken alphanumerics to a slot.</summary>
    public static string SpokenDigits(string text) =>
        string.Concat(IntentRecognizer.Words(text).Select(w => DigitWords.GetValueOrDefault(w, w)));
}
