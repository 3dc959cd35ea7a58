using System.Security.Cryptography;
using System.Text;
using ServiceDesk.Aws.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>
/// "My laptop won't turn on": steps over the call's memory. Capture the problem in the caller's words (corrections
/// applied, filler dropped), ask who is affected only when they have not said it, check their open tickets for the same
/// problem (its own question), confirm once, then create one ticket (idempotent per contact, caller and problem) and
/// read its number back digit by digit.
/// </summary>
internal sealed class ReportIssueHandler(Identification identification, CallerTickets tickets, IIntentHandler checkStatus) : IIntentHandler
{
    /// <summary>Where a how-to question goes when Lex took it for a report: the agent and its knowledge base.</summary>
    public IIntentHandler? Agent { get; set; }

    public bool NeedsBackend => true;

    public async Task<LexResponse> HandleAsync(LexTurn turn)
    {
        if (turn.Awaiting is null && !turn.IsFulfillment && turn.Memory.Problem is null && ProblemText.IsTicketEnquiry(turn.FreshWords))
        {
            // "Any news on the Outlook ticket? I can't find a thing": a fault is mentioned, but the caller asks after a ticket.
            turn.SwitchIntent(BotContract.CheckTicketStatus);
            turn.WordsTaken = false;
            return await checkStatus.HandleAsync(turn);
        }

        if (Agent is not null && turn.Awaiting is null && !turn.IsFulfillment && turn.Memory.Problem is null && CallerLexicon.IsHowTo(turn.FreshWords))
        {
            // "How do I get the badge reader to stop beeping?": a request for instructions, answered from the knowledge base.
            turn.SwitchIntent(BotContract.FallbackIntent);
            turn.WordsTaken = false;
            return await Agent.HandleAsync(turn);
        }

        // The problem is kept before anything else is asked, so "my laptop won't turn on" need not be said twice.
        ProblemStep.Listen(turn);
        var memory = turn.Memory;
        if (memory.Problem is { } told)
        {
            turn.SetSlot(BotContract.Slots.Problem, told.Current);
        }

        var answeringId = turn.Awaiting == BotContract.Slots.EmployeeId;
        if (await identification.EnsureAsync(turn) is { } ask)
        {
            return ask;
        }

        if (answeringId)
        {
            // "E one zero zero five. The bluetooth on my laptop won't find my headset, and it's just me": the rest of
            // the answer is not lost with the id.
            ProblemStep.ListenBeside(turn);
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
            ? await AddToExistingAsync(turn, existing, memory.Problem)
            : await CreateAsync(turn, memory.Problem, memory.Impact!.Value);
    }

    private async Task<LexResponse> AddToExistingAsync(LexTurn turn, TicketNumber number, ProblemMemory problem)
    {
        var text = Fit(problem.Description(), TicketRules.MaxCommentLength);
        var added = await tickets.AddCommentAsync(turn.Identity.CallerId, number, text, turn.Cancellation);
        if (!added.IsOk)
        {
            return added.Failure.Kind == FailureKind.NotFound
                ? turn.ElicitIntent(Speech.Say("Sorry, I couldn't find that ticket any more. Please report the problem again."))
                : turn.HandoffFor(added.Failure);
        }

        turn.Memory.ForgetReport();
        turn.Touch(number);
        return turn.ElicitIntent(new Speech().Text("Done. I've added that to ticket ").Ticket(number).Text(". Anything else?"));
    }

    private async Task<LexResponse> CreateAsync(LexTurn turn, ProblemMemory problem, TicketImpact impact)
    {
        var description = Fit(problem.Description(), TicketRules.MaxDescriptionLength);
        var triage = Triage.Assess(description, impact);
        var request = new NewTicket(
            turn.Identity.CallerId,
            description,
            Summary: ProblemText.Summary(problem.Current),
            Priority: triage.Priority,
            Category: triage.Category,
            Impact: impact,
            IdempotencyKey: IdempotencyKey(turn, description, impact));
        var created = await tickets.CreateAsync(turn.Identity.CallerId, request, turn.Cancellation);
        if (!created.IsOk)
        {
            return turn.HandoffFor(created.Failure);
        }

        var ticket = created.Value;
        turn.Memory.ForgetReport();
        turn.Memory.TicketsCreated++;
        turn.Touch(ticket.Number);
        return turn.ElicitIntent(new Speech()
            .Text("Done. Your ticket number is ").Ticket(ticket.Number).Pause()
            .Text("Again, that's ").Ticket(ticket.Number)
            .Text($", for: {ticket.Summary}. Priority {(int)ticket.Priority}. {(turn.IsAfterHours ? "The team will see it first thing. " : string.Empty)}Anything else?"));
    }

    /// <summary>
    /// Stable for one contact, one caller, one intent and one problem: however Lex retries a slow fulfilment (the same
    /// event, or a new request id), the same key makes the backend answer with the ticket it already created, never a
    /// second one. Another caller on the same contact (a shared line) or another problem is another ticket.
    /// </summary>
    internal static string IdempotencyKey(LexTurn turn, string problem, TicketImpact impact)
    {
        var contact = turn.Get(SessionKeys.InitialContactId) is { Length: > 0 } id ? id : turn.SessionId;
        var material = string.Join('\n', contact, turn.Identity.CallerId, turn.IntentName, problem, impact);
        return "lex:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)))[..40];
    }

    private static string Fit(string text, int max) => text.Length <= max ? text : text[..max];
}
