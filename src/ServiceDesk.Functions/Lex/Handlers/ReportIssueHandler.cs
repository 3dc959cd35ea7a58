using System.Security.Cryptography;
using System.Text;
using ServiceDesk.Aws.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>
/// "My laptop won't turn on": the problem in the caller's words, who it affects, a duplicate check against their open
/// tickets, a one-sentence confirmation, then one ticket (idempotent per contact and intent) read back digit by digit.
/// </summary>
internal sealed class ReportIssueHandler(Identification identification) : IIntentHandler
{
    public const int MaxRetries = 2;

    public bool NeedsBackend => true;

    public async Task<LexResponse> HandleAsync(LexTurn turn)
    {
        if (!turn.Identity.IsVerified && turn.Awaiting is null)
        {
            // Keep "my laptop won't turn on" in its slot while we ask who is calling, so it need not be said twice.
            _ = Problem(turn);
        }

        if (await identification.EnsureAsync(turn) is { } ask)
        {
            return ask;
        }

        var problem = Problem(turn);
        if (problem is null)
        {
            return Retry(turn, BotContract.Slots.Problem, "What's the problem? Tell me in a sentence or two.", "Sorry, could you describe the problem again, briefly?");
        }

        var impact = Impact(turn, problem);
        if (impact is null)
        {
            return Retry(turn, BotContract.Slots.Impact,
                "Is it affecting just you, your team, or the whole office? You can also press 1, 2 or 3.",
                "Please say just me, my team, or the whole office. Or press 1, 2 or 3.");
        }

        turn.Set(TurnKeys.SlotMisses, null);
        if (await DuplicateStepAsync(turn, problem) is { } duplicateReply)
        {
            return duplicateReply;
        }

        var addToExisting = AddToExisting(turn);
        if (!turn.IsFulfillment)
        {
            return addToExisting is not null ? turn.Delegate() : Confirm(turn, problem, impact.Value);
        }

        return addToExisting is { } existing
            ? await AddToExistingAsync(turn, existing, problem)
            : await CreateAsync(turn, problem, impact.Value);
    }

    private static string? Problem(LexTurn turn)
    {
        var problem = turn.SlotText(BotContract.Slots.Problem);
        if (problem is null && !turn.TranscriptConsumed && !string.IsNullOrWhiteSpace(turn.Transcript))
        {
            // The first words often are the problem ("my laptop won't turn on"); a bare "report a problem" is not.
            var firstTurn = turn.Awaiting is null && !turn.IsFulfillment && Triage.CategoryOf(turn.Transcript) != TicketCategory.Other;
            if (firstTurn || turn.Awaiting == BotContract.Slots.Problem)
            {
                problem = turn.Transcript.Trim();
                turn.TranscriptConsumed = true;
            }
        }

        if (problem is null)
        {
            return null;
        }

        problem = problem.Length <= TicketRules.MaxDescriptionLength ? problem : problem[..TicketRules.MaxDescriptionLength];
        turn.SetSlot(BotContract.Slots.Problem, problem);
        return problem;
    }

    private static TicketImpact? Impact(LexTurn turn, string problem)
    {
        var impact = Triage.ImpactOf(turn.SlotInterpreted(BotContract.Slots.Impact)) ?? Triage.ImpactOf(turn.SlotText(BotContract.Slots.Impact));
        if (impact is null && turn.Awaiting == BotContract.Slots.Impact && !turn.TranscriptConsumed)
        {
            impact = Triage.ImpactOf(turn.Transcript);
            turn.TranscriptConsumed = impact is not null;
        }

        // "The whole office has no internet" already says who is affected; "me" in a description does not settle it.
        impact ??= Triage.ImpactOf(problem) is { } said and not TicketImpact.Individual ? said : null;
        if (impact is { } known)
        {
            turn.SetSlot(BotContract.Slots.Impact, Spoken.ImpactSlotValue(known));
        }

        return impact;
    }

    private static async Task<LexResponse?> DuplicateStepAsync(LexTurn turn, string problem)
    {
        if (turn.Get(TurnKeys.DuplicateChecked) is null)
        {
            turn.Set(TurnKeys.DuplicateChecked, "1");
            var open = await turn.Tickets.ListOpenAsync(turn.Identity.CallerId, turn.Cancellation);
            if (!open.IsOk)
            {
                return turn.HandoffFor(open.Failure);
            }

            if (DuplicateCheck.FindLikelyDuplicate(problem, open.Value, turn.Now) is { } duplicate)
            {
                turn.Set(TurnKeys.Duplicate, duplicate.Number.ToString());
                turn.Touch(duplicate.Number);
                return turn.ElicitSlot(BotContract.Slots.AddToExisting, new Speech()
                    .Text("You already have ticket ").Ticket(duplicate.Number)
                    .Text($", {duplicate.Summary}, opened {Spoken.Age(turn.Now - duplicate.CreatedAt)}. Shall I add this to that ticket instead? Say yes or no."));
            }

            return null;
        }

        if (turn.Get(TurnKeys.Duplicate) is null || turn.SlotInterpreted(BotContract.Slots.AddToExisting) is not null)
        {
            return null;
        }

        if (turn.Awaiting == BotContract.Slots.AddToExisting && Spoken.YesNo(turn.Transcript) is { } answer)
        {
            turn.SetSlot(BotContract.Slots.AddToExisting, answer ? "Yes" : "No");
            return null;
        }

        return Retry(turn, BotContract.Slots.AddToExisting, "Shall I add this to your existing ticket? Say yes or no.", "Please say yes to add it to your existing ticket, or no to open a new one. Or press 1 or 2.");
    }

