using System.Text.Json;
using System.Text.RegularExpressions;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Visits;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Local.Agent;

/// <summary>
/// The offline agent's technician visits: a request in one sentence ("can someone come out for INC0012345", "book
/// Tuesday at 9 for my ticket", "cancel the technician visit") run through the same visit tools the Bedrock agent
/// uses, for the session's caller in the agent's session, and the tools' answer read back in plain words.
/// </summary>
internal sealed partial class OfflineVisits(AgentTools tools)
{
    /// <summary>Dates read aloud at most: more than three lose a caller on the phone.</summary>
    private const int DatesSpoken = 3;

    /// <summary>Whether the caller is asking about a technician visit at all.</summary>
    public static bool IsAbout(string text)
    {
        var padded = CallerLexicon.Padded(text);
        return VisitPhrases.Any(w => padded.Contains(w, StringComparison.Ordinal));
    }

    public async Task<AgentReply> AnswerAsync(AgentTurn turn, CancellationToken ct)
    {
        if (tools.Visits is not { } visits)
        {
            return new AgentReply(AgentOutcome.Answered, "The offline assistant can't arrange technician visits on this line. I can put you through to a person.", []);
        }

        var ticket = TicketNumber.TryFind(turn.Text, out var said) ? said : await OnlyVisitAsync(turn, ct);
        if (ticket is not { } number)
        {
            return await WhichTicketAsync(turn, ct);
        }

        var words = TicketDigits().Replace(turn.Text, " ");
        var padded = CallerLexicon.Padded(words);
        if (padded.Contains(" cancel ", StringComparison.Ordinal) || padded.Contains(" call off ", StringComparison.Ordinal))
        {
            return await RunAsync(turn, VisitTools.CancelAppointment, Params(number), body =>
                $"The visit for ticket {number} on {body.GetProperty("date_spoken").GetString()} is {(Test(body) ? "cancelled in test mode, so nothing was changed" : "cancelled")}.", ct);
        }

        if (VisitWords.Date(words, visits.Today) is not { } date)
        {
            return await RunAsync(turn, VisitTools.GetAvailableDates, Params(number), body =>
            {
                var dates = body.GetProperty("dates").EnumerateArray().Select(d => d.GetProperty("spoken").GetString()!).Take(DatesSpoken).ToList();
                return dates.Count == 0
                    ? $"There are no free dates for a visit on ticket {number} soon. I can put you through to a person."
                    : $"A technician can come for ticket {number} on {VisitWords.Either(dates)}. Say the day and time you'd like.";
            }, ct);
        }

        var slots = Params(number);
        slots["date"] = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var offered = await tools.RunAsync(VisitTools.GetTimeSlots, slots, turn.Caller, turn.SessionId, ct);
        if (Failed(offered, number) is { } failed)
        {
            return failed;
        }

        using var times = JsonDocument.Parse(offered.Body);
        var free = times.RootElement.GetProperty("times").EnumerateArray().Select(t => TimeOnly.Parse(t.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (VisitWords.Time(words, free) is not { } at)
        {
            return new AgentReply(AgentOutcome.Answered, free.Count == 0
                ? $"There is no free time on {VisitWords.Say(date)}. Try another day."
                : $"On {VisitWords.Say(date)} a technician can come at {VisitWords.Either([.. free.Select(t => VisitWords.Say(t))])}. Which time suits you?", []);
        }

        slots["time"] = at.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return await RunAsync(turn, VisitTools.ConfirmAppointment, slots, body =>
            Test(body)
                ? $"In test mode, so nothing was booked: the visit for ticket {number} would be on {body.GetProperty("date_spoken").GetString()} at {body.GetProperty("time_spoken").GetString()}."
                : $"Booked: a technician will come for ticket {number} on {body.GetProperty("date_spoken").GetString()} at {body.GetProperty("time_spoken").GetString()}.", ct);
    }

    /// <summary>The caller's one ticket with a visit to arrange, when they have exactly one and did not say it.</summary>
    private async Task<TicketNumber?> OnlyVisitAsync(AgentTurn turn, CancellationToken ct)
    {
        var listed = await tools.RunAsync(VisitTools.ListProjects, new Dictionary<string, string>(), turn.Caller, turn.SessionId, ct);
        if (listed.HttpStatus != 200)
        {
            return null;
        }

        using var body = JsonDocument.Parse(listed.Body);
        var numbers = body.RootElement.GetProperty("visits").EnumerateArray().Select(v => v.GetProperty("ticket_number").GetString()).ToList();
        return numbers is [var only] && TicketNumber.TryParse(only, out var number) ? number : null;
    }

    private async Task<AgentReply> WhichTicketAsync(AgentTurn turn, CancellationToken ct) =>
        await RunAsync(turn, VisitTools.ListProjects, new Dictionary<string, string>(), body =>
        {
            var numbers = body.GetProperty("visits").EnumerateArray().Select(v => v.GetProperty("ticket_number").GetString()!).Take(DatesSpoken).ToList();
            return numbers.Count == 0
                ? "None of your open tickets has a technician visit to arrange. I can log a ticket for you first."
                : $"Which ticket is the visit for: {VisitWords.Either(numbers)}?";
        }, ct);

    private async Task<AgentReply> RunAsync(AgentTurn turn, string tool, Dictionary<string, string> parameters, Func<JsonElement, string> speak, CancellationToken ct)
    {
        var result = await tools.RunAsync(tool, parameters, turn.Caller, turn.SessionId, ct);
        var number = TicketNumber.TryParse(parameters.GetValueOrDefault("ticket_number"), out var n) ? n : default;
        if (Failed(result, number) is { } failed)
        {
            return failed;
        }

        using var body = JsonDocument.Parse(result.Body);
        return new AgentReply(AgentOutcome.Answered, speak(body.RootElement), []);
    }

    /// <summary>The tools' failures in plain words: whose ticket, what conflicts, and a person when the scheduler is down.</summary>
    private static AgentReply? Failed(ToolResult result, TicketNumber number)
    {
        if (result.Status == ToolStatus.Reprompt)
        {
            return new AgentReply(AgentOutcome.Answered, "I can only arrange visits once I know who you are.", []);
        }

        using var body = JsonDocument.Parse(result.Body);
        var error = body.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
        return result.HttpStatus switch
        {
            200 => null,
            404 => new AgentReply(AgentOutcome.Answered, $"I couldn't find ticket {number} under your name.", []),
            409 when error?.Contains("expired", StringComparison.Ordinal) == true => new AgentReply(AgentOutcome.Answered, "Those dates have run out. Ask me again for the dates and I'll read the new ones.", []),
            409 => new AgentReply(AgentOutcome.Answered, $"That didn't work: {error}.", []),
            _ => AgentReply.Unavailable("I can't reach the booking system right now. I can put you through to a person."),
        };
    }

    private static bool Test(JsonElement body) => body.TryGetProperty("test_mode", out var t) && t.GetBoolean();

    private static Dictionary<string, string> Params(TicketNumber number) => new(StringComparer.Ordinal) { ["ticket_number"] = number.ToString() };

    private static readonly string[] VisitPhrases =
        [" technician ", " engineer ", " visit ", " appointment ", " come out ", " come over ", " come round ", " come and ", " someone come ", " somebody come "];

    /// <summary>The ticket number said as digits: not a day of the month, nor a time.</summary>
    [GeneratedRegex(@"(?i)\b(?:inc)?\d{4,}\b")]
    private static partial Regex TicketDigits();
}
