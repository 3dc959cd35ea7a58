using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>The caller's open ticket about the same problem, asked as its own question before anything is logged.</summary>
internal static class DuplicateStep
{
    public static async Task<LexResponse?> CheckAsync(LexTurn turn, Core.Tickets.CallerTickets tickets)
    {
        var memory = turn.Memory;
        if (!turn.Identity.IsVerified)
        {
            // An unverified caller's report is taken as told: reading their tickets to them is what the PIN guards.
            return null;
        }

        if (!memory.DuplicateChecked)
        {
            memory.DuplicateChecked = true;
            // The check is a courtesy: when the ticket system cannot answer it, the report goes on, and its own create
            // is what hands the caller to a person, with the problem confirmed and in the summary.
            var open = await tickets.ListOpenAsync(turn.Identity.CallerId, turn.Cancellation);
            if (!open.IsOk)
            {
                return null;
            }

            if (DuplicateCheck.FindLikelyDuplicate(memory.Problem!.Description(), open.Value, turn.Now) is not { } duplicate)
            {
                return null;
            }

            memory.Duplicate = duplicate.Number.ToString();
            turn.Touch(duplicate.Number);
            return turn.ElicitSlot(BotContract.Slots.AddToExisting, new Speech()
                .Text("You already have ticket ").Ticket(duplicate.Number)
                .Text($", about {duplicate.Summary}, opened {Spoken.Age(turn.Now - duplicate.CreatedAt)}. Is this the same problem? If it is, I'll add this to that ticket. Say yes or no."));
        }

        if (memory.Duplicate is null || memory.SameProblem is not null)
        {
            return null;
        }

        var answer = turn.Awaiting == BotContract.Slots.AddToExisting
            ? turn.Heard(CallerLexicon.YesNo) ?? CallerLexicon.YesNo(turn.SlotInterpreted(BotContract.Slots.AddToExisting))
            : null;
        if (answer is { } same)
        {
            memory.SameProblem = same;
            turn.WordsTaken = true;
            turn.SetSlot(BotContract.Slots.AddToExisting, same ? "Yes" : "No");
            return null;
        }

        if (++memory.SlotMisses > 1)
        {
            // Unsure twice: a new ticket loses nothing (the person who picks it up sees both); a wrong comment would.
            memory.SameProblem = false;
            return null;
        }

        return turn.ElicitSlot(BotContract.Slots.AddToExisting, Speech.Say("Is it the same problem as that ticket? Say yes to add to it, or no for a new ticket. Or press 1 or 2."));
    }
}
