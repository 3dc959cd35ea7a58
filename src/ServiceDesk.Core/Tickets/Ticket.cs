namespace ServiceDesk.Core.Tickets;

public enum TicketStatus
{
    New,
    InProgress,
    OnHold,
    Resolved,
    Closed,
}

/// <summary>ITIL priority: P1 critical .. P4 low.</summary>
public enum TicketPriority
{
    P1 = 1,
    P2 = 2,
    P3 = 3,
    P4 = 4,
}

/// <summary>Who is affected: "just me", "my team", "the whole office".</summary>
public enum TicketImpact
{
    Individual,
    Team,
    Organization,
}

public enum TicketCategory
{
    Hardware,
    Software,
    Network,
    Access,
    Email,
    Printing,
    Other,
}

public sealed record TicketComment(string Author, string Text, DateTimeOffset CreatedAt);

/// <summary>A service-desk ticket.</summary>
public sealed record Ticket
{
    public required TicketNumber Number { get; init; }
    public required string CallerId { get; init; }
    /// <summary>A short summary, spoken back to the caller.</summary>
    public required string Summary { get; init; }
    public required string Description { get; init; }
    public TicketStatus Status { get; init; } = TicketStatus.New;
    public TicketPriority Priority { get; init; } = TicketPriority.P3;
    public TicketCategory Category { get; init; } = TicketCategory.Other;
    public TicketImpact Impact { get; init; } = TicketImpact.Individual;
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public IReadOnlyList<TicketComment> Comments { get; init; } = [];
    public string? IdempotencyKey { get; init; }

    /// <summary>Bumped by every change but a comment: a store writes a change only over the revision it was made from.</summary>
    public int Revision { get; init; }

    /// <summary>How many times the escalation sweep raised this ticket (0: never).</summary>
    public int EscalationLevel { get; init; }

    /// <summary>
    /// Since when this ticket has waited for a first pickup, for the escalation sweep: set while a P1 or P2 ticket is New,
    /// reset by each escalation, cleared once it is picked up. Only tickets with it are in the sweep's index.
    /// </summary>
    public DateTimeOffset? WaitingSince { get; init; }

    /// <summary>The first ticket for the same problem, when this one was linked to it as a duplicate.</summary>
    public TicketNumber? Parent { get; init; }

    /// <summary>Callers known to be affected: the caller, plus each later caller whose ticket was linked to this one.</summary>
    public int AffectedCallers { get; init; } = 1;

    public bool IsOpen => Status is not (TicketStatus.Resolved or TicketStatus.Closed);
}

/// <summary>What a caller or an agent asks to open. Validated by <see cref="TicketRules"/> before any store sees it.</summary>
public sealed record NewTicket(
    string CallerId,
    string Description,
    string? Summary = null,
    TicketPriority? Priority = null,
    TicketCategory? Category = null,
    TicketImpact? Impact = null,
    string? IdempotencyKey = null);

public sealed record NewComment(string Author, string Text);

/// <summary>Limits and transitions every store and every edge shares.</summary>
public static class TicketRules
{
    public const int MaxDescriptionLength = 4000;
    public const int MaxSummaryLength = 120;
    public const int MaxCommentLength = 2000;
    public const int MaxCallerIdLength = 64;
    public const int MaxIdempotencyKeyLength = 128;
    public const int MaxListLimit = 50;

    /// <summary>
    /// The most open tickets one list returns: far more than anyone has open at once, few enough for one answer (and,
    /// in DynamoDB, a bounded number of pages).
    /// </summary>
    public const int MaxOpenListLimit = 200;

    /// <summary>
    /// New -> InProgress/OnHold/Resolved/Closed; InProgress &lt;-> OnHold; Resolved -> reopened or Closed; Closed is final.
    /// Asking for the status a ticket already has is not a transition: stores answer it with the ticket unchanged, so a
    /// repeated request is harmless.
    /// </summary>
    public static bool CanTransition(TicketStatus from, TicketStatus to) => (from, to) switch
    {
        _ when from == to => false,
        (TicketStatus.Closed, _) => false,
        (TicketStatus.Resolved, TicketStatus.InProgress or TicketStatus.Closed) => true,
        (TicketStatus.Resolved, _) => false,
        (_, TicketStatus.New) => false,
        _ => true,
    };

    public static Failure? Validate(NewTicket ticket)
    {
        if (string.IsNullOrWhiteSpace(ticket.CallerId))
        {
            return Failure.Invalid("caller_id", "caller_id is required");
        }

        if (ticket.CallerId.Length > MaxCallerIdLength)
        {
            return Failure.Invalid("caller_id", $"caller_id must be at most {MaxCallerIdLength} characters");
        }

        if (string.IsNullOrWhiteSpace(ticket.Description))
        {
            return Failure.Invalid("issue_description", "issue_description is required");
        }

        if (ticket.Description.Length > MaxDescriptionLength)
        {
            return Failure.Invalid("issue_description", $"issue_description must be at most {MaxDescriptionLength} characters");
        }

        if (ticket.Summary is { Length: > MaxSummaryLength })
        {
            return Failure.Invalid("summary", $"summary must be at most {MaxSummaryLength} characters");
        }

        if (ticket.IdempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            return Failure.Invalid("Idempotency-Key", $"Idempotency-Key must be 1..{MaxIdempotencyKeyLength} characters");
        }

        return null;
    }

    public static Failure? Validate(NewComment comment)
    {
        if (string.IsNullOrWhiteSpace(comment.Text))
        {
            return Failure.Invalid("text", "text is required");
        }

        if (comment.Text.Length > MaxCommentLength)
        {
            return Failure.Invalid("text", $"text must be at most {MaxCommentLength} characters");
        }

        return string.IsNullOrWhiteSpace(comment.Author) || comment.Author.Length > MaxCallerIdLength
            ? Failure.Invalid("author", $"author is required, at most {MaxCallerIdLength} characters")
            : null;
    }

    /// <summary>A short spoken summary from the caller's own words: the first sentence, a long one cut where a clause or word ends.</summary>
    private static readonly char[] SentenceEnds = ['.', '!', '?', '\n'];

    public static string Summarize(string description)
    {
        var text = string.Join(' ', description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var end = text.IndexOfAny(SentenceEnds);
        if (end > 0)
        {
            text = text[..end];
        }

        // Read back to the caller: a sentence that fits is kept whole ("... since this morning", not "... since this").
        if (text.Length <= MaxSummaryLength)
        {
            return text;
        }

        // A longer one ends where a clause ends (within the limit), else at a word within the first 80 characters.
        var clause = text.LastIndexOf(", ", MaxSummaryLength, StringComparison.Ordinal);
        var cut = clause > 40 ? clause : text.LastIndexOf(' ', 80);
        cut = cut > 40 ? cut : char.IsHighSurrogate(text[79]) ? 79 : 80; // never half an emoji
        return text[..cut];
    }
}
