using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// What a caller can say at any prompt: a person, goodbye, say that again, start over, cancel. Lex keeps a slot or
/// confirmation question open whatever the caller answers and sends the words to our dialog hook, so these are read
/// here, before any handler takes the words as a problem, a ticket number or a comment. They are never stored as data.
/// </summary>
internal sealed class GlobalCommands(IIntentHandler reportIssue)
{
    /// <summary>Lex's own reading is trusted for a command only when it is this sure and the words carry no answer.</summary>
    private const double InterpretationConfidence = 0.85;

    /// <summary>Questions where "no" and "no thanks" are answers, not goodbyes.</summary>
    private static readonly HashSet<string> YesNoQuestions = new(StringComparer.Ordinal)
    {
        DialogueMemory.Questions.Confirm, DialogueMemory.Questions.PersonOffer, DialogueMemory.Questions.TicketOffer, DialogueMemory.Questions.VisitOffer, BotContract.Slots.AddToExisting,
    };

    public static CallerCommand? Heard(LexTurn turn)
    {
        if (turn.IsFulfillment || string.IsNullOrWhiteSpace(turn.Transcript))
        {
            return null;
        }

        if (turn.IsDtmf)
        {
            return CallerLexicon.Command(turn.Transcript, keypad: true);
        }

        // The best hypothesis first; another only when the best is neither a fault nor an answer ("speak two someone").
        var command = CallerLexicon.Command(turn.Transcript);
        // (A yes or no answers only when it opens the words: "can I speak two whoever's dealing with it please" is no yes.)
        if (command is null && !ProblemText.LooksLikeFault(turn.Transcript, strict: true) && !CallerLexicon.StartsWithYes(turn.Transcript) && !AnswersNo(turn.Transcript))
        {
            command = turn.Heard(h => CallerLexicon.Command(h));
        }

        // To a yes/no question, "no thanks" and "yes, that's it" are first of all its answer.
        if (command == CallerCommand.Goodbye && turn.Awaiting is { } question && YesNoQuestions.Contains(question)
            && (turn.Hypotheses.Any(AnswersNo) || CallerLexicon.StartsWithYes(turn.Transcript)))
        {
            return null;
        }

        // Cancelling a visit, "yes, cancel it" is the answer, not the command to stop.
        if (command == CallerCommand.Cancel && turn.IntentName == BotContract.CancelVisit)
        {
            return null;
        }

        return command ?? FromInterpretations(turn);
    }

    /// <summary>
    /// Lex's other interpretations of these words, as it sends them during a slot question ("I need a technician on the
    /// line" scores SpeakToAgent while we wait for a ticket number). Only for words that answer nothing we asked.
    /// </summary>
    private static CallerCommand? FromInterpretations(LexTurn turn)
    {
        if (turn.Awaiting is null || ProblemText.Extract(turn.Transcript) is not null || CallerLexicon.YesNo(turn.Transcript) is not null
            || TicketNumber.TryFind(turn.Transcript, out _))
        {
            return null;
        }

        foreach (var interpretation in turn.Event.Interpretations ?? [])
        {
            if (interpretation.NluConfidence >= InterpretationConfidence && interpretation.Intent?.Name is { } name && name != turn.IntentName)
            {
                return name switch
                {
                    BotContract.SpeakToAgent => CallerCommand.Person,
                    BotContract.Goodbye => CallerCommand.Goodbye,
                    _ => null,
                };
            }
        }

        return null;
    }

    /// <summary>
    /// What the caller leaves with, before the flow's goodbye: a report left half-told is not logged, and the tickets this
    /// call created are read back once more ("recap what was done, then close").
    /// </summary>
    private static Speech? Closing(DialogueMemory memory, bool unlogged)
    {
        var created = memory.CreatedTickets;
        var closing = unlogged ? Speech.Say(created.Count > 0 ? "Okay, I haven't logged that one." : "Okay, I haven't logged anything.") : null;
        if (created.Count == 0)
        {
            return closing;
        }

        closing = (closing?.Text(" ") ?? new Speech()).Text(created.Count == 1 ? "Your ticket today is " : "Your tickets today are ");
        for (var i = 0; i < created.Count; i++)
        {
            closing = (i == 0 ? closing : closing.Text(i == created.Count - 1 ? " and " : ", ")).Ticket(TicketNumber.FromSequence(created[i]));
        }

        return closing.Text(".");
    }

    /// <summary>
    /// "No thanks" or "no, don't bother, I'll call back" to a yes/no question is first of all its answer (the caller then
    /// hears what happens next); only a "no" that ends in "bye" is a goodbye.
    /// </summary>
    private static bool AnswersNo(string text) =>
        CallerLexicon.Words(text) is [var first, .. var rest] && first is "no" or "nope" or "nah" or "2" && rest is not [.., "bye" or "goodbye"];

    public async Task<LexResponse> HandleAsync(LexTurn turn, CallerCommand command)
    {
        turn.WordsTaken = true;
        if (turn.Awaiting is { } slot && turn.Intent.Slots!.ContainsKey(slot))
        {
            turn.SetSlot(slot, null);
        }

        var memory = turn.Memory;
        switch (command)
        {
            case CallerCommand.Person when turn.IsAfterHours && memory.Problem is not null:
                turn.SwitchIntent(BotContract.ReportIssue);
                turn.LeadIn = Speech.Say("The team is away, so I can't put you through, but I can log this for them.").Pause();
                return await reportIssue.HandleAsync(turn);
            case CallerCommand.Person when turn.IsAfterHours:
                return turn.ElicitIntent(Speech.Say(AfterHoursNoPerson));
            case CallerCommand.Person:
                return turn.Handoff(BotContract.HandoffReasons.CallerRequest);
            case CallerCommand.Goodbye:
                var unlogged = memory.Problem is not null;
                memory.ForgetReport();
                return turn.Goodbye(Closing(memory, unlogged));
            case CallerCommand.Repeat:
                return turn.Repeat(Speech.Say("How can I help?"));
            case CallerCommand.StartOver:
                memory.ForgetReport();
                return turn.ElicitIntent(Speech.Say("Okay, let's start again. How can I help?"));
            default:
                var cancelled = memory.Problem is not null;
                memory.ForgetReport();
                return turn.ElicitIntent(Speech.Say(cancelled ? "Okay, I've cancelled that. Nothing was logged. Anything else?" : "Okay. Anything else?"));
        }
    }

    public const string AfterHoursNoPerson = "The team is away right now, so I can't put you through. I can log a ticket they'll see first thing. Just tell me what's wrong.";
}
