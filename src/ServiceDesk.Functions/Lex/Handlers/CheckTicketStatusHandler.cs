using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>"What's happening with my ticket": the ticket the caller means (see <see cref="TicketChooser"/>), read back.</summary>
internal sealed class CheckTicketStatusHandler(Identification identification, TicketChooser chooser) : IIntentHandler
{
    public bool NeedsBackend => true;

    public async Task<LexResponse> HandleAsync(LexTurn turn)
    {
        TicketNumbers.Keep(turn);
        if (await identification.EnsureAsync(turn) is { } ask)
        {
            return ask;
        }

        var (ticket, reply) = await chooser.ResolveAsync(turn);
        if (reply is not null)
        {
            return reply;
        }

        if (ticket is null)
        {
            return turn.ElicitIntent(Speech.Say("You have no open tickets. You can report a problem, or ask for a person. What would you like to do?"));
        }

        return turn.ElicitIntent(Spoken.Ticket(new Speech(), ticket, turn.Now).Pause().Text("Anything else?"));
    }
}
