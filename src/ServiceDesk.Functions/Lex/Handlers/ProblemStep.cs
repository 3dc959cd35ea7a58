using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>Capture and clarify: the problem as first told, corrections that replace it, details that add to it.</summary>
internal static class ProblemStep
{
    public const int MaxRetries = 2;

    public static void Listen(LexTurn turn)
    {
        var memory = turn.Memory;
        if (turn.AnsweringPin)
        {
            return;
        }

        var words = turn.FreshWords;
        if (memory.Problem is null)
        {
            // Words are a problem on the intent's first turn ("my laptop won't turn on") or as the answer to "what's the
            // problem?"; a slot Lex or the agent filled also counts. Filler, yes/no and "report a problem" do not.
            var answering = turn.Awaiting == BotContract.Slots.Problem || (turn.Awaiting is null && !turn.IsFulfillment);
            // A hypothesis that is only a request ("I'd like to report a fault") says the best one ("I'd like two report
            // fault") is that request misheard, not a problem.
            var fromWords = answering && !turn.Hypotheses.Skip(1).Any(h => ProblemText.Told(h) is null) ? ProblemText.Told(words) : null;
            if ((fromWords ?? ProblemText.Extract(turn.SlotText(BotContract.Slots.Problem))) is { } problem)
            {
                memory.Problem = new ProblemMemory { Told = problem, Current = problem };
                memory.SlotMisses = 0;
                turn.WordsTaken = fromWords is not null;
            }
            else
            {
                turn.SetSlot(BotContract.Slots.Problem, null);
            }

            return;
        }

        if (words is null || turn.Awaiting is null)
        {
            return;
        }

        // "Actually, no, Tom's is doing it too, so it's a few of us" corrects who is affected, not the problem.
        if (Triage.ImpactCorrection(words) is not null)
        {
            return;
        }

        // "Let's just do the Outlook one": of two problems told at once, the one to log.
        if (ProblemText.Choose(memory.Problem.Told, words) is { } chosen)
        {
            var answering = turn.Awaiting == BotContract.Slots.Impact;
            Replace(turn, chosen);
            // "... and it's only me with the password thing" also answers the question it was asked.
            memory.Impact ??= answering ? Triage.ImpactOf(words) : null;
        }
        else if (ProblemText.Correct(memory.Problem.Current, words) is { } corrected)
        {
            Replace(turn, corrected);
        }
        else if (turn.Awaiting == BotContract.Slots.Problem && ProblemText.Extract(words) is { } problem)
        {
            Replace(turn, problem);
        }
    }

    /// <summary>What an answer to another question (the employee id) also said about the problem and who it affects.</summary>
    public static void ListenBeside(LexTurn turn)
    {
        var memory = turn.Memory;
        if (memory.Problem is null && ProblemText.FaultIn(turn.Transcript) is { } problem)
        {
            memory.Problem = new ProblemMemory { Told = problem, Current = problem };
            turn.SetSlot(BotContract.Slots.Problem, problem);
        }

        // Only "just me" here: "I'm on a colleague's phone" says whose phone, not who is affected.
        memory.Impact ??= Triage.SaysOnlyMe(turn.Transcript) ? TicketImpact.Individual : null;
    }

    /// <summary>A correction changes what is confirmed, so the confirmation (and duplicate question) is asked again.</summary>
    private static void Replace(LexTurn turn, string problem)
    {
        var memory = turn.Memory;
        memory.Problem!.Current = problem;
        memory.DuplicateChecked = false;
        memory.Duplicate = null;
        memory.SameProblem = null;
        memory.Awaiting = null;
        turn.Intent.ConfirmationState = LexValues.None;
        turn.WordsTaken = true;
    }

    public static LexResponse Ask(LexTurn turn)
    {
        var retrying = turn.Awaiting == BotContract.Slots.Problem;
        if (retrying && ++turn.Memory.SlotMisses > MaxRetries)
        {
            return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
        }

        return turn.ElicitSlot(BotContract.Slots.Problem, Speech.Say(!retrying
            ? "What's the problem? Tell me in a sentence or two."
            : turn.Memory.SlotMisses == 1
                ? "No rush. When you're ready, tell me what's wrong, for example: my laptop won't turn on."
                : "Sorry, could you describe the problem again, briefly? Or say agent for a person."));
    }
}
