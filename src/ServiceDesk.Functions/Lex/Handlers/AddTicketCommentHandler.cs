using ServiceDesk.Aws.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>Adds the caller's words to one of their tickets, chosen the same way as for a status check.</summary>
internal sealed class AddTicketCommentHandler(Identification identification) : IIntentHandler
{
    public bool NeedsBackend => true;

    public async Task<LexResponse> HandleAsync(LexTurn turn)
    {
        if (await identification.EnsureAsync(turn) is { } ask)
        {
            return ask;
        }

        var answeringComment = turn.Awaiting == BotContract.Slots.Comment;
        var comment = turn.SlotText(BotContract.Slots.Comment)
            ?? (answeringComment && !turn.TranscriptConsumed && !string.IsNullOrWhiteSpace(turn.Transcript) ? turn.Transcript.Trim() : null);
        if (answeringComment)
        {
            // These words are the comment, not a ticket number.
            turn.TranscriptConsumed = true;
        }

        var (ticket, reply) = await TicketChooser.ResolveAsync(turn);
        if (reply is not null)
        {
            return reply;
        }

        if (ticket is null)
        {
            return turn.ElicitIntent(Speech.Say("You have no open tickets to add to. You can report a new problem instead. What would you like to do?"));
        }

        if (comment is null)
        {
            return turn.ElicitSlot(BotContract.Slots.Comment, new Speech().Text("What would you like to add to ticket ").Ticket(ticket.Number).Text("?"));
        }

        comment = comment.Length <= TicketRules.MaxCommentLength ? comment : comment[..TicketRules.MaxCommentLength];
        turn.SetSlot(BotContract.Slots.Comment, comment);
        if (!turn.IsFulfillment)
        {
            return turn.Delegate();
        }

        var added = await turn.Tickets.AddCommentAsync(turn.Identity.CallerId, ticket.Number, comment, turn.Cancellation);
        if (!added.IsOk)
        {
            return added.Failure.Kind == FailureKind.NotFound
                ? turn.ElicitIntent(Speech.Say("Sorry, I couldn't find that ticket any more. What would you like to do?"))
                : turn.HandoffFor(added.Failure);
        }

        return turn.ElicitIntent(new Speech().Text("Done. I've added that to ticket ").Ticket(ticket.Number).Text(". Anything else?"));
    }
}
