using System.Text.RegularExpressions;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// A ticket named without its number, matched against the caller's own tickets: by recency ("the latest one", "the
/// older one"), by its last digits ("the one ending in two") or by what it is about ("the scanner one", "the outlook
/// ticket"). Null unless exactly one ticket fits.
/// </summary>
internal static partial class TicketReference
{
    public static Ticket? Find(string? said, IReadOnlyList<Ticket> tickets)
    {
        if (string.IsNullOrWhiteSpace(said) || tickets.Count == 0)
        {
            return null;
        }

        var padded = CallerLexicon.Padded(said);
        var newestFirst = tickets.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number.Sequence).ToList();
        var open = newestFirst.Where(t => t.IsOpen).ToList();
        var pool = open.Count > 0 ? open : newestFirst;

        if (EndingIn().Match(padded) is { Success: true } ending && TicketNumber.TryParse(ending.Groups[1].Value, out var tail))
        {
            var digits = tail.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var match = newestFirst.Where(t => t.Number.Digits.EndsWith(digits, StringComparison.Ordinal)).ToList();
            return match.Count == 1 ? match[0] : null;
        }

        if (About(padded, newestFirst) is { } described)
        {
            return described;
        }

        var words = CallerLexicon.Words(said);
        if (Newest.AnyIn(words))
        {
            return pool[0];
        }

        return Oldest.AnyIn(words) ? pool[^1] : null;
    }

    /// <summary>"The second one", "the headset one", "the one about my monitor": words that pick from tickets just read out.</summary>
    public static bool PicksOne(string words) => Spoken.Choice(words, TicketChooser.ListedChoices) is not null || Pick().IsMatch(words);

    /// <summary>The one ticket whose summary or description shares the most topic words with what was said.</summary>
    private static Ticket? About(string padded, List<Ticket> tickets)
    {
        var said = Topic(padded);
        if (said.Count == 0)
        {
            return null;
        }

        var scored = tickets.Select(t => (Ticket: t, Score: Topic(CallerLexicon.Padded(t.Summary + " " + t.Description)).Intersect(said).Count()))
            .Where(s => s.Score > 0).OrderByDescending(s => s.Score).ToList();
        if (scored.Count > 0)
        {
            return scored.Count == 1 || scored[0].Score > scored[1].Score ? scored[0].Ticket : null;
        }

        // "The email one" for the Outlook ticket: no word in common, but only one ticket is about what the words are about.
        var category = Triage.CategoryOf(padded);
        var same = category == TicketCategory.Other ? [] : tickets.Where(t => t.Category == category).Take(2).ToList();
        return same.Count == 1 ? same[0] : null;
    }

    private static HashSet<string> Topic(string padded) =>
        [.. CallerLexicon.Words(padded).Where(w => w.Length > 2 && !NotTopic.Contains(w)).Select(Stem).Select(w => SameThing.GetValueOrDefault(w, w))];

    /// <summary>"Flickering", "flickers" and "flickered" are one topic; so are "jammed" and "jams", "dropping" and "drops".</summary>
    private static string Stem(string word)
    {
        var stem = word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal) ? word[..^3]
            : word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal) ? word[..^2]
            : word.Length > 5 && word.EndsWith("es", StringComparison.Ordinal) && !word.EndsWith("ses", StringComparison.Ordinal) ? word[..^2]
            : word.Length > 4 && word.EndsWith('s') ? word[..^1]
            : word;
        // "Dropp" (dropping) and "jamm" (jammed) are "drop" and "jam".
        return stem.Length > 3 && stem.Length < word.Length && stem[^1] == stem[^2] && !"aeiouls".Contains(stem[^1]) ? stem[..^1] : stem;
    }

    /// <summary>Words callers use for the same thing as the ticket's words (stemmed, so "screens" is "screen").</summary>
    private static readonly Dictionary<string, string> SameThing = new(StringComparer.Ordinal)
    {
        ["screen"] = "monitor", ["display"] = "monitor", ["mail"] = "email",
    };

    private static readonly PhraseSet Newest = new("latest", "newest", "most recent", "last one", "the last", "recent one", "new one", "one i just", "just raised", "just logged", "today");

    private static readonly PhraseSet Oldest = new("older one", "oldest", "old one", "earlier one", "first one i", "the other one", "original one");

    /// <summary>Words that name no topic: ticket talk, status talk and filler.</summary>
    private static readonly HashSet<string> NotTopic = new(StringComparer.Ordinal)
    {
        "the", "one", "ticket", "tickets", "about", "what's", "whats", "what", "happening", "with", "status", "update", "any", "news",
        "my", "for", "and", "that", "this", "how", "it's", "its", "going", "check", "please", "can", "you", "tell", "me", "on",
        "latest", "newest", "older", "oldest", "recent", "last", "first", "second", "third", "raised", "logged", "opened", "reported",
        "problem", "issue", "call", "calling", "about", "regarding", "where", "are", "we", "is", "there", "progress", "fixed", "yet",
        "has", "anyone", "looked", "at", "add", "note", "put", "comment", "them", "they", "let", "know", "hi", "hello", "yeah",
        "chasing", "chase", "up", "want", "need", "like", "would", "could", "just", "still", "again", "also", "too", "not",
        "working", "have", "got", "did", "does", "don't", "was", "were", "been", "had", "from", "sorry", "erm", "okay", "well",
        "thing", "stuff", "bit", "ending", "number", "which", "open", "inc", "morning", "week", "yesterday", "monday", "tuesday",
        "wednesday", "thursday", "friday", "ago", "days", "day", "some", "more", "information", "info", "i'm", "i've", "i'd",
        "keeps", "keep", "kept", "always", "every", "time", "times",
    };

    // After "ending in", a homophone is a digit misheard ("the one ending in to").
    [GeneratedRegex(@" end(?:s|ing)? (?:in|with) ((?:(?:\d+|zero|oh|one|two|three|four|five|six|seven|eight|nine|won|to|too|for|fore|ate|tree|free) ?)+)")]
    private static partial Regex EndingIn();

    [GeneratedRegex(@"\bthe \w+ one\b|\b\w+ one\b.*\b(?:on|with|about) (?:that|it)\b|\bthe one (?:about|with|for|from)\b|\bending in\b|\bticket\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pick();
}
