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

            text.Append(", not verified. ");
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

    public static Speech Line(string reason) => reason switch
    {
        BotContract.HandoffReasons.CallerRequest => Speech.Say("Sure. I'll put you through to a colleague now."),
        BotContract.HandoffReasons.IdentificationFailed => Speech.Say("I couldn't confirm who you are, so I'll put you through to a colleague who can help."),
        BotContract.HandoffReasons.RetriesExhausted => Speech.Say("Let me put you through to a colleague who can sort this out."),
        _ => Speech.Say("Sorry, I can't reach the ticket system right now. I'll put you through to a colleague."),
    };

    private static string Wanted(LexTurn turn) => turn.IntentName switch
    {
        BotContract.ReportIssue => "report a problem" + Quote(turn.SlotText(BotContract.Slots.Problem)),
        BotContract.CheckTicketStatus => "check a ticket",
        BotContract.AddTicketComment => "add to a ticket",
        BotContract.ListRecentTickets => "hear their recent tickets",
        BotContract.SpeakToAgent => "speak to a person",
        _ => "help with" + Quote(turn.Transcript),
    };

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
