using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>
/// When the desk cannot help with what was said: first what it can do, then the offer of a person, then a person (with
/// whatever the agent's tools already did said aloud).
/// </summary>
internal static class Misses
{
    public const int BeforeOffer = 2;
    public const int BeforeHandoff = 3;

    /// <summary>What the caller can do here, said when the agent has nothing better.</summary>
    public const string Capabilities = "You can report a problem, check a ticket, add to a ticket, hear your recent tickets, or ask for a person.";

    /// <summary>A ticket the agent's tools created or changed before things went wrong is still the caller's to hear.</summary>
    public static Speech WithTickets(string line, IReadOnlyList<TicketNumber> touched)
    {
        var speech = Speech.Say(line);
        if (touched.Count > 0)
        {
            speech.Text(touched.Count == 1 ? " Before that, I worked on ticket " : " Before that, I worked on tickets ");
            for (var i = 0; i < touched.Count; i++)
            {
                speech.Text(i == 0 ? string.Empty : i == touched.Count - 1 ? " and " : ", ").Ticket(touched[i]);
            }

            speech.Text(".");
        }

        return speech;
    }

    public static LexResponse Miss(LexTurn turn, string line) => Miss(turn, Speech.Say(line));

    public static LexResponse Miss(LexTurn turn, Speech line)
    {
        var misses = ++turn.Memory.FallbackMisses;
        if (misses >= BeforeHandoff)
        {
            return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
        }

        if (misses >= BeforeOffer)
        {
            return turn.Ask(DialogueMemory.Questions.PersonOffer, line.Text(" Would you like to speak to a person? Say yes or no."));
        }

        return turn.ElicitIntent(line.Text(" " + Capabilities));
    }
}
