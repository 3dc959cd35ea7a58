using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex;

/// <summary>Phrases the bot speaks about tickets, and the forgiving readers of what callers answer.</summary>
internal static class Spoken
{
    public static string Status(TicketStatus status) => status switch
    {
        TicketStatus.New => "logged and waiting for a technician",
        TicketStatus.InProgress => "being worked on",
        TicketStatus.OnHold => "on hold",
        TicketStatus.Resolved => "resolved",
        _ => "closed",
    };

    public static string Age(TimeSpan age) => age switch
    {
        _ when age < TimeSpan.FromHours(1) => "less than an hour ago",
        _ when age < TimeSpan.FromHours(2) => "an hour ago",
        _ when age < TimeSpan.FromHours(24) => $"{(int)age.TotalHours} hours ago",
        _ when age < TimeSpan.FromHours(48) => "yesterday",
        _ => $"{(int)age.TotalDays} days ago",
    };

    public static string Impact(TicketImpact impact) => impact switch
    {
        TicketImpact.Organization => "the whole office",
        TicketImpact.Team => "your team",
        _ => "just you",
    };

    public static string ImpactSlotValue(TicketImpact impact) => impact switch
    {
        TicketImpact.Organization => "the whole office",
        TicketImpact.Team => "my team",
        _ => "just me",
    };

    public static Speech Ticket(Speech speech, Ticket ticket, DateTimeOffset now) =>
        speech.Text("Ticket ").Ticket(ticket.Number).Text(", ").Text(ticket.Summary).Text(", is ").Text(Status(ticket.Status))
            .Text(". It was opened ").Text(Age(now - ticket.CreatedAt)).Text(". ");

    public static string Ordinal(int index) => CallerLexicon.Ordinals[index];

    /// <summary>"first", "the second one", "number three", or the keypad's 1..3; null when the answer is none of them.</summary>
    private static readonly char[] ChoiceBreaks = [' ', '#', '*', '.', ','];

    public static int? Choice(string? text, int count)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var words = text.ToLowerInvariant().Split(ChoiceBreaks, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < Math.Min(count, CallerLexicon.Ordinals.Count); i++)
        {
            if (words.Contains(CallerLexicon.Ordinals[i]))
            {
                return i;
            }
        }

        // The list is read newest first.
        if (words.Any(w => w is "last" or "older" or "oldest" or "earlier"))
        {
            return count - 1;
        }

        if (words.Any(w => w is "newer" or "newest" or "latest" or "recent"))
        {
            return 0;
        }

        var filtered = words.Where(w => w is not ("the" or "one" or "number" or "ticket" or "please")).ToArray();
        var digit = filtered.Length == 1 ? filtered[0]
            : words.Length == 1 ? words[0]
            : words.Length == 2 && words[0] == "number" ? words[1]
            : null;
        var index = digit switch
        {
            "1" or "one" => 0,
            "2" or "two" => 1,
            "3" or "three" => 2,
            _ => -1,
        };
        return index >= 0 && index < count ? index : null;
    }
}
