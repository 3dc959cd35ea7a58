namespace ServiceDesk.Core.Tickets;

/// <summary>How soon the caller needs it (ITIL urgency), read from their own words.</summary>
public enum TicketUrgency
{
    Low,
    Medium,
    High,
}

/// <summary>The outcome of triage: what goes on the ticket.</summary>
public sealed record TriageResult(TicketCategory Category, TicketUrgency Urgency, TicketPriority Priority);

/// <summary>
/// First-line triage from what the caller said: a category from keywords, an urgency from urgency words,
/// and the priority from the ITIL impact × urgency matrix. Deterministic, so a retried call triages the same way.
/// </summary>
public static partial class Triage
{
    public static TriageResult Assess(string description, TicketImpact impact)
    {
        var words = Words(description);
        var urgency = UrgencyOf(words);
        return new TriageResult(CategoryOf(words), urgency, Priority(impact, urgency));
    }

    /// <summary>
    /// The ITIL matrix (impact high/medium/low × urgency high/medium/low → 1..5), with 5 folded into P4 because the desk
    /// has four priorities.
    /// </summary>
    public static TicketPriority Priority(TicketImpact impact, TicketUrgency urgency)
    {
        var impactRank = impact switch
        {
            TicketImpact.Organization => 0,
            TicketImpact.Team => 1,
            _ => 2,
        };
        var urgencyRank = urgency switch
        {
            TicketUrgency.High => 0,
            TicketUrgency.Medium => 1,
            _ => 2,
        };
        return (TicketPriority)Math.Min(4, impactRank + urgencyRank + 1);
    }

    public static TicketCategory CategoryOf(string description) => Categories.Get(description);

    // The rerouting, the commands and the problem text each ask these of the same few texts every turn.
    private static readonly Voice.TextMemo<TicketCategory> Categories = new(text => CategoryOf(Words(text)));
    private static readonly Voice.TextMemo<TicketImpact?> Impacts = new(ReadImpact);
    private static readonly Voice.TextMemo<bool> OnlyMine = new(ReadOnlyMe);
    private static readonly Voice.TextMemo<string[]> TextWords = new(Split);

    /// <summary>
    /// Who is affected, from ordinary phrases: "just me" / "only mine", "a colleague and me" / "my team" / "none of us in
    /// accounts", "the entire third floor" / "the whole office" / "nobody can"; the keypad's 1, 2, 3. Null when it says
    /// none of them. A scope is read before a count: "everyone in my team" is a team.
    /// </summary>
    public static TicketImpact? ImpactOf(string? text) => string.IsNullOrWhiteSpace(text) ? null : Impacts.Get(text);

    private static TicketImpact? ReadImpact(string text)
    {
        var words = Words(text);
        switch (words)
        {
            case ["1"]:
                return TicketImpact.Individual;
            case ["2"]:
                return TicketImpact.Team;
            case ["3"]:
                return TicketImpact.Organization;
        }

        // "Just me, everyone else is fine" and "the whole floor, but it's only our team up here": the caller's own scope wins.
        if (SaysOnlyMe(text))
        {
            return TicketImpact.Individual;
        }

        if (OurTeam.AnyIn(words))
        {
            return TicketImpact.Team;
        }

        if ((AnyOf(words, WholePlaceOpeners) && WholePlace().IsMatch(Padded(words))) || OrganizationWords.AnyIn(words))
        {
            return TicketImpact.Organization;
        }

        // A head count ("about six of us", "three people", "twenty-odd users"): a handful is a team, scores are the office.
        if (AnyOf(words, HeadCountNouns) && HeadCount().Match(Padded(words)) is { Success: true } count)
        {
            return int.TryParse(count.Groups[1].Value, out var n) && n >= 20 || count.Groups[1].Value is "twenty" or "thirty" or "forty" or "fifty" or "hundred" or "hundreds"
                ? TicketImpact.Organization
                : TicketImpact.Team;
        }

        if (TeamWords.AnyIn(words))
        {
            return TicketImpact.Team;
        }

        if (EveryoneWords.AnyIn(words))
        {
            return TicketImpact.Organization;
        }

        return IndividualWords.AnyIn(words) ? TicketImpact.Individual : null;
    }

    /// <summary>
    /// Words that change who is affected and name nothing of the fault ("actually it's the whole team, not just me"; not
    /// "the whole team's printer is jammed"): the impact they give, else null. The problem and the confirmation read
    /// corrections the same way.
    /// </summary>
    public static TicketImpact? ImpactCorrection(string? words) =>
        ImpactOf(words) is { } impact && CategoryOf(words ?? string.Empty) == TicketCategory.Other ? impact : null;

