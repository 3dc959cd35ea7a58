using System.Text.Json.Serialization;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Wire.TicketsApi;

/// <summary>The ticket API's snake_case wire shapes (documented in <c>deploy/tickets-api.openapi.yaml</c>).</summary>
public sealed record TicketBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("caller_id")] string CallerId,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("priority")] string Priority,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("impact")] string Impact,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("comments")] IReadOnlyList<CommentBody> Comments,
    [property: JsonPropertyName("idempotency_key")] string? IdempotencyKey = null,
    [property: JsonPropertyName("parent_id")] string? ParentId = null,
    [property: JsonPropertyName("affected_callers")] int AffectedCallers = 1);

public sealed record CommentBody(
    [property: JsonPropertyName("author")] string Author,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt);

public sealed record CreateTicketBody(
    [property: JsonPropertyName("caller_id")] string? CallerId,
    [property: JsonPropertyName("issue_description")] string? IssueDescription,
    [property: JsonPropertyName("summary")] string? Summary,
    [property: JsonPropertyName("priority")] string? Priority,
    [property: JsonPropertyName("category")] string? Category,
    [property: JsonPropertyName("impact")] string? Impact);

public sealed record AddCommentBody(
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("author")] string? Author);

/// <summary>A change of status and/or priority; <c>actor</c> names the staff member making it (else <c>api</c>).</summary>
public sealed record UpdateTicketBody(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("priority")] string? Priority = null,
    [property: JsonPropertyName("actor")] string? Actor = null);

/// <summary>GET /analytics/summary: tickets by status (open = neither resolved nor closed).</summary>
public sealed record SummaryBody(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("open")] long Open,
    [property: JsonPropertyName("closed")] long Closed,
    [property: JsonPropertyName("by_status")] IReadOnlyDictionary<string, long> ByStatus);

public sealed record PriorityBody([property: JsonPropertyName("priorities")] IReadOnlyList<PriorityCountBody> Priorities);

public sealed record PriorityCountBody(
    [property: JsonPropertyName("priority")] string Priority,
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("open")] long Open);

public sealed record TrendsBody(
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("points")] IReadOnlyList<TrendPointBody> Points);

public sealed record TrendPointBody(
    [property: JsonPropertyName("start")] string Start,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("resolved")] long Resolved);

public sealed record PerformanceBody([property: JsonPropertyName("rows")] IReadOnlyList<PerformanceRowBody> Rows);

public sealed record PerformanceRowBody(
    [property: JsonPropertyName("dimension")] string Dimension,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("first_response")] DurationBody FirstResponse,
    [property: JsonPropertyName("resolve")] DurationBody Resolve);

/// <summary>Percentiles are bucket bounds in minutes (5, 15, 30, 60, 120, 240, 480, 1440, 2880, 10080, 43200); null without data or beyond them.</summary>
public sealed record DurationBody(
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("p50_minutes")] int? P50Minutes,
    [property: JsonPropertyName("p90_minutes")] int? P90Minutes);

/// <summary>A ticket's history, oldest first (GET /tickets/{id}/history).</summary>
public sealed record HistoryBody(
    [property: JsonPropertyName("ticket_id")] string TicketId,
    [property: JsonPropertyName("events")] IReadOnlyList<TicketEventBody> Events);

public sealed record TicketEventBody(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("actor_id")] string ActorId,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("from")] string? From = null,
    [property: JsonPropertyName("to")] string? To = null,
    [property: JsonPropertyName("detail")] string? Detail = null);

public sealed record ErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("field")] string? Field = null);

[JsonSerializable(typeof(TicketBody))]
[JsonSerializable(typeof(List<TicketBody>))]
[JsonSerializable(typeof(CreateTicketBody))]
[JsonSerializable(typeof(AddCommentBody))]
[JsonSerializable(typeof(UpdateTicketBody))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(HistoryBody))]
[JsonSerializable(typeof(SummaryBody))]
[JsonSerializable(typeof(PriorityBody))]
[JsonSerializable(typeof(TrendsBody))]
[JsonSerializable(typeof(PerformanceBody))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowDuplicateProperties = false)]
public sealed partial class TicketsApiJsonContext : JsonSerializerContext;

