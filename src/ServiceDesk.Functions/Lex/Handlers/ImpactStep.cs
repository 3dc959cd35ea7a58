using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>Who is affected: from the slot, the answer to our question, or what the caller already said.</summary>
internal static class ImpactStep
{
    public static LexResponse? Resolve(LexTurn turn)
    {
        var memory = turn.Memory;
        if (memory.Impact is null && turn.Awaiting == BotContract.Slots.Impact && turn.FreshWords is { } words)
        {
            memory.Impact = turn.Heard(Triage.ImpactOf);
            turn.WordsTaken = true;
            // "Just me, and it started after the update": the impact, and a detail worth keeping on the ticket. "Done that
            // already" at this question is the caller wanting the ticket: no detail, and not a miss.
            if (memory.Impact is null && turn.Hypotheses.Any(CallerLexicon.WantsTicket))
            {
                return turn.ElicitSlot(BotContract.Slots.Impact, Speech.Say("Okay, I'll log it. Is it affecting just you, your team, or the whole office? You can also press 1, 2 or 3."));
            }

            if (ProblemText.LooksLikeFault(words) && ProblemText.Extract(words) is { } detail && !string.Equals(detail, memory.Problem!.Current, StringComparison.OrdinalIgnoreCase))
            {
                memory.Problem!.Details.Add(detail);
            }
        }

        // The caller's own words first: Lex fills the slot from "everyone" in "just mine, everyone else's is fine".
        // Lex's slot, except from the opening sentence, where it fills "just me" out of "kicks me off".
        var opening = turn.Awaiting is null && !turn.IsFulfillment;
        memory.Impact ??= Said(memory.Problem!) ?? (opening ? null : Triage.ImpactOf(turn.SlotInterpreted(BotContract.Slots.Impact)));
        if (memory.Impact is { } impact)
        {
            turn.SetSlot(BotContract.Slots.Impact, Spoken.ImpactSlotValue(impact));
            memory.SlotMisses = 0;
            return null;
        }

        turn.SetSlot(BotContract.Slots.Impact, null);
        var retrying = turn.Awaiting == BotContract.Slots.Impact;
        if (retrying && ++memory.SlotMisses > ProblemStep.MaxRetries)
        {
            return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
        }

        return turn.ElicitSlot(BotContract.Slots.Impact, Speech.Say(retrying
            ? "Sorry, is it affecting just you, your team, or the whole office? Say just me, my team, or the whole office, or press 1, 2 or 3."
            : "Is it affecting just you, your team, or the whole office? You can also press 1, 2 or 3."));
    }

    /// <summary>
    /// "The whole floor can't print" already says who is affected, as does "it's only mine"; a "me" inside a description
    /// ("it keeps logging me out") does not.
    /// </summary>
    private static TicketImpact? Said(ProblemMemory problem)
    {
        var text = problem.Description();
        return Triage.ImpactOf(text) switch
        {
            TicketImpact.Individual => Triage.SaysOnlyMe(text) ? TicketImpact.Individual : null,
            var impact => impact,
        };
    }
}
