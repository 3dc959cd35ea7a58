using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>One explicit confirmation before a ticket is created: the only step that is costly to undo.</summary>
internal static class ConfirmStep
{
    public static LexResponse Confirm(LexTurn turn)
    {
        var memory = turn.Memory;
        var problem = memory.Problem!;
        if (turn.Awaiting == DialogueMemory.Questions.Confirm)
        {
            var words = turn.FreshWords;
            bool? answer = turn.Intent.ConfirmationState switch
            {
                LexValues.Confirmed => true,
                LexValues.Denied => false,
                _ => null,
            };
            // "No, wait, it's a few of us on the team" or "just me" to "affecting your team": who is affected, corrected.
            if (!turn.IsDtmf && Triage.ImpactCorrection(words) is { } impact && impact != memory.Impact)
            {
                turn.WordsTaken = true;
                memory.Impact = impact;
                return turn.ConfirmIntent(Question(memory));
            }

            // Keypad callers answer 1 or 2, and "yeah go on then" is a yes Lex may not map.
            answer ??= turn.Heard(CallerLexicon.YesNo);
            if (answer == true)
            {
                turn.WordsTaken = true;
                turn.Intent.ConfirmationState = LexValues.Confirmed;
                return turn.Delegate();
            }

            if (answer == false)
            {
                return Denied(turn, words);
            }


            if (++memory.SlotMisses > ProblemStep.MaxRetries)
            {
                return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
            }

        }

        return turn.ConfirmIntent(Question(memory));
    }

    private static Speech Question(DialogueMemory memory) =>
        Speech.Say($"So: {ProblemText.Summary(memory.Problem!.Current)}, affecting {Spoken.Impact(memory.Impact!.Value)}. Shall I log that? Say yes or no, or press 1 or 2.");

    /// <summary>
    /// "No, it's the scanner" corrects and asks again. A bare no keeps the problem and asks what to change, so "it's the
    /// webcam, not the headset" corrects it and "forget it" ends it; a second bare no logs nothing.
    /// </summary>
    private static LexResponse Denied(LexTurn turn, string? words)
    {
        var memory = turn.Memory;
        turn.WordsTaken = true;
        turn.Intent.ConfirmationState = LexValues.None;
        // "No, it's the left monitor, not the right one" amends the problem told; a new fault replaces it.
        var corrected = (words is null ? null : ProblemText.Correct(memory.Problem!.Current, words))
            ?? (ProblemText.LooksLikeFault(words) ? ProblemText.Extract(words) : null);
        if (corrected is not null)
        {
            memory.Problem!.Current = corrected;
            return turn.ConfirmIntent(Question(memory));
        }

        if (++memory.Denials > 1)
        {
            memory.ForgetReport();
            return turn.ElicitIntent(Speech.Say("Okay, I haven't logged anything. What would you like to do?"));
        }

        turn.SetSlot(BotContract.Slots.Problem, null);
        return turn.ElicitSlot(BotContract.Slots.Problem, Speech.Say("Okay, I haven't logged it. What should I change? Tell me the problem again, or say cancel."));
    }
}
