using System.Globalization;
using System.Text.Json;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Visits;

namespace ServiceDesk.Core.Agents;

/// <summary>
/// The technician-visit tools an agent may use on a caller's behalf, over <see cref="VisitDesk"/>. Identity is pinned
/// as in <see cref="TicketTools"/>: the caller is the session's verified caller and the visit session is the agent's
/// session, never a parameter. The scheduler's request id, token, client id and customer id never travel through the
/// model: any such parameter it sends is ignored, and someone else's ticket is simply not found.
/// </summary>
public sealed class VisitTools(VisitDesk desk)
{
    public const string ListProjects = "list_projects";
    public const string GetBusinessHours = "get_business_hours";
    public const string GetAvailableDates = "get_available_dates";
    public const string GetTimeSlots = "get_time_slots";
    public const string ConfirmAppointment = "confirm_appointment";
    public const string CancelAppointment = "cancel_appointment";
    public const string AddNote = "add_note";

    public static readonly IReadOnlyList<string> Names = [ListProjects, GetBusinessHours, GetAvailableDates, GetTimeSlots, ConfirmAppointment, CancelAppointment, AddNote];

    /// <summary>A note longer than this is more than a technician reads at the door.</summary>
    public const int MaxNoteLength = 500;

    /// <summary>Visits listed at most: a caller with more open tickets than this names the one they mean.</summary>
    private const int MaxVisits = 10;

    private static readonly string[] DateFormats = ["yyyy-MM-dd"];
    private static readonly string[] TimeFormats = ["HH:mm", "H:mm", "HH:mm:ss"];

    /// <summary>Today where the technicians work: what "tomorrow" or "Tuesday" is counted from.</summary>
    public DateOnly Today => desk.Today;

    /// <summary>Runs <paramref name="tool"/> for <paramref name="caller"/> in the agent session <paramref name="sessionId"/>.</summary>
    public async Task<ToolResult> RunAsync(string tool, IReadOnlyDictionary<string, string> parameters, CallerIdentity caller, string sessionId, CancellationToken cancellationToken)
    {
        if (!Names.Contains(tool))
        {
            return new ToolResult(ToolStatus.Reprompt, ToolJson.Object(w => w.WriteString("error", $"there is no tool '{tool}'; use one of {string.Join(", ", Names)}")), 404);
        }

        if (!caller.IsVerified)
        {
            return ToolJson.Reprompt("the caller is not identified yet; ask for their employee id before using visit tools");
        }

        if (string.IsNullOrWhiteSpace(sessionId))
        {
            // Bedrock always sends one; without it the booking in progress could not be kept, so nothing is started.
            return NotAvailable();
        }

        return tool switch
        {
            ListProjects => await ListAsync(caller, sessionId, cancellationToken),
            GetBusinessHours => await HoursAsync(sessionId, cancellationToken),
            GetAvailableDates => await WithTicketAsync(parameters, ticket => DatesAsync(caller, sessionId, ticket, cancellationToken)),
            GetTimeSlots => await WithTicketAsync(parameters, ticket => SlotsAsync(parameters, caller, sessionId, ticket, cancellationToken)),
            ConfirmAppointment => await WithTicketAsync(parameters, ticket => BookAsync(parameters, caller, sessionId, ticket, cancellationToken)),
            CancelAppointment => await WithTicketAsync(parameters, ticket => CancelAsync(caller, sessionId, ticket, cancellationToken)),
            _ => await WithTicketAsync(parameters, ticket => NoteAsync(parameters, caller, sessionId, ticket, cancellationToken)),
        };
    }

    /// <summary>What a visit tool answers where no scheduler is configured.</summary>
    public static ToolResult NotAvailable() => new(
        ToolStatus.Ok,
        ToolJson.Object(w => w.WriteString("error", "technician visits cannot be arranged on this line; offer to put the caller through to a person")),
        503);

