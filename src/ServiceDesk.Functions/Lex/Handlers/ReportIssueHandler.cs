using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>
/// "My laptop won't turn on": steps over the call's memory. Capture the problem in the caller's words (corrections
/// applied, filler dropped), ask who is affected only when they have not said it, check their open tickets for the same
/// problem (its own question), confirm once, then create one ticket (idempotent per contact, caller and problem) and
/// read its number back digit by digit.
/// </summary>
internal sealed class ReportIssueHandler(Identification identification, CallerTickets tickets, bool offerVisits = false) : IIntentHandler
{
    public bool NeedsBackend => true;

    public async Task<LexResponse> HandleAsync(LexTurn turn)
    {
        // The problem is kept before anything else is asked, so "my laptop won't turn on" need not be said twice.
        ProblemStep.Listen(turn);
        var memory = turn.Memory;
        if (memory.Problem is { } told)
        {
            turn.SetSlot(BotContract.Slots.Problem, told.Current);
        }

        if (turn.Awaiting == BotContract.Slots.EmployeeId)
        {
            // "E one zero zero five. The bluetooth on my laptop won't find my headset, and it's just me": the rest of
            // the answer is not lost with the id.
            ProblemStep.ListenBeside(turn);
        }

        if (await identification.EnsureAsync(turn, reporting: true) is { } ask)
        {
            return ask;
        }

        if (memory.Problem is null)
        {
            return ProblemStep.Ask(turn);
        }

        if (ImpactStep.Resolve(turn) is { } askImpact)
        {
            return askImpact;
        }

        if (await DuplicateStep.CheckAsync(turn, tickets) is { } askSame)
        {
            return askSame;
        }

        if (!turn.IsFulfillment)
        {
            return memory.SameProblem == true ? turn.Delegate() : ConfirmStep.Confirm(turn);
        }

        return memory.SameProblem == true && TicketNumber.TryParse(memory.Duplicate, out var existing)
            ? await CreateStep.AddToExistingAsync(turn, tickets, existing, memory.Problem)
            : await CreateStep.CreateAsync(turn, tickets, memory.Problem, memory.Impact!.Value, offerVisits && turn.Identity.IsVerified && !turn.IsAfterHours);
    }
}
