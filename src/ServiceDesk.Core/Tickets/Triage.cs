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
public static class Triage
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

    public static TicketCategory CategoryOf(string description) => CategoryOf(Words(description));

    /// <summary>"just me", "my team", "the whole office" (and the keypad's 1, 2, 3); null when it says none of them.</summary>
    public static TicketImpact? ImpactOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var padded = " " + string.Join(' ', Words(text)) + " ";
        if (padded.Trim() is "3" || OrganizationWords.Any(w => padded.Contains(" " + w + " ", StringComparison.Ordinal)))
        {
            return TicketImpact.Organization;
        }

        if (padded.Trim() is "2" || TeamWords.Any(w => padded.Contains(" " + w + " ", StringComparison.Ordinal)))
        {
            return TicketImpact.Team;
        }

        return padded.Trim() is "1" || IndividualWords.Any(w => padded.Contains(" " + w + " ", StringComparison.Ordinal))
            ? TicketImpact.Individual
            : null;
    }

    internal static string[] Words(string text) =>
        text.ToLowerInvariant().Replace("’", "'", StringComparison.Ordinal)
            .Split([' ', ',', '.', '!', '?', ';', ':', '\t', '\n', '\r', '(', ')', '"', '/', '-'], StringSplitOptions.RemoveEmptyEntries);

    private static TicketCategory CategoryOf(string[] words)
    {
        var padded = " " + string.Join(' ', words) + " ";
        var best = TicketCategory.Other;
        var bestScore = 0;
        foreach (var (category, keywords) in CategoryKeywords)
        {
            var score = keywords.Count(k => padded.Contains(" " + k + " ", StringComparison.Ordinal));
            if (score > bestScore)
            {
                best = category;
                bestScore = score;
            }
        }

        return best;
    }

    private static TicketUrgency UrgencyOf(string[] words)
    {
        var padded = " " + string.Join(' ', words) + " ";
        if (LowUrgency.Any(k => padded.Contains(" " + k + " ", StringComparison.Ordinal)))
        {
            return TicketUrgency.Low;
        }

        return HighUrgency.Any(k => padded.Contains(" " + k + " ", StringComparison.Ordinal)) ? TicketUrgency.High : TicketUrgency.Medium;
    }

    // Order matters on a tie: the more specific categories come first.
    private static readonly (TicketCategory Category, string[] Keywords)[] CategoryKeywords =
    [
        (TicketCategory.Printing, ["printer", "printers", "print", "printing", "scanner", "scan", "toner", "paper jam", "jammed"]),
        (TicketCategory.Email, ["email", "emails", "e-mail", "outlook", "inbox", "mailbox", "calendar", "mail"]),
        (TicketCategory.Access, ["password", "locked out", "lock out", "login", "log in", "sign in", "signin", "account", "access", "permission", "permissions", "mfa", "authenticator", "two factor", "reset"]),
        (TicketCategory.Network, ["wifi", "wi fi", "internet", "network", "vpn", "connection", "connect", "ethernet", "offline", "no internet", "slow connection"]),
        (TicketCategory.Hardware, ["laptop", "computer", "pc", "desktop", "monitor", "screen", "keyboard", "mouse", "battery", "charger", "dock", "docking", "headset", "webcam", "camera", "turn on", "power", "hardware", "broken", "cracked"]),
        (TicketCategory.Software, ["install", "software", "app", "application", "excel", "word", "teams", "zoom", "update", "crash", "crashes", "crashing", "error", "license", "licence", "program", "freezing", "freezes", "browser", "chrome"]),
    ];

    private static readonly string[] HighUrgency =
    [
        "urgent", "urgently", "asap", "immediately", "right now", "emergency", "critical", "can't work", "cannot work", "can not work",
        "unable to work", "outage", "down", "deadline", "blocked", "completely", "nothing works", "nothing is working", "losing money", "customers",
    ];

    private static readonly string[] LowUrgency =
    [
        // Phrases, not single words: "whenever I open a file" is not "whenever you can".
        "no rush", "not urgent", "isn't urgent", "isnt urgent", "not that urgent", "when you get a chance", "whenever you can",
        "whenever you get a chance", "minor", "low priority", "no hurry", "not a big deal", "cosmetic",
    ];

    private static readonly string[] OrganizationWords =
    [
        // Not "the office": "the printer in the office" says where, not who is affected.
        "whole office", "entire office", "everyone", "everybody", "whole company", "entire company", "whole building",
        "all of us", "whole floor", "company wide", "all staff",
    ];

    private static readonly string[] TeamWords =
    [
        "my team", "our team", "the team", "team", "department", "my department", "a few people", "several people", "my group", "colleagues", "some of us",
    ];

    private static readonly string[] IndividualWords = ["just me", "only me", "me", "myself", "just myself", "only mine", "one person", "just mine"];
}

/// <summary>Finds the caller's open ticket that is most likely about the same problem as a new report.</summary>
public static class DuplicateCheck
{
    /// <summary>Open tickets younger than this are compared; older ones are rarely the same incident.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(14);

    public static Ticket? FindLikelyDuplicate(string description, IEnumerable<Ticket> callerTickets, DateTimeOffset now)
    {
        var words = ContentWords(description);
        var category = Triage.CategoryOf(description);
        Ticket? best = null;
        var bestScore = 0.0;
        foreach (var ticket in callerTickets.Where(t => t.IsOpen && now - t.CreatedAt <= Window))
        {
            var other = ContentWords(ticket.Description + " " + ticket.Summary);
            var overlap = words.Count == 0 || other.Count == 0 ? 0.0 : (double)words.Intersect(other).Count() / Math.Min(words.Count, other.Count);
            var sameCategory = category != TicketCategory.Other && (ticket.Category == category || Triage.CategoryOf(ticket.Description) == category);
            var score = overlap + (sameCategory ? 0.35 : 0.0);
            if (score >= 0.5 && score > bestScore)
            {
                best = ticket;
                bestScore = score;
            }
        }

        return best;
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
