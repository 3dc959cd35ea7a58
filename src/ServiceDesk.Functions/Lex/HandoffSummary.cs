using System.Text;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex;

/// <summary>What the person who takes the call reads first: who, verified how, tickets touched, what they wanted, why.</summary>
internal static class HandoffSummary
{
    /// <summary>Connect shows contact attributes to the agent; a short line is read, a long one is not.</summary>
    public const int MaxLength = 500;

    public static string For(LexTurn turn, string reason)
    {
        var identity = turn.Identity;
        var text = new StringBuilder(256);
        if (identity.IsVerified)
        {
            text.Append($"{identity.Name ?? "Caller"} ({identity.CallerId}), verified by {SessionKeys.ToWire(identity.VerifiedBy)}. ");
        }
        else
        {
            text.Append("Unidentified caller");
            if (!string.IsNullOrEmpty(identity.Phone))
            {
                text.Append($" from {PhoneNumber.Mask(identity.Phone)}");
            }

            text.Append(", not verified");
            // The id they gave without its PIN: the person taking the call checks it with them.
            text.Append(turn.Memory.Claimed is { } claimed ? $"; gave the employee id of {claimed}, PIN not verified. " : ". ");
        }

        text.Append($"Wanted: {Wanted(turn)}. ");
        if (turn.TicketsTouched.Count > 0)
        {
            text.Append($"Tickets: {string.Join(", ", turn.TicketsTouched)}. ");
        }

        text.Append($"Reason: {reason.Replace('_', ' ')}.");
        var summary = string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return summary.Length <= MaxLength ? summary : summary[..(MaxLength - 1)] + "…";
    }

    /// <summary>
    /// What the bot says as it lets go. The flow announces the transfer itself ("Putting you through to the service desk
    /// now"), so these lines only acknowledge; after hours nobody is there to take the call, and the flow says so.
    /// </summary>
    public static Speech Line(string reason, bool afterHours = false) => (reason, afterHours) switch
    {
        (_, true) => Speech.Say("Sorry, I can't finish this one now, and the team is away."),
        (BotContract.HandoffReasons.CallerRequest, _) => Speech.Say("Sure, one moment."),
        (BotContract.HandoffReasons.IdentificationFailed or BotContract.HandoffReasons.PinNotVerified, _) => Speech.Say("I couldn't confirm who you are, so a colleague will help you."),
        (BotContract.HandoffReasons.RetriesExhausted, _) => Speech.Say("Sorry I couldn't sort that out. A colleague will help you."),
        _ => Speech.Say("Sorry, I can't reach the ticket system right now. A colleague will help you."),
    };

    /// <summary>The problem in the caller's words when one was told, whatever the intent; otherwise the task in hand.</summary>
    private static string Wanted(LexTurn turn) => turn.Memory.Problem is { } problem
        ? "report a problem" + Quote(problem.Current)
        : turn.IntentName switch
        {
            BotContract.ReportIssue => "report a problem",
            BotContract.CheckTicketStatus => "check a ticket" + Quote(turn.Memory.Pending ?? turn.Quotable),
            BotContract.AddTicketComment => "add to a ticket" + Quote(turn.Memory.Pending ?? turn.Quotable),
            BotContract.ListRecentTickets => "hear their recent tickets",
            BotContract.ScheduleVisit => "book a technician visit" + For(turn.Memory.VisitTicket),
            BotContract.RescheduleVisit => "move a technician visit" + For(turn.Memory.VisitTicket),
            BotContract.CancelVisit => "cancel a technician visit" + For(turn.Memory.VisitTicket),
            BotContract.SpeakToAgent => "speak to a person" + While(turn.Memory.Interrupted),
            _ when CallerLexicon.Command(turn.Transcript, turn.IsDtmf) == CallerCommand.Person => "speak to a person" + While(turn.IntentName),
            _ => "help with" + Quote(turn.Quotable),
        };

    private static string While(string? task) => task switch
    {
        BotContract.CheckTicketStatus => ", while checking a ticket",
        BotContract.AddTicketComment => ", while adding to a ticket",
        BotContract.ListRecentTickets => ", while hearing their tickets",
        BotContract.ScheduleVisit => ", while booking a technician visit",
        BotContract.RescheduleVisit => ", while moving a technician visit",
        BotContract.CancelVisit => ", while cancelling a technician visit",
        _ => string.Empty,
    };

    private static string For(string? ticket) => ticket is null ? string.Empty : $" for {ticket}";

    private static string Quote(string? said)
    {
        if (string.IsNullOrWhiteSpace(said))
        {
            return string.Empty;
        }

        var clean = said.Trim();
        return $" \"{(clean.Length <= 120 ? clean : clean[..120] + "…")}\"";
    }
}
