using System.Collections.Frozen;

namespace ServiceDesk.Core.Voice;

/// <summary>
/// A list of phrases matched as whole words against a text's words (as <see cref="CallerLexicon.Words"/> splits them).
/// Phrases are indexed by their first word, so a check costs a lookup per word of the text, not a search of the text per
/// phrase: every turn reads its words through a few hundred phrases (commands, faults, categories, who is affected).
/// </summary>
public sealed class PhraseSet
{
    /// <summary>The phrases that open with a word, each as its later words and its place in the list.</summary>
    private readonly FrozenDictionary<string, (string[] Later, int Index)[]> _byFirstWord;

    /// <summary>
    /// A 128-bit sketch of the first words (by first and last letter and length): most words of a text are in no phrase
    /// of a given list, and the sketch turns them away without a lookup.
    /// </summary>
    private readonly ulong _sketchLow;
    private readonly ulong _sketchHigh;

    public PhraseSet(params string[] phrases)
    {
        Phrases = phrases;
        foreach (var phrase in phrases)
        {
            var first = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var word, ..] ? word : null;
            if (first is not null)
            {
                var bit = Sketch(first);
                _sketchLow |= bit < 64 ? 1UL << bit : 0;
                _sketchHigh |= bit >= 64 ? 1UL << (bit - 64) : 0;
            }
        }

        _byFirstWord = phrases
            .Select((phrase, index) => (Words: phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries), Index: index))
            .Where(p => p.Words.Length > 0)
            .GroupBy(p => p.Words[0], StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => (p.Words[1..], p.Index)).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The phrases as given, in their order.</summary>
    public IReadOnlyList<string> Phrases { get; }

    /// <summary>Whether any phrase is among <paramref name="words"/>.</summary>
    public bool AnyIn(ReadOnlySpan<string> words) => FirstAt(words) >= 0;

    /// <summary>The index of the first word where a phrase starts, or -1.</summary>
    public int FirstAt(ReadOnlySpan<string> words)
    {
        for (var at = 0; at < words.Length; at++)
        {
            if (MatchAt(words, at) >= 0)
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>How many of the phrases are among <paramref name="words"/> (each counted once, however often it is said).</summary>
    public int CountIn(ReadOnlySpan<string> words)
    {
        Span<bool> seen = Phrases.Count <= 256 ? stackalloc bool[Phrases.Count] : new bool[Phrases.Count];
        var count = 0;
        for (var at = 0; at < words.Length; at++)
        {
            if (!TryFirst(words[at], out var candidates))
            {
                continue;
            }

            foreach (var (rest, index) in candidates)
            {
                if (!seen[index] && Follows(words, at + 1, rest))
                {
                    seen[index] = true;
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Whether <paramref name="words"/> open with one of the phrases.</summary>
    public bool OpensAny(ReadOnlySpan<string> words) => StartsAt(words, 0);

    /// <summary>Whether <paramref name="words"/> end with one of the phrases.</summary>
    public bool EndsAny(ReadOnlySpan<string> words)
    {
        for (var at = words.Length - 1; at >= 0; at--)
        {
            if (TryFirst(words[at], out var candidates))
            {
                foreach (var (rest, _) in candidates)
                {
                    if (at + 1 + rest.Length == words.Length && Follows(words, at + 1, rest))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Whether one of the phrases starts at word <paramref name="at"/>.</summary>
    public bool StartsAt(ReadOnlySpan<string> words, int at) => at < words.Length && MatchAt(words, at) >= 0;

    /// <summary>The list index of a phrase that starts at word <paramref name="at"/>, or -1.</summary>
    private int MatchAt(ReadOnlySpan<string> words, int at)
    {
        if (TryFirst(words[at], out var candidates))
        {
            foreach (var (rest, index) in candidates)
            {
                if (Follows(words, at + 1, rest))
                {
                    return index;
                }
            }
        }

        return -1;
    }

    private bool TryFirst(string word, out (string[] Later, int Index)[] candidates)
    {
        var bit = Sketch(word);
        if (((bit < 64 ? _sketchLow >> bit : _sketchHigh >> (bit - 64)) & 1) == 0)
        {
            candidates = [];
            return false;
        }

        return _byFirstWord.TryGetValue(word, out candidates!);
    }

    private static int Sketch(string word) => word.Length == 0 ? 0 : ((word[0] * 31) + (word[^1] * 7) + word.Length) & 127;

    private static bool Follows(ReadOnlySpan<string> words, int from, string[] rest)
    {
        if (from + rest.Length > words.Length)
        {
            return false;
        }

        for (var i = 0; i < rest.Length; i++)
        {
            if (!string.Equals(words[from + i], rest[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
