using ServiceDesk.Aws.Lex;
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

        if (ProblemText.Correct(memory.Problem.Current, words) is { } corrected)
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

/// <summary>The caller's open ticket about the same problem, asked as its own question before anything is logged.</summary>
internal static class DuplicateStep
{
    public static async Task<LexResponse?> CheckAsync(LexTurn turn, Core.Tickets.CallerTickets tickets)
    {
        var memory = turn.Memory;
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

            // "Just me" to "affecting your team. Shall I log that?" corrects who is affected.
            if (Triage.ImpactOf(words) is { } impact && !ProblemText.LooksLikeFault(words, strict: true))
            {
                turn.WordsTaken = true;
                memory.Impact = impact;
                return turn.ConfirmIntent(Question(memory));
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
        if (ProblemText.LooksLikeFault(words) && ProblemText.Extract(words) is { } corrected)
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
