using ServiceDesk.Aws.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// Which of the caller's tickets they mean: a number they gave (N-best recovered), their choice from a list we read,
/// or their only open ticket. Someone else's ticket is answered exactly like one that does not exist.
/// </summary>
internal static class TicketChooser
{
    public const int MaxRetries = 2;
    public const int ListedChoices = 3;

    /// <summary>The ticket; or the reply to send (a question, a retry, a handoff); or neither when the caller has no open ticket.</summary>
    public static async Task<(Ticket? Ticket, LexResponse? Reply)> ResolveAsync(LexTurn turn)
    {
        var callerId = turn.Identity.CallerId;
        var candidates = TicketNumbers.Candidates(turn);
        if (TicketNumbers.Chosen(turn, candidates) is { } chosen)
        {
            candidates = candidates.Where(c => c != chosen).Prepend(chosen);
        }

        TicketNumber? firstHeard = null;
        foreach (var number in candidates)
        {
            firstHeard ??= number;
            var result = await turn.Tickets.GetAsync(callerId, number, turn.Cancellation);
            if (result.IsOk)
            {
                return (Found(turn, result.Value), null);
            }

            if (result.Failure.Kind != FailureKind.NotFound)
            {
                return (null, turn.HandoffFor(result.Failure));
            }
        }

        if (firstHeard is { } heard)
        {
            return (null, Miss(turn, heard));
        }

        if (turn.Awaiting == BotContract.Slots.TicketNumber)
        {
            return (null, Miss(turn, null));
        }

        var open = await turn.Tickets.ListOpenAsync(callerId, turn.Cancellation);
        if (!open.IsOk)
        {
            return (null, turn.HandoffFor(open.Failure));
        }

        if (open.Value.Count == 0)
        {
            return (null, null);
        }

        if (open.Value.Count == 1)
        {
            return (Found(turn, open.Value[0]), null);
        }

        var newest = open.Value.OrderByDescending(t => t.CreatedAt).Take(ListedChoices).ToList();
        TicketNumbers.Offer(turn, newest);
        var speech = Speech.Say($"You have {open.Value.Count} open tickets. ");
        for (var i = 0; i < newest.Count; i++)
        {
            speech.Text($"{char.ToUpperInvariant(Spoken.Ordinal(i)[0])}{Spoken.Ordinal(i)[1..]}: {newest[i].Summary}, opened {Spoken.Age(turn.Now - newest[i].CreatedAt)}. ").Pause(200);
        }

        speech.Text(newest.Count == 2 ? "Which one? Say first or second, or press 1 or 2." : "Which one? Say first, second or third, or press 1, 2 or 3.");
        return (null, turn.ElicitSlot(BotContract.Slots.TicketNumber, speech));
    }

    private static Ticket Found(LexTurn turn, Ticket ticket)
    {
        turn.Touch(ticket.Number);
        turn.Set(TurnKeys.TicketMisses, null);
        turn.Set(TurnKeys.Choices, null);
        turn.SetSlot(BotContract.Slots.TicketNumber, ticket.Number.ToString());
        return ticket;
    }

    private static LexResponse Miss(LexTurn turn, TicketNumber? heard)
    {
        turn.SetSlot(BotContract.Slots.TicketNumber, null);
        if (turn.Increment(TurnKeys.TicketMisses) > MaxRetries)
        {
            return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
        }

        var speech = heard is { } number
            ? new Speech().Text("I couldn't find ticket ").Ticket(number).Text(" under your name. ")
            : Speech.Say("I didn't catch a ticket number. ");
        speech.Text("Please say the number again, or key in the digits and press pound.");
        return turn.ElicitSlot(BotContract.Slots.TicketNumber, speech);
    }
}