    private static TicketNumber? AddToExisting(LexTurn turn) =>
        turn.Get(TurnKeys.Duplicate) is { } duplicate
        && Spoken.YesNo(turn.SlotInterpreted(BotContract.Slots.AddToExisting)) == true
        && TicketNumber.TryParse(duplicate, out var number)
            ? number
            : null;

    private static LexResponse Confirm(LexTurn turn, string problem, TicketImpact impact)
    {
        var confirmation = turn.Intent.ConfirmationState;
        if (confirmation is null or LexValues.None && turn.Awaiting == TurnKeys.Confirm)
        {
            // Keypad callers answer 1 or 2; Lex only maps spoken yes and no.
            confirmation = Spoken.YesNo(turn.Transcript) switch
            {
                true => LexValues.Confirmed,
                false => LexValues.Denied,
                _ => confirmation,
            };
        }

        if (confirmation == LexValues.Confirmed)
        {
            turn.Intent.ConfirmationState = LexValues.Confirmed;
            return turn.Delegate();
        }

        if (confirmation == LexValues.Denied)
        {
            turn.SetSlot(BotContract.Slots.Problem, null);
            turn.SetSlot(BotContract.Slots.Impact, null);
            turn.Intent.ConfirmationState = LexValues.None;
            if (turn.Increment(TurnKeys.Denials) > 1)
            {
                return turn.ElicitIntent(Speech.Say("Okay, I haven't logged anything. What would you like to do?"));
            }

            turn.Set(TurnKeys.DuplicateChecked, null);
            return turn.ElicitSlot(BotContract.Slots.Problem, Speech.Say("Okay, let's try again. What's the problem?"));
        }

        return turn.ConfirmIntent(Speech.Say($"So: {TicketRules.Summarize(problem)}, affecting {Spoken.Impact(impact)}. Shall I log that? Say yes or no, or press 1 or 2."));
    }

    private static async Task<LexResponse> AddToExistingAsync(LexTurn turn, TicketNumber number, string problem)
    {
        var text = problem.Length <= TicketRules.MaxCommentLength ? problem : problem[..TicketRules.MaxCommentLength];
        var added = await turn.Tickets.AddCommentAsync(turn.Identity.CallerId, number, text, turn.Cancellation);
        if (!added.IsOk)
        {
            return added.Failure.Kind == FailureKind.NotFound
                ? turn.ElicitIntent(Speech.Say("Sorry, I couldn't find that ticket any more. Please report the problem again."))
                : turn.HandoffFor(added.Failure);
        }

        turn.Touch(number);
        return turn.ElicitIntent(new Speech().Text("Done. I've added that to ticket ").Ticket(number).Text(". Anything else?"));
    }

    private static async Task<LexResponse> CreateAsync(LexTurn turn, string problem, TicketImpact impact)
    {
        var triage = Triage.Assess(problem, impact);
        var request = new NewTicket(
            turn.Identity.CallerId,
            problem,
            Summary: TicketRules.Summarize(problem),
            Priority: triage.Priority,
            Category: triage.Category,
            Impact: impact,
            IdempotencyKey: IdempotencyKey(turn, problem, impact));
        var created = await turn.Tickets.CreateAsync(turn.Identity.CallerId, request, turn.Cancellation);
        if (!created.IsOk)
        {
            return turn.HandoffFor(created.Failure);
        }

        var ticket = created.Value;
        turn.Touch(ticket.Number);
        return turn.ElicitIntent(new Speech()
            .Text("Done. Your ticket number is ").Ticket(ticket.Number).Pause()
            .Text("Again, that's ").Ticket(ticket.Number)
            .Text($", for: {ticket.Summary}. Priority {(int)ticket.Priority}. Anything else?"));
    }

    /// <summary>
    /// Stable for one contact, one intent and one problem: however Lex retries a slow fulfilment (the same event, or a
    /// new request id), the same key makes the backend answer with the ticket it already created, never a second one.
    /// Another problem in the same call is another ticket.
    /// </summary>
    internal static string IdempotencyKey(LexTurn turn, string problem, TicketImpact impact)
    {
        var contact = turn.Get(SessionKeys.InitialContactId) is { Length: > 0 } id ? id : turn.SessionId;
        var material = string.Join('\n', contact, turn.IntentName, problem, impact);
        return "lex:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)))[..40];
    }

    private static LexResponse Retry(LexTurn turn, string slot, string first, string again)
    {
        var retrying = turn.Awaiting == slot;
        if (retrying && turn.Increment(TurnKeys.SlotMisses) > MaxRetries)
        {
            return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
        }

        return turn.ElicitSlot(slot, Speech.Say(retrying ? again : first));
    }
}
