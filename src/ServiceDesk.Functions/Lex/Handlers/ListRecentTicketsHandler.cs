using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>Reads the caller's three most recent tickets (number, summary, status, age); "the first one" then picks one.</summary>
internal sealed class ListRecentTicketsHandler(Identification identification, CallerTickets tickets) : IIntentHandler
{
    public const int Spoken = 3;

    public bool NeedsBackend => true;

    public async Task<LexResponse> HandleAsync(LexTurn turn)
    {
        if (await identification.EnsureAsync(turn) is { } ask)
        {
            return ask;
        }

        var recent = await tickets.ListRecentAsync(turn.Identity.CallerId, Spoken, turn.Cancellation);
        if (!recent.IsOk)
        {
            return turn.HandoffFor(recent.Failure);
        }

        if (recent.Value.Count == 0)
        {
            return turn.ElicitIntent(Speech.Say("You have no tickets with us. You can report a problem, or ask for a person. What would you like to do?"));
        }

        var speech = Speech.Say(recent.Value.Count == 1 ? "Your most recent ticket. " : $"Your {recent.Value.Count} most recent tickets. ");
        for (var i = 0; i < recent.Value.Count; i++)
        {
            var ticket = recent.Value[i];
            turn.Touch(ticket.Number);
            speech.Text(recent.Value.Count == 1 ? string.Empty : $"{char.ToUpperInvariant(Lex.Spoken.Ordinal(i)[0])}{Lex.Spoken.Ordinal(i)[1..]}: ");
            Lex.Spoken.Ticket(speech, ticket, turn.Now).Pause(200);
        }

        // "The first one" or "put a note on the second" refers to this list; "it" refers to one ticket only.
        TicketNumbers.Offer(turn, recent.Value);
        turn.Memory.Discussed = recent.Value.Count == 1 ? recent.Value[0].Number.ToString() : null;
        return turn.ElicitIntent(speech.Text("Anything else?"));
    }
}