/// <summary>The one mapping between domain enums and their wire names, used by the API and its client.</summary>
public static class TicketWire
{
    private static readonly (TicketStatus Value, string Wire)[] Statuses =
    [
        (TicketStatus.New, "new"), (TicketStatus.InProgress, "in_progress"), (TicketStatus.OnHold, "on_hold"),
        (TicketStatus.Resolved, "resolved"), (TicketStatus.Closed, "closed"),
    ];

    private static readonly (TicketImpact Value, string Wire)[] Impacts =
    [
        (TicketImpact.Individual, "individual"), (TicketImpact.Team, "team"), (TicketImpact.Organization, "organization"),
    ];

    // Names only: Enum.TryParse would also take numbers ("01") and comma lists ("hardware,software").
    private static readonly (TicketPriority Value, string Wire)[] Priorities = [.. Enum.GetValues<TicketPriority>().Select(p => (p, p.ToString()))];

    private static readonly (TicketCategory Value, string Wire)[] Categories = [.. Enum.GetValues<TicketCategory>().Select(c => (c, ToWire(c)))];

    public static string ToWire(TicketStatus value) => Statuses.First(s => s.Value == value).Wire;

    public static string ToWire(TicketImpact value) => Impacts.First(s => s.Value == value).Wire;

    public static string ToWire(TicketCategory value) => value.ToString().ToLowerInvariant();

    /// <summary>The contract's ticket id, <c>^INC[0-9]{7}$</c>, and nothing the voice parser would also forgive.</summary>
    public static bool IsTicketId(string? id) =>
        id is { Length: 10 } && id.StartsWith("INC", StringComparison.Ordinal) && !id.AsSpan(3).ContainsAnyExcept(Core.Voice.CallerLexicon.AsciiDigits);

    public static bool TryParseStatus(string? wire, out TicketStatus value) => TryFind(Statuses, wire, out value);

    public static bool TryParseImpact(string? wire, out TicketImpact value) => TryFind(Impacts, wire, out value);

    public static bool TryParsePriority(string? wire, out TicketPriority value) => TryFind(Priorities, wire, out value);

    public static bool TryParseCategory(string? wire, out TicketCategory value) => TryFind(Categories, wire, out value);

    public static TicketBody ToBody(Ticket ticket) => new(
        ticket.Number.ToString(),
        ticket.CallerId,
        ticket.Summary,
        ticket.Description,
        ToWire(ticket.Status),
        ticket.Priority.ToString(),
        ToWire(ticket.Category),
        ToWire(ticket.Impact),
        ticket.CreatedAt,
        ticket.UpdatedAt,
        [.. ticket.Comments.Select(c => new CommentBody(c.Author, c.Text, c.CreatedAt))],
        ticket.IdempotencyKey,
        ticket.Parent?.ToString(),
        ticket.AffectedCallers);

    /// <summary>An event as the API shows it: kinds and actors in snake_case, a status change in the API's status names.</summary>
    public static TicketEventBody ToBody(TicketEvent e)
    {
        string? Value(string? v) => e.Kind == TicketEventKind.StatusChanged && Enum.TryParse<TicketStatus>(v, out var s) ? ToWire(s) : v;
        return new TicketEventBody(Snake(e.Kind.ToString()), Snake(e.Actor.Kind.ToString()), e.Actor.Id, e.At, Value(e.From), Value(e.To), e.Detail);
    }

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));

    public static Ticket? FromBody(TicketBody body) =>
        TicketNumber.TryParse(body.Id, out var number) && TryParseStatus(body.Status, out var status)
            && TryParsePriority(body.Priority, out var priority) && TryParseCategory(body.Category, out var category)
            && TryParseImpact(body.Impact, out var impact)
            ? new Ticket
            {
                Number = number,
                CallerId = body.CallerId,
                Summary = body.Summary,
                Description = body.Description,
                Status = status,
                Priority = priority,
                Category = category,
                Impact = impact,
                CreatedAt = body.CreatedAt,
                UpdatedAt = body.UpdatedAt,
                Comments = [.. (body.Comments ?? []).Select(c => new TicketComment(c.Author, c.Text, c.CreatedAt))],
                IdempotencyKey = body.IdempotencyKey,
                Parent = TicketNumber.TryParse(body.ParentId, out var parent) ? parent : null,
                AffectedCallers = Math.Max(1, body.AffectedCallers),
            }
            : null;

    private static bool TryFind<T>((T Value, string Wire)[] table, string? wire, out T value)
        where T : struct
    {
        foreach (var (v, w) in table)
        {
            if (string.Equals(w, wire, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }
}
