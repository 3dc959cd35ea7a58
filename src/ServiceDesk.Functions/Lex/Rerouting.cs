using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// Where a turn Lex sent to the wrong intent belongs, read from the caller's words: an NLU trained on sample utterances
/// sends "any news on the Outlook ticket? I can't find a thing" to ReportIssue and "how do I get the badge reader to stop
/// beeping" to a report too. Only the first words of a task are reconsidered, and the answer to "what's the problem?".
/// </summary>
internal static class Rerouting
{
    /// <summary>Above this confidence Lex's reading of a person or a goodbye stands, whatever our lexicon says.</summary>
    private const double SureOfACommand = 0.9;

    /// <summary>The intent that should take this turn instead of the one Lex chose, or null.</summary>
    public static string? For(LexTurn turn)
    {
        if (turn.IsFulfillment || turn.FreshWords is not { } words)
        {
            return null;
        }

        // "Yes please" to "would you like a technician to come out?": the booking, whatever Lex made of a bare yes or no.
        if (turn.Awaiting == DialogueMemory.Questions.VisitOffer)
        {
            return turn.Heard(CallerLexicon.YesNo) is not null && turn.IntentName != BotContract.ScheduleVisit ? BotContract.ScheduleVisit : null;
        }

        // "Could somebody pop by and look at my mouse, the one I rang about?" asks for a visit, not the ticket's status.
        // "The keyboard won" (one) right after "which one?": the answer to the list, not a new report, however Lex scored it.
        if (turn.IntentName == BotContract.ReportIssue && turn.Memory.Choices.Count > 0 && turn.Memory.Interrupted is { } asked
            && asked != BotContract.ReportIssue && BotContract.TicketIntents.Contains(asked)
            && CallerLexicon.Words(words).Length <= 4)
        {
            // A pick from the list of recent tickets asks for that ticket, not for the list again.
            return asked == BotContract.ListRecentTickets && TicketReference.PicksOne(words) ? BotContract.CheckTicketStatus : asked;
        }

        // "What about ticket one?" names one ticket: its status, not the list (Lex scores a short question as the list).
        if (turn.IntentName == BotContract.ListRecentTickets && turn.Awaiting is null && TicketNumbers.Candidates(turn).Any())
        {
            return BotContract.CheckTicketStatus;
        }

        // A report is logged first (the visit is offered after it); a note keeps the caller's words.
        if (turn.Awaiting is null && turn.IntentName is BotContract.CheckTicketStatus or BotContract.ListRecentTickets or BotContract.FallbackIntent
            && Core.Visits.VisitWords.AsksForVisit(words))
        {
            return BotContract.ScheduleVisit;
        }

        // "Now the headset thing, can you log that for me?" after a detour (a status read, a question): back to the report
        // still waiting to be logged, whatever Lex made of the thanks around it.
        // And "before you do, what's happening with my battery ticket?" at the confirmation is that detour.
        if (turn.Memory.Problem is not null)
        {
            return turn.IsDtmf ? null
                : turn.IntentName != BotContract.ReportIssue && turn.Awaiting is null && CallerLexicon.WantsTicket(words) ? BotContract.ReportIssue
                : turn.IntentName == BotContract.ReportIssue && turn.Awaiting == DialogueMemory.Questions.Confirm && ProblemText.IsTicketEnquiry(words) ? BotContract.CheckTicketStatus
                : null;
        }

        // "What's the problem?" answered with "I rang last week about my battery, has anyone looked at it yet?".
        if (turn.Awaiting == BotContract.Slots.Problem && turn.IntentName == BotContract.ReportIssue && ProblemText.IsTicketEnquiry(words))
        {
            return BotContract.CheckTicketStatus;
        }

        if (turn.Awaiting is not null)
        {
            return null;
        }

        var intent = turn.IntentName;
        // "The headset one, is someone on that?" or "the second one, please" right after we read a list (Lex may score the
        // pick as the list again).
        if (turn.Memory.Choices.Count > 0 && (!BotContract.TicketIntents.Contains(intent) || intent == BotContract.ListRecentTickets)
            && TicketReference.PicksOne(words))
        {
            return BotContract.CheckTicketStatus;
        }

        // Lex heard a person or a goodbye in words that say neither ("no, sorry, that was me talking to someone else",
        // "can you hear me? the line went quiet"), and was not sure: the agent hears them instead.
        if (intent is BotContract.SpeakToAgent or BotContract.Goodbye && !turn.IsDtmf && CallerLexicon.Command(words) is null
            && (turn.Event.Interpretations?.FirstOrDefault()?.NluConfidence ?? 1.0) < SureOfACommand
            && (CallerLexicon.IsQuestion(words) || ProblemText.Extract(words) is not null))
        {
            return BotContract.FallbackIntent;
        }

        // "I've heard nothing about number two", "how is ticket two getting on": asking after a ticket, with nothing to add.
        if (intent is BotContract.ReportIssue or BotContract.FallbackIntent
            || (intent == BotContract.AddTicketComment && turn.SlotText(BotContract.Slots.Comment) is null && CommentText.InRequest(words) is null))
        {
            if (ProblemText.IsTicketEnquiry(words))
            {
                return BotContract.CheckTicketStatus;
            }
        }

        // A request for instructions is answered from the knowledge base, not logged.
        return intent == BotContract.ReportIssue && CallerLexicon.IsHowTo(words) ? BotContract.FallbackIntent : null;
    }
}
