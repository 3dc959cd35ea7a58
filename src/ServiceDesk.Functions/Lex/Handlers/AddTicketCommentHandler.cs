using ServiceDesk.Wire.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>
/// Adds the caller's words to one of their tickets, chosen as for a status check. A comment given with the request
/// ("tell them it happens on battery too") is taken from it; filler and yes/no never become a comment.
/// </summary>
internal sealed class AddTicketCommentHandler(Identification identification, TicketChooser chooser, CallerTickets tickets) : IIntentHandler
{
    public bool NeedsBackend => true;

    public async Task<LexResponse> HandleAsync(LexTurn turn)
    {
        TicketNumbers.Keep(turn);
        if (await identification.EnsureAsync(turn) is { } ask)
        {
            return ask;
        }

        var comment = Comment(turn);
        var (ticket, reply) = await chooser.ResolveAsync(turn);
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
            var retrying = turn.Awaiting == BotContract.Slots.Comment;
            if (retrying && ++turn.Memory.SlotMisses > ProblemStep.MaxRetries)
            {
                return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
            }

            return turn.ElicitSlot(BotContract.Slots.Comment, retrying
                ? Speech.Say("Sorry, what should the note say? For example: it also happens on battery.")
                : new Speech().Text("What would you like to add to ticket ").Ticket(ticket.Number).Text("?"));
        }

        if (!turn.IsFulfillment)
        {
            return turn.Delegate();
        }

        var added = await tickets.AddCommentAsync(turn.Identity.CallerId, ticket.Number, comment, turn.Cancellation);
        if (!added.IsOk)
        {
            return added.Failure.Kind == FailureKind.NotFound
                ? turn.ElicitIntent(Speech.Say("Sorry, I couldn't find that ticket any more. What would you like to do?"))
                : turn.HandoffFor(added.Failure);
        }

        return turn.ElicitIntent(new Speech().Text("Done. I've added that to ticket ").Ticket(ticket.Number).Text(". Anything else?"));
    }

    /// <summary>The comment: the slot, the answer to "what would you like to add?", or the part of the request after "that".</summary>
    private static string? Comment(LexTurn turn)
    {
        var answering = turn.Awaiting == BotContract.Slots.Comment;
        var said = turn.SlotText(BotContract.Slots.Comment)
            ?? (answering ? turn.FreshWords : null)
            ?? (turn.Awaiting is null ? CommentText.InRequest(turn.FreshWords ?? turn.Memory.Pending) : null);
        if (answering)
        {
            // These words are the comment (or a non-answer), not a ticket number.
            turn.WordsTaken = true;
        }

        var comment = CommentText.Clean(said);
        if (comment is null)
        {
            turn.SetSlot(BotContract.Slots.Comment, null);
            return null;
        }

        // Kept in its slot, so a comment given with the request survives the question of which ticket.
        comment = comment.Length <= TicketRules.MaxCommentLength ? comment : comment[..TicketRules.MaxCommentLength];
        turn.SetSlot(BotContract.Slots.Comment, comment);
        return comment;
    }
}
