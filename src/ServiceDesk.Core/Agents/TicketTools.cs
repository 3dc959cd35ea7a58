using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Core.Agents;

public enum ToolStatus
{
    /// <summary>The tool ran; the body says what it found (which may be "not found" or "backend unavailable").</summary>
    Ok,
    /// <summary>
    /// The request was unusable (bad parameters, or no such tool); the body says why, so the model can ask the caller
    /// again or choose another tool. There is deliberately no failure status: Bedrock fails the whole turn on one.
    /// </summary>
    Reprompt,
}

/// <summary>A tool's answer: a JSON body for the model, and the HTTP status an OpenAPI-style action group reports.</summary>
public sealed record ToolResult(ToolStatus Status, string Body, int HttpStatus);

/// <summary>
/// The ticket tools an agent may use on a caller's behalf. The caller is always the session's verified caller: any
/// caller, phone or employee parameter the model sends is ignored, and someone else's ticket is simply not found.
/// </summary>
public sealed class TicketTools(CallerTickets tickets, TimeProvider time)
{
    public const string CreateTicket = "create_ticket";
    public const string GetTicketStatus = "get_ticket_status";
    public const string AddTicketComment = "add_ticket_comment";
    public const string ListRecentTickets = "list_recent_tickets";

    public static readonly IReadOnlyList<string> Names = [CreateTicket, GetTicketStatus, AddTicketComment, ListRecentTickets];

    public async Task<ToolResult> RunAsync(string tool, IReadOnlyDictionary<string, string> parameters, CallerIdentity caller, CancellationToken cancellationToken)
    {
        if (!Names.Contains(tool))
        {
            return new ToolResult(ToolStatus.Reprompt, Json(w => w.WriteString("error", $"there is no tool '{tool}'; use one of {string.Join(", ", Names)}")), 404);
        }

        if (!caller.IsVerified)
        {
            return Reprompt("the caller is not identified yet; ask for their employee id before using ticket tools");
        }

        return tool switch
        {
            CreateTicket => await CreateAsync(parameters, caller, cancellationToken),
            GetTicketStatus => await WithNumberAsync(parameters, async number => Describe(await tickets.GetAsync(caller.CallerId, number, cancellationToken), number)),
            AddTicketComment => await CommentAsync(parameters, caller, cancellationToken),
            _ => await ListAsync(parameters, caller, cancellationToken),
        };
    }

    private async Task<ToolResult> CreateAsync(IReadOnlyDictionary<string, string> parameters, CallerIdentity caller, CancellationToken ct)
    {
        var description = Param(parameters, "description") ?? Param(parameters, "issue_description");
        if (string.IsNullOrWhiteSpace(description))
        {
            return Reprompt("description is required: ask the caller to describe the problem in a sentence");
        }

        TicketImpact? impact = Param(parameters, "impact")?.ToLowerInvariant() switch
        {
            null => null,
            "individual" or "just me" or "me" => TicketImpact.Individual,
            "team" or "my team" => TicketImpact.Team,
            "organization" or "organisation" or "office" or "the whole office" => TicketImpact.Organization,
            _ => (TicketImpact?)(-1),
        };
        if (impact == (TicketImpact)(-1))
        {
            return Reprompt("impact must be individual, team or organization");
        }

        var assessedImpact = impact ?? Triage.ImpactOf(description) ?? TicketImpact.Individual;
        var triage = Triage.Assess(description, assessedImpact);
        // A model or a retried Lambda may ask twice for the same thing in one day: that is one ticket.
        var key = "agent:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller.CallerId}|{description.Trim()}|{time.GetUtcNow():yyyy-MM-dd}")));
        var created = await tickets.CreateAsync(caller.CallerId, new NewTicket(caller.CallerId, description.Trim(), null, triage.Priority, triage.Category, assessedImpact, key), ct);
        return created.IsOk
            ? new ToolResult(ToolStatus.Ok, Json(w => WriteTicket(w, created.Value)), 201)
            : FromFailure(created.Failure);
    }

    private async Task<ToolResult> CommentAsync(IReadOnlyDictionary<string, string> parameters, CallerIdentity caller, CancellationToken ct)
    {
        var text = Param(parameters, "comment") ?? Param(parameters, "text");
        return string.IsNullOrWhiteSpace(text)
            ? Reprompt("comment is required: ask the caller what to add")
            : await WithNumberAsync(parameters, async number => Describe(await tickets.AddCommentAsync(caller.CallerId, number, text.Trim(), ct), number));
    }

    private async Task<ToolResult> ListAsync(IReadOnlyDictionary<string, string> parameters, CallerIdentity caller, CancellationToken ct)
    {
        var limit = int.TryParse(Param(parameters, "limit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, 10) : 3;
        var recent = await tickets.ListRecentAsync(caller.CallerId, limit, ct);
        return recent.IsOk
            ? new ToolResult(ToolStatus.Ok, Json(w =>
            {
                w.WriteStartArray("tickets");
                foreach (var ticket in recent.Value)
                {
                    w.WriteStartObject();
                    WriteTicket(w, ticket);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }), 200)
            : FromFailure(recent.Failure);
    }

    private static async Task<ToolResult> WithNumberAsync(IReadOnlyDictionary<string, string> parameters, Func<TicketNumber, Task<ToolResult>> run) =>
        TicketNumber.TryParse(Param(parameters, "ticket_number") ?? Param(parameters, "ticketNumber") ?? Param(parameters, "id"), out var number)
            ? await run(number)
            : Reprompt("ticket_number is required, like INC0012345; ask the caller to read it out");

    private static ToolResult Describe(Result<Ticket> result, TicketNumber number) => result.IsOk
        ? new ToolResult(ToolStatus.Ok, Json(w => WriteTicket(w, result.Value)), 200)
        : result.Failure.Kind == FailureKind.NotFound
            ? new ToolResult(ToolStatus.Ok, Json(w => { w.WriteBoolean("found", false); w.WriteString("ticket_number", number.ToString()); w.WriteString("note", "no ticket with this number belongs to the caller"); }), 404)
            : FromFailure(result.Failure);

    private static ToolResult FromFailure(Failure failure) => failure.Kind == FailureKind.Invalid
        ? Reprompt(failure.Reason)
        : new ToolResult(ToolStatus.Ok, Json(w => w.WriteString("error", "the ticket system is not answering; offer to put the caller through to a person")), 503);

    private static ToolResult Reprompt(string reason) => ToolJson.Reprompt(reason);

    private static void WriteTicket(Utf8JsonWriter w, Ticket ticket)
    {
        w.WriteBoolean("found", true);
        w.WriteString("ticket_number", ticket.Number.ToString());
        w.WriteString("summary", ticket.Summary);
        w.WriteString("status", ticket.Status.ToString());
        w.WriteString("priority", ticket.Priority.ToString());
        w.WriteString("created_at", ticket.CreatedAt);
        w.WriteNumber("comments", ticket.Comments.Count);
    }

    private static string? Param(IReadOnlyDictionary<string, string> parameters, string name) => ToolJson.Param(parameters, name);

    private static string Json(Action<Utf8JsonWriter> write) => ToolJson.Object(write);
}
