using System.Security.Cryptography;
using System.Text;
using ServiceDesk.Wire.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>The end of a report: one ticket created (or the words added to the same problem's ticket), read back.</summary>
internal static class CreateStep
{
    public static async Task<LexResponse> AddToExistingAsync(LexTurn turn, CallerTickets tickets, TicketNumber number, ProblemMemory problem)
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

    public static async Task<LexResponse> CreateAsync(LexTurn turn, CallerTickets tickets, ProblemMemory problem, TicketImpact impact, bool offerVisit = false)
    {
        // A caller who gave an employee id but not its PIN still gets their problem logged, under that id and marked for
        // the team, who check it with them; they hear nothing of that employee's other tickets.
        var verified = turn.Identity.IsVerified;
        var owner = verified ? turn.Identity.CallerId : turn.Memory.Claimed ?? string.Empty;
        var description = Fit((verified ? string.Empty : UnverifiedNote) + problem.Description(), TicketRules.MaxDescriptionLength);
        var triage = Triage.Assess(problem.Description(), impact);
        var request = new NewTicket(
            owner,
            description,
            Summary: ProblemText.Summary(problem.Current),
            Priority: triage.Priority,
            Category: triage.Category,
            Impact: impact,
            IdempotencyKey: IdempotencyKey(turn, owner, description, impact));
        var created = await tickets.CreateAsync(owner, request, turn.Cancellation);
        if (!created.IsOk)
        {
            return turn.HandoffFor(created.Failure);
        }

        var ticket = created.Value;
        turn.Memory.ForgetReport();
        turn.Memory.RecordCreated(ticket.Number);
        turn.Touch(ticket.Number);
        // Linked to an earlier caller's report of the same incident: the caller hears that it is known, not whose it is.
        var known = ticket.Parent is not null
            ? "We already know about this, and it is being worked on; I've added you to the people affected. "
            : string.Empty;
        var readBack = new Speech()
            .Text($"{known}Done. Your ticket number is ").Ticket(ticket.Number).Pause()
            .Text("Again, that's ").Ticket(ticket.Number)
            .Text($", for: {ticket.Summary}. Priority {(int)ticket.Priority}. {(turn.IsAfterHours ? "The team will see it first thing. " : string.Empty)}");
        // Hands needed at the desk: a visit is the natural next step, so it is offered rather than waited for.
        return offerVisit && ticket.Parent is null && Core.Visits.VisitDesk.NeedsHands(problem.Description(), ticket.Category)
            ? turn.Ask(DialogueMemory.Questions.VisitOffer, readBack.Text("Would you like a technician to come to your desk to look at it? Say yes or no."))
            : turn.ElicitIntent(readBack.Text("Anything else?"));
    }

    /// <summary>
    /// Stable for one contact, one caller, one intent and one problem: however Lex retries a slow fulfilment (the same
    /// event, or a new request id), the same key makes the backend answer with the ticket it already created, never a
    /// second one. Another caller on the same contact (a shared line) or another problem is another ticket.
    /// </summary>
    internal static string IdempotencyKey(LexTurn turn, string owner, string problem, TicketImpact impact)
    {
        var contact = turn.Get(SessionKeys.InitialContactId) is { Length: > 0 } id ? id : turn.SessionId;
        var material = string.Join('\n', contact, owner, turn.Identity.IsVerified, turn.IntentName, problem, impact);
        return "lex:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)))[..40];
    }

    /// <summary>What the team reads first on a ticket whose caller gave an employee id but not its PIN.</summary>
    public const string UnverifiedNote = "[Unverified caller: gave this employee id, PIN not verified; confirm with them.] ";

    private static string Fit(string text, int max) => text.Length <= max ? text : text[..max];
}
