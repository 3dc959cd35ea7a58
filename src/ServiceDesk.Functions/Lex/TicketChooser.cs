using ServiceDesk.Wire.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// Which of the caller's tickets they mean, for status, comment and list alike: a number they gave (corrections and
/// N-best recovered), their choice from a list we read, a reference ("the latest one", "the scanner one", "the one
/// ending in two"), the ticket just talked about ("put a note on it"), or their only open ticket. Someone else's
/// ticket is answered exactly like one that does not exist.
/// </summary>
internal sealed partial class TicketChooser(CallerTickets tickets)
{
    public const int MaxRetries = 2;
    public const int ListedChoices = 3;

    /// <summary>The ticket; or the reply to send (a question, a retry, a handoff); or neither when the caller has no open ticket.</summary>
    public async Task<(Ticket? Ticket, LexResponse? Reply)> ResolveAsync(LexTurn turn)
    {
        var callerId = turn.Identity.CallerId;
        if (turn.Memory.Choices.Count > 0 && turn.FreshWords is { } answer && !answer.Any(char.IsDigit) && TicketNumbers.Chosen(turn, []) is null)
        {
            // "The keyboard one" after a list: the one it describes. Lex also fills the number slot from its "one".
            var listed = await KnownTicketsAsync(callerId, turn);
            if (listed.IsOk && TicketReference.Find(answer, listed.Value) is { } described)
            {
                return (Found(turn, described), null);
            }
        }

        IEnumerable<TicketNumber> candidates = TicketNumbers.Candidates(turn);
        if (TicketNumbers.Chosen(turn, candidates) is { } chosen)
        {
            candidates = candidates.Where(c => c != chosen).Prepend(chosen);
        }

        TicketNumber? firstHeard = null;
        foreach (var number in candidates)
        {
            firstHeard ??= number;
            var result = await tickets.GetAsync(callerId, number, turn.Cancellation);
            if (result.IsOk)
            {
                return (Found(turn, result.Value), null);
            }

            if (result.Failure.Kind != FailureKind.NotFound)
            {
                return (null, turn.HandoffFor(result.Failure));
            }
        }

        if (firstHeard is { } heard && !TicketNumbers.MayBeMisheard(turn))
        {
            return (null, Miss(turn, heard));
        }

        var recent = await KnownTicketsAsync(callerId, turn);
        if (!recent.IsOk)
        {
            return (null, turn.HandoffFor(recent.Failure));
        }

        if (TicketReference.Find(turn.FreshWords ?? turn.Memory.Pending, recent.Value) is { } meant)
        {
            return (Found(turn, meant), null);
        }

        if (turn.Awaiting == BotContract.Slots.TicketNumber)
        {
            return (null, Miss(turn, null));
        }

        // "Put a note on it": the ticket this call was just talking about.
        if (turn.Memory.Discussed is { } discussed && recent.Value.FirstOrDefault(t => t.Number.ToString() == discussed) is { } current)
        {
            return (Found(turn, current), null);
        }

        if (KeysTheNumber().IsMatch(turn.FreshWords ?? string.Empty))
        {
            // "Hang on, I'll type the number in": wait for the digits rather than read a list over them.
            return (null, turn.ElicitSlot(BotContract.Slots.TicketNumber, Speech.Say("Go ahead: key in the ticket number, then press pound.")));
        }

        var open = recent.Value.Where(t => t.IsOpen).ToList();
        return open.Count switch
        {
            0 => (null, null),
            1 => (Found(turn, open[0]), null),
            _ => (null, Offer(turn, open)),
        };
    }

    /// <summary>
    /// The caller's newest tickets and, behind them, every open one, newest first. The recent list stops at
    /// <see cref="TicketRules.MaxListLimit"/>; only a caller who reaches it can have open tickets past it, so only then is
    /// the open list asked for too.
    /// </summary>
    private async Task<Result<IReadOnlyList<Ticket>>> KnownTicketsAsync(string callerId, LexTurn turn)
    {
        var recent = await tickets.ListRecentAsync(callerId, TicketRules.MaxListLimit, turn.Cancellation);
        if (!recent.IsOk || recent.Value.Count < TicketRules.MaxListLimit)
        {
            return recent;
        }

        var open = await tickets.ListOpenAsync(callerId, turn.Cancellation);
        if (!open.IsOk)
        {
            return open;
        }

        var listed = recent.Value.Select(t => t.Number).ToHashSet();
        return Result<IReadOnlyList<Ticket>>.Ok([.. recent.Value, .. open.Value.Where(t => !listed.Contains(t.Number))]);
    }

    private static LexResponse Offer(LexTurn turn, List<Ticket> open)
    {
        var newest = open.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number.Sequence).Take(ListedChoices).ToList();
        TicketNumbers.Offer(turn, newest);
        var speech = Speech.Say($"You have {open.Count} open tickets. ");
        for (var i = 0; i < newest.Count; i++)
        {
            speech.Text($"{char.ToUpperInvariant(Spoken.Ordinal(i)[0])}{Spoken.Ordinal(i)[1..]}: {newest[i].Summary}, opened {Spoken.Age(turn.Now - newest[i].CreatedAt)}. ").Pause(200);
        }

        speech.Text(newest.Count == 2 ? "Which one? Say first or second, or press 1 or 2." : "Which one? Say first, second or third, or press 1, 2 or 3.");
        return turn.ElicitSlot(BotContract.Slots.TicketNumber, speech);
    }

    private static Ticket Found(LexTurn turn, Ticket ticket)
    {
        turn.Touch(ticket.Number);
        turn.Memory.TicketMisses = 0;
        turn.Memory.Choices = [];
        turn.WordsTaken = turn.WordsTaken || turn.Awaiting == BotContract.Slots.TicketNumber;
        turn.SetSlot(BotContract.Slots.TicketNumber, ticket.Number.ToString());
        return ticket;
    }

    private static LexResponse Miss(LexTurn turn, TicketNumber? heard)
    {
        turn.SetSlot(BotContract.Slots.TicketNumber, null);
        if (++turn.Memory.TicketMisses > MaxRetries)
        {
            return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
        }

        var speech = heard is { } number
            ? new Speech().Text("I couldn't find ticket ").Ticket(number).Text(" under your name. ")
            : Speech.Say("I didn't catch which ticket. ");
        speech.Text("Please say the number, or key in the digits and press pound. Or tell me what it was about.");
        return turn.ElicitSlot(BotContract.Slots.TicketNumber, speech);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:type|key|punch|tap|enter)(?:\s+it)?\s+(?:the\s+|it\s+)?(?:number\s+)?in\b|\b(?:type|key|punch|enter)\s+(?:the|my)\s+(?:ticket\s+)?number\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex KeysTheNumber();
}