    private async Task<ToolResult> ListAsync(CallerIdentity caller, string sessionId, CancellationToken ct)
    {
        var visits = await desk.VisitsAsync(sessionId, caller.CallerId, ct);
        if (!visits.IsOk)
        {
            return FromFailure(visits.Failure, null);
        }

        return Ok(w =>
        {
            w.WriteStartArray("visits");
            foreach (var visit in visits.Value.Take(MaxVisits))
            {
                w.WriteStartObject();
                w.WriteString("ticket_number", visit.Ticket.ToString());
                w.WriteString("type", visit.Project.Type);
                w.WriteString("category", visit.Project.Category);
                w.WriteString("status", visit.Project.Status);
                w.WriteBoolean("booked", visit.IsBooked);
                WriteWhen(w, visit.Date, visit.Time);
                w.WriteBoolean("technician_on_the_way", visit.OnTheWay);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (visits.Value.Count == 0)
            {
                w.WriteString("note", "none of the caller's tickets has a visit to arrange");
            }
        });
    }

    private async Task<ToolResult> HoursAsync(string sessionId, CancellationToken ct)
    {
        var hours = await desk.BusinessHoursAsync(sessionId, ct);
        return hours.IsOk
            ? Ok(w =>
            {
                w.WriteStartArray("working_days");
                foreach (var day in hours.Value.Where(d => d.IsWorking).Select(d => d.Day).Distinct().OrderBy(d => ((int)d + 6) % 7))
                {
                    w.WriteStringValue(day.ToString());
                }

                w.WriteEndArray();
            })
            : FromFailure(hours.Failure, null);
    }

    private async Task<ToolResult> DatesAsync(CallerIdentity caller, string sessionId, TicketNumber ticket, CancellationToken ct)
    {
        var dates = await desk.DatesAsync(sessionId, caller.CallerId, ticket, ct);
        return dates.IsOk
            ? Ok(w =>
            {
                w.WriteString("ticket_number", ticket.ToString());
                w.WriteStartArray("dates");
                foreach (var date in dates.Value.Take(VisitDesk.MaxDates))
                {
                    w.WriteStartObject();
                    w.WriteString("date", Iso(date));
                    w.WriteString("spoken", VisitWords.Say(date));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (dates.Value.Count == 0)
                {
                    w.WriteString("note", "no free dates soon; offer to put the caller through to a person");
                }
            })
            : FromFailure(dates.Failure, ticket);
    }

    private async Task<ToolResult> SlotsAsync(IReadOnlyDictionary<string, string> parameters, CallerIdentity caller, string sessionId, TicketNumber ticket, CancellationToken ct)
    {
        if (DateOf(parameters) is not { } date)
        {
            return ToolJson.Reprompt("date is required as YYYY-MM-DD, one of the dates get_available_dates offered");
        }

        var slots = await desk.SlotsAsync(sessionId, caller.CallerId, ticket, date, ct);
        return slots.IsOk
            ? Ok(w =>
            {
                w.WriteString("ticket_number", ticket.ToString());
                w.WriteString("date", Iso(date));
                w.WriteString("date_spoken", VisitWords.Say(date));
                w.WriteStartArray("times");
                foreach (var at in slots.Value)
                {
                    w.WriteStartObject();
                    w.WriteString("time", Clock(at));
                    w.WriteString("spoken", VisitWords.Say(at));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (slots.Value.Count == 0)
                {
                    w.WriteString("note", "no free time that day; offer another of the dates");
                }
            })
            : FromFailure(slots.Failure, ticket);
    }

    private async Task<ToolResult> BookAsync(IReadOnlyDictionary<string, string> parameters, CallerIdentity caller, string sessionId, TicketNumber ticket, CancellationToken ct)
    {
        if (DateOf(parameters) is not { } date)
        {
            return ToolJson.Reprompt("date is required as YYYY-MM-DD, one of the dates get_available_dates offered");
        }

        if (TimeOf(parameters) is not { } at)
        {
            return ToolJson.Reprompt("time is required as HH:MM, one of the times get_time_slots offered");
        }

        var booked = await desk.BookAsync(sessionId, caller.CallerId, ticket, date, at, ct);
        return booked.IsOk
            ? Ok(w =>
            {
                w.WriteBoolean("booked", !booked.Value.TestMode);
                WriteChange(w, booked.Value);
                w.WriteBoolean("moved", booked.Value.Moved);
                if (booked.Value.TestMode)
                {
                    w.WriteString("note", "test mode: nothing was booked");
                }
            })
            : FromFailure(booked.Failure, ticket);
    }

    private async Task<ToolResult> CancelAsync(CallerIdentity caller, string sessionId, TicketNumber ticket, CancellationToken ct)
    {
        var cancelled = await desk.CancelAsync(sessionId, caller.CallerId, ticket, ct);
        return cancelled.IsOk
            ? Ok(w =>
            {
                w.WriteBoolean("cancelled", !cancelled.Value.TestMode);
                WriteChange(w, cancelled.Value);
                if (cancelled.Value.TestMode)
                {
                    w.WriteString("note", "test mode: nothing was cancelled");
                }
            })
            : FromFailure(cancelled.Failure, ticket);
    }

    private async Task<ToolResult> NoteAsync(IReadOnlyDictionary<string, string> parameters, CallerIdentity caller, string sessionId, TicketNumber ticket, CancellationToken ct)
    {
        var text = (ToolJson.Param(parameters, "note") ?? ToolJson.Param(parameters, "note_text") ?? ToolJson.Param(parameters, "text"))?.Trim();
        if (text is null)
        {
            return ToolJson.Reprompt("note is required: ask the caller what the technician should know");
        }

        if (text.Length > MaxNoteLength)
        {
            return ToolJson.Reprompt($"the note is too long; keep it under {MaxNoteLength} characters");
        }

        var added = await desk.AddNoteAsync(sessionId, caller.CallerId, ticket, text, ct);
        return added.IsOk
            ? Ok(w =>
            {
                w.WriteBoolean("added", true);
                w.WriteString("ticket_number", ticket.ToString());
            })
            : FromFailure(added.Failure, ticket);
    }

    private static async Task<ToolResult> WithTicketAsync(IReadOnlyDictionary<string, string> parameters, Func<TicketNumber, Task<ToolResult>> run) =>
        TicketNumber.TryParse(ToolJson.Param(parameters, "ticket_number") ?? ToolJson.Param(parameters, "ticketNumber"), out var ticket)
            ? await run(ticket)
            : ToolJson.Reprompt("ticket_number is required, like INC0012345: the ticket the visit is for (list_projects lists them)");

    /// <summary>
    /// Each failure mapped once, to what the model should do next. The scheduler's own words reach the model only as a
    /// conflict's reason, which the desk and the adapters keep to a short, safe sentence.
    /// </summary>
    private static ToolResult FromFailure(Failure failure, TicketNumber? ticket) => failure.Kind switch
    {
        FailureKind.NotFound => new ToolResult(ToolStatus.Ok, ToolJson.Object(w =>
        {
            w.WriteBoolean("found", false);
            if (ticket is { } number)
            {
                w.WriteString("ticket_number", number.ToString());
            }

            w.WriteString("note", "no ticket with this number belongs to the caller, or it has no visit to arrange");
        }), 404),
        FailureKind.Conflict => new ToolResult(ToolStatus.Ok, ToolJson.Object(w => w.WriteString("error", failure.Reason)), 409),
        FailureKind.Expired => new ToolResult(ToolStatus.Ok, ToolJson.Object(w => w.WriteString("error", "the dates offered have expired; call get_available_dates again and offer the new ones")), 409),
        // Unavailable, Throttled, Refused (our token) and Invalid (our request): nothing the caller can fix by asking again.
        _ => new ToolResult(ToolStatus.Ok, ToolJson.Object(w => w.WriteString("error", "the booking system is not answering; offer to put the caller through to a person")), 503),
    };

    private static ToolResult Ok(Action<Utf8JsonWriter> write) => new(ToolStatus.Ok, ToolJson.Object(write), 200);

    private static void WriteChange(Utf8JsonWriter w, VisitChange change)
    {
        w.WriteString("ticket_number", change.Ticket.ToString());
        WriteWhen(w, change.Date, change.Time);
        w.WriteBoolean("test_mode", change.TestMode);
    }

    private static void WriteWhen(Utf8JsonWriter w, DateOnly? date, TimeOnly? at)
    {
        if (date is { } d)
        {
            w.WriteString("date", Iso(d));
            w.WriteString("date_spoken", VisitWords.Say(d));
        }

        if (at is { } t)
        {
            w.WriteString("time", Clock(t));
            w.WriteString("time_spoken", VisitWords.Say(t));
        }
    }

    private static DateOnly? DateOf(IReadOnlyDictionary<string, string> parameters) =>
        DateOnly.TryParseExact(ToolJson.Param(parameters, "date")?.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static TimeOnly? TimeOf(IReadOnlyDictionary<string, string> parameters) =>
        TimeOnly.TryParseExact(ToolJson.Param(parameters, "time")?.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
