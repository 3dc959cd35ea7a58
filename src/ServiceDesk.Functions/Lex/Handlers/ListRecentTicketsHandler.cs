using ServiceDesk.Aws.Lex;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>Reads the caller's three most recent tickets: number, summary, status, age.</summary>
internal sealed class ListRecentTicketsHandler(Identification identification) : IIntentHandler
{
    public const int Spoken = 3;

    public bool NeedsBackend => true;

    public async Task<LexResponse> HandleAsync(LexTurn turn)
    {
        if (await identification.EnsureAsync(turn) is { } ask)
        {
            return ask;
        }

        var recent = await turn.Tickets.ListRecentAsync(turn.Identity.CallerId, Spoken, turn.Cancellation);
        if (!recent.IsOk)
        {
            return turn.HandoffFor(recent.Failure);
        }

        if (recent.Value.Count == 0)
        {
            return turn.ElicitIntent(Speech.Say("You have no tickets with us. You can report a problem, or ask for a person. What would you like to do?"));
        }

        var speech = Speech.Say(recent.Value.Count == 1 ? "Your most recent ticket. " : $"Your {recent.Value.Count} most recent tickets. ");
        foreach (var ticket in recent.Value)
        {
            turn.Touch(ticket.Number);
            Lex.Spoken.Ticket(speech, ticket, turn.Now).Pause(200);
        }

        return turn.ElicitIntent(speech.Text("Anything else?"));
    }
}