    /// <summary>"Just me", "only mine", "I'm the only one" (but not "just me and a colleague"): the caller says it is theirs alone.</summary>
    public static bool SaysOnlyMe(string text) => OnlyMine.Get(text);

    private static bool ReadOnlyMe(string text)
    {
        var words = Words(text);
        for (var at = 0; at < words.Length; at++)
        {
            if (words[at] == "me" && at + 1 < words.Length && words[at + 1] == "and")
            {
                return false;
            }
        }

        for (var at = 0; at < words.Length; at++)
        {
            // "Not just me" says the opposite.
            if (OnlyMe.StartsAt(words, at) && (at == 0 || words[at - 1] != "not"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The words joined for the regular expressions that read who is affected (only when their words are there).</summary>
    private static string Padded(string[] words) => " " + string.Join(' ', words) + " ";

    private static bool AnyOf(string[] words, HashSet<string> set)
    {
        foreach (var word in words)
        {
            if (set.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly HashSet<string> WholePlaceOpeners = new(StringComparer.Ordinal) { "whole", "entire", "all", "everyone", "everybody" };

    private static readonly HashSet<string> HeadCountNouns = new(StringComparer.Ordinal) { "us", "people", "users", "colleagues", "staff", "folks", "team" };

    [System.Text.RegularExpressions.GeneratedRegex(@" (\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds?|few|several|couple|dozen)(?: odd| or so| or (?:\d+|two|three|four|five|six|seven|eight|nine|ten))? (?:of us|people|users|colleagues|staff|folks|of my team|of the team) ")]
    private static partial System.Text.RegularExpressions.Regex HeadCount();

    [System.Text.RegularExpressions.GeneratedRegex(@" (?:whole|entire|all the|all of the|every(?:one|body) (?:on|in|at) the) (?:(?:first|second|third|fourth|fifth|sixth|ground|top|\d+(?:st|nd|rd|th)) )?(?:floor|office|building|company|site|organisation|organization|business|firm|place|campus|branch) ")]
    private static partial System.Text.RegularExpressions.Regex WholePlace();

    /// <summary>Lower-case words; a possessive or "is" goes ("headset's crackling" is about the headset).</summary>
    /// <remarks>Kept per text: the array is shared, read it and never write to it.</remarks>
    internal static string[] Words(string text) => TextWords.Get(text);

    // Static: a collection expression in the call would build the array on every call.
    private static readonly char[] WordBreaks = [' ', ',', '.', '!', '?', ';', ':', '\t', '\n', '\r', '(', ')', '"', '/', '-'];

    private static string[] Split(string text)
    {
        if (ReadsAsTheLexiconDoes(text))
        {
            // The caller lexicon has split this text already (every turn's words go through it first): its words are these,
            // possessives aside, so they are taken rather than split again.
            return WithoutPossessives(Voice.CallerLexicon.Words(text));
        }

        var words = text.ToLowerInvariant().Replace("’", "'", StringComparison.Ordinal)
            .Split(WordBreaks, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            words[i] = IsPossessive(w) ? w[..^2] : w;
        }

        return words;
    }

    /// <summary>
    /// The category of words as <see cref="Words"/> or <see cref="Voice.CallerLexicon.Words"/> split them (the commands
    /// read it of the lexicon's words, which are the same words with their possessives still on).
    /// </summary>
    internal static TicketCategory CategoryOf(string[] words)
    {
        // "Screens" and "printers" are about what "screen" and "printer" are; a keyword said as it is listed stays ("Teams",
        // the app, is not "team"), and so does the accounts department ("everyone in accounts" is not an account problem).
        string[]? singular = null;
        for (var i = 0; i < words.Length; i++)
        {
            var stem = KeywordWords.Contains(words[i]) || IsDepartment(words, i) ? words[i] : Singular(words[i]);
            if (stem.Length != words[i].Length)
            {
                singular ??= [.. words];
                singular[i] = stem.ToString();
            }
        }

        singular ??= words;
        var best = TicketCategory.Other;
        var bestScore = 0;
        foreach (var (category, keywords) in CategoryKeywords)
        {
            var score = keywords.CountIn(singular);
            if (score > bestScore)
            {
                best = category;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>"In accounts", "from accounts", "the accounts team": the department, not user accounts.</summary>
    private static bool IsDepartment(string[] words, int at) =>
        words[at] == "accounts"
        && ((at > 0 && words[at - 1] is "in" or "from" or "of" or "at")
            || (at + 1 < words.Length && words[at + 1] is "team" or "department" or "dept" or "office" or "people" or "staff" or "floor"));

    /// <summary>
    /// Whether the lexicon's words of <paramref name="text"/> are the words split here: nothing in it but letters, digits,
    /// the breaks both split on, and apostrophes inside words (the lexicon drops one at a word's edge, this keeps it).
    /// </summary>
    private static bool ReadsAsTheLexiconDoes(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsLetterOrDigit(ch) || Array.IndexOf(WordBreaks, ch) >= 0)
            {
                continue;
            }

            if (ch is not ('\'' or '\u2019') || i == 0 || i == text.Length - 1 || !char.IsLetterOrDigit(text[i - 1]) || !char.IsLetterOrDigit(text[i + 1]))
            {
                return false;
            }
        }

        return true;
    }

    private static string[] WithoutPossessives(string[] words)
    {
        string[]? stripped = null;
        for (var i = 0; i < words.Length; i++)
        {
            if (IsPossessive(words[i]))
            {
                stripped ??= [.. words];
                stripped[i] = words[i][..^2];
            }
        }

        return stripped ?? words;
    }

    private static ReadOnlySpan<char> Singular(string word)
    {
        var stem = IsPossessive(word) ? word.AsSpan(0, word.Length - 2) : word;
        return stem.Length > 4 && stem[^1] == 's' && !stem.EndsWith("ss", StringComparison.Ordinal) ? stem[..^1] : stem;
    }

    private static bool IsPossessive(string word) =>
        word.Length > 3 && word.EndsWith("'s", StringComparison.Ordinal) && word is not ("what's" or "that's" or "there's" or "here's");

    private static TicketUrgency UrgencyOf(string[] words)
    {
        if (LowUrgency.AnyIn(words))
        {
            return TicketUrgency.Low;
        }

        return HighUrgency.AnyIn(words) ? TicketUrgency.High : TicketUrgency.Medium;
    }

    // Order matters on a tie: the more specific categories come first.
    private static readonly (TicketCategory Category, Voice.PhraseSet Keywords)[] CategoryKeywords =
    [
        (TicketCategory.Printing, new("printer", "printers", "print", "printing", "scanner", "scan", "toner", "paper jam", "jammed")),
        (TicketCategory.Email, new("email", "emails", "e-mail", "outlook", "inbox", "mailbox", "calendar", "mail")),
        (TicketCategory.Access, new("password", "locked out", "lock out", "locked myself out", "locked me out", "lock myself out", "login", "log in", "sign in", "signin", "account", "access", "permission", "permissions", "mfa", "authenticator", "two factor", "reset")),
        (TicketCategory.Network, new("wifi", "wi fi", "internet", "network", "vpn", "connection", "connect", "ethernet", "offline", "no internet", "slow connection")),
        (TicketCategory.Hardware, new("laptop", "computer", "pc", "desktop", "monitor", "screen", "keyboard", "mouse", "battery", "charger", "dock", "docking", "headset", "webcam", "camera", "turn on", "power", "hardware", "broken", "cracked", "microphone", "mic",
            "speaker", "headphone", "projector", "trackpad", "touchpad", "usb", "charger", "desk phone", "hinge")),
        (TicketCategory.Software, new("install", "software", "app", "application", "excel", "word", "teams", "zoom", "update", "crash", "crashes", "crashing", "error", "license", "licence", "program", "freezing", "freezes", "browser", "chrome")),
    ];

    /// <summary>The one-word keywords, as listed: a word said just so is not made singular first.</summary>
    private static readonly HashSet<string> KeywordWords =
        [.. CategoryKeywords.SelectMany(c => c.Keywords.Phrases).Where(k => !k.Contains(' ', StringComparison.Ordinal))];

    private static readonly Voice.PhraseSet HighUrgency = new(
        "urgent", "urgently", "asap", "immediately", "right now", "emergency", "critical", "can't work", "cannot work", "can not work",
        "unable to work", "outage", "down", "deadline", "blocked", "completely", "nothing works", "nothing is working", "losing money", "customers"
    );

    private static readonly Voice.PhraseSet LowUrgency = new(
        // Phrases, not single words: "whenever I open a file" is not "whenever you can".
        "no rush", "not urgent", "isn't urgent", "isnt urgent", "not that urgent", "when you get a chance", "whenever you can",
        "whenever you get a chance", "minor", "low priority", "no hurry", "not a big deal", "cosmetic"
    );

    private static readonly Voice.PhraseSet OrganizationWords = new(
        // Not "the office": "the printer in the office" says where, not who is affected.
        "whole office", "entire office", "whole company", "entire company", "whole building", "whole floor", "company wide",
        "all staff", "all offices", "every office", "the whole lot of us"
    );

    private static readonly Voice.PhraseSet TeamWords = new(
        "my team", "our team", "the team", "team", "not just me", "not only me", "isn't just me", "not just mine", "department", "my department", "a few people", "several people", "my group",
        "colleagues", "and a colleague", "and colleague", "colleague and me", "colleague and i", "and my colleague", "my colleague too", "colleague as well", "some of us", "a few of us", "couple of us", "two of us", "three of us", "four of us", "both of us",
        "none of us", "the two of us", "me and two", "me and three", "me and the", "my unit", "my section", "people near me", "my desk neighbour",
        "a handful", "whole team", "entire team", "the lads", "accounts", "finance", "payroll", "the office next door"
    );

    // Not "nobody": "nobody can hear me on calls" is the fault, not who has it; nor "none of the" alone ("none of the keys work").
    private static readonly Voice.PhraseSet EveryoneWords = new(
        "everyone", "everybody", "all of us", "none of the office", "none of the staff", "none of the floor", "none of the building");

    private static readonly Voice.PhraseSet OnlyMe = new("just me", "only me", "just mine", "only mine", "just on mine", "only on mine", "nobody else's", "no one else's", "nobody else", "no one else", "yours truly", "just for me", "only for me", "just myself", "only affects me", "just affects me", "it affects only me", "only affecting me", "just affecting me", "on my own", "i'm the only one", "only my laptop", "only my machine", "only my pc");

    private static readonly Voice.PhraseSet OurTeam = new("our whole team", "my whole team", "the whole team", "entire team", "only our team", "just our team", "just my team", "only my team", "our team", "my team");

    private static readonly Voice.PhraseSet IndividualWords = new(
        "just me", "only me", "me", "myself", "just myself", "only mine", "one person", "just mine", "mine", "only my", "just my",
        "on my own", "only one", "just the one", "i am", "i'm the only"
    );
}

/// <summary>Finds the caller's open ticket that is most likely about the same problem as a new report.</summary>
public static class DuplicateCheck
{
    /// <summary>Open tickets younger than this are compared; older ones are rarely the same incident.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(14);

    public static Ticket? FindLikelyDuplicate(string description, IEnumerable<Ticket> callerTickets, DateTimeOffset now)
    {
        Ticket? best = null;
        var bestScore = 0.0;
        foreach (var ticket in callerTickets.Where(t => t.IsOpen && now - t.CreatedAt <= Window))
        {
            var score = Score(description, ticket.Description + " " + ticket.Summary, ticket.Category);
            if (score >= 0.5 && score > bestScore)
            {
                best = ticket;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>
    /// The local, lexical likeness of two problem descriptions: the share of the shorter one's content words the other
    /// has, plus 0.35 when both are about the same (known) category. 0 to 1.35; 0.5 is "likely the same" for one caller.
    /// </summary>
    public static double Score(string description, string other, TicketCategory otherCategory = TicketCategory.Other)
    {
        var words = ContentWords(description);
        var theirs = ContentWords(other);
        var category = Triage.CategoryOf(description);
        var overlap = words.Count == 0 || theirs.Count == 0 ? 0.0 : (double)words.Intersect(theirs).Count() / Math.Min(words.Count, theirs.Count);
        var sameCategory = category != TicketCategory.Other && (otherCategory == category || Triage.CategoryOf(other) == category);
        return overlap + (sameCategory ? 0.35 : 0.0);
    }

    private static HashSet<string> ContentWords(string text) =>
        [.. Triage.Words(text).Where(w => w.Length > 2 && !StopWords.Contains(w)).Select(w => w.TrimEnd('s'))];

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "my", "its", "it's", "isn't", "won't", "can't", "not", "for", "with", "this", "that", "have", "has", "had", "was", "are",
        "but", "again", "when", "what", "there", "they", "from", "been", "any", "all", "our", "you", "your", "just", "keeps", "still", "now",
        "working", "work", "problem", "issue", "help", "please", "some", "very", "really", "since", "today", "yesterday", "morning",
    };
}
