using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Microsoft.Extensions.Logging;
using ServiceDesk.Wire.ApiGateway;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Observability;
using ServiceDesk.Core;
using ServiceDesk.Core.Analytics;
using ServiceDesk.Core.Calls;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Wire.TicketsApi;

namespace ServiceDesk.Functions.TicketsApi;

/// <summary>
/// The ITSM-style ticket API behind API Gateway (REST, proxy integration). API Gateway enforces the API key; the
/// handler checks it again so a misconfigured stage never serves tickets without one. It also serves the desk's staff the
/// summaries of a caller's calls (<c>GET /calls?caller=</c>), whose phone numbers are stored masked.
/// </summary>
public sealed class TicketsApiFunction(ITicketDesk tickets, string apiKey, FunctionContext context, ICallSummaryStore? calls = null)
    : LambdaFunction<ApiGatewayProxyRequest, ApiGatewayProxyResponse>(context)
{
    public const int DefaultListLimit = 10;

    /// <summary>The largest body the API takes (413 above it); serve-tickets refuses larger ones before reading them.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly byte[] ExpectedKeyPlaceholder = [];
    private readonly byte[] _apiKey = string.IsNullOrEmpty(apiKey) ? ExpectedKeyPlaceholder : Encoding.UTF8.GetBytes(apiKey);

    protected override TimeSpan ResponseMargin => Core.Resilience.Deadlines.FunctionResponseMargin;

    protected override ApiGatewayProxyRequest Read(ReadOnlySpan<byte> payload) =>
        JsonSerializer.Deserialize(payload, ApiGatewayJsonContext.Default.ApiGatewayProxyRequest) ?? throw new JsonException("null event");

    protected override ApiGatewayProxyResponse Unreadable() => Error(HttpStatusCode.BadRequest, "not an API Gateway proxy event");

    protected override byte[] Write(ApiGatewayProxyResponse response) =>
        JsonSerializer.SerializeToUtf8Bytes(response, ApiGatewayJsonContext.Default.ApiGatewayProxyResponse);

    protected override KeyValuePair<string, object?>[] Scope(ApiGatewayProxyRequest request) =>
        [new("method", request.HttpMethod), new("resource", request.Resource)];

    protected override (string? Operation, CallOutcome Outcome) Measure(ApiGatewayProxyRequest request, ApiGatewayProxyResponse response) =>
        ($"{request.HttpMethod} {request.Resource}", response.StatusCode >= 500 ? CallOutcome.Failed : CallOutcome.SelfServed);

    protected override async Task<ApiGatewayProxyResponse> HandleAsync(ApiGatewayProxyRequest request, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            return await RouteAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A real fault: logged with its type, answered without internal detail.
            Logger.LogError("tickets API fault {ExceptionType} on {Method} {Resource}", ex.GetType().Name, request.HttpMethod, request.Resource);
            return Error(HttpStatusCode.InternalServerError, "internal error");
        }
    }

    /// <summary>The API's routes, as the OpenAPI document declares them: a path template, a method, the work.</summary>
    private static readonly ApiRoute[] Routes =
    [
        new("/tickets", "GET", (api, r, _, ct) => api.ListAsync(r, ct)),
        new("/tickets", "POST", (api, r, _, ct) => api.CreateAsync(r, ct)),
        new("/tickets/{id}", "GET", (api, _, id, ct) => api.ReadAsync(id, ct)),
        new("/tickets/{id}", "PATCH", (api, r, id, ct) => api.UpdateAsync(r, id, ct)),
        new("/tickets/{id}/comments", "POST", (api, r, id, ct) => api.CommentAsync(r, id, ct)),
        new("/tickets/{id}/history", "GET", (api, _, id, ct) => api.HistoryAsync(id, ct)),
        new("/analytics/summary", "GET", (api, _, _, ct) => api.SummaryAsync(ct)),
        new("/analytics/priority", "GET", (api, _, _, ct) => api.PriorityAsync(ct)),
        new("/analytics/trends", "GET", (api, r, _, ct) => api.TrendsAsync(r, ct)),
        new("/analytics/performance", "GET", (api, _, _, ct) => api.PerformanceAsync(ct)),
        new("/calls", "GET", (api, r, _, ct) => api.ListCallsAsync(r, ct)),
    ];

    private TicketAnalytics Analytics => new(tickets);

    /// <summary>At most this many calls in one answer.</summary>
    public const int MaxCallsLimit = 50;

    private sealed record ApiRoute(string Template, string Method, Func<TicketsApiFunction, ApiGatewayProxyRequest, TicketNumber, CancellationToken, Task<ApiGatewayProxyResponse>> Handle)
    {
        private readonly string[] _parts = Template.Split('/', StringSplitOptions.RemoveEmptyEntries);

        public bool HasId => _parts.Contains("{id}");

        public bool Fits(string[] segments) =>
            segments.Length == _parts.Length && _parts.Zip(segments).All(p => p.First == "{id}" || p.First == p.Second);
    }

    private async Task<ApiGatewayProxyResponse> RouteAsync(ApiGatewayProxyRequest request, CancellationToken ct)
    {
        if (!HasValidKey(request))
        {
            return Error(HttpStatusCode.Forbidden, "missing or invalid x-api-key");
        }

        var segments = (request.Path ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = request.HttpMethod?.ToUpperInvariant();
        var matching = Routes.Where(r => r.Fits(segments)).ToList();
        if (matching.Count == 0)
        {
            return Error(HttpStatusCode.NotFound, "no such route");
        }

        if (matching.FirstOrDefault(r => r.Method == method) is not { } route)
        {
            return MethodNotAllowed(string.Join(", ", matching.Select(r => r.Method)));
        }

        var number = default(TicketNumber);
        if (route.HasId)
        {
            // The contract's form only: the voice parser's forgiveness ("one", "-1", "INC-0000001") has no place in a URL.
            var id = Uri.UnescapeDataString(segments[1]);
            if (!TicketWire.IsTicketId(id))
            {
                return Error(HttpStatusCode.BadRequest, "id must be INC and seven digits, as in INC0012345", "id");
            }

            if (!TicketNumber.TryParse(id, out number))
            {
                return Error(HttpStatusCode.NotFound, "ticket not found");
            }
        }

        return await route.Handle(this, request, number, ct);
    }

    private async Task<ApiGatewayProxyResponse> ReadAsync(TicketNumber number, CancellationToken ct) =>
        Respond(await tickets.GetAsync(number, ct), HttpStatusCode.OK);

    private async Task<ApiGatewayProxyResponse> CreateAsync(ApiGatewayProxyRequest request, CancellationToken ct)
    {
        if (!TryReadBody(request, TicketsApiJsonContext.Default.CreateTicketBody, out var body, out var error))
        {
            return error;
        }

        if (!TryOptional<TicketPriority>(body.Priority, TicketWire.TryParsePriority, out var priority))
        {
            return Error(HttpStatusCode.BadRequest, "priority must be one of P1, P2, P3, P4", "priority");
        }

        if (!TryOptional<TicketCategory>(body.Category, TicketWire.TryParseCategory, out var category))
        {
            return Error(HttpStatusCode.BadRequest, "category must be one of " + string.Join(", ", Enum.GetValues<TicketCategory>().Select(TicketWire.ToWire)), "category");
        }

        if (!TryOptional<TicketImpact>(body.Impact, TicketWire.TryParseImpact, out var impact))
        {
            return Error(HttpStatusCode.BadRequest, "impact must be one of individual, team, organization", "impact");
        }

        var key = request.Header("Idempotency-Key");
        var ticket = new NewTicket(body.CallerId ?? string.Empty, body.IssueDescription ?? string.Empty, body.Summary, priority, category, impact, key);
        return Respond(await tickets.CreateAsync(ticket, ct), HttpStatusCode.Created);
    }

    private async Task<ApiGatewayProxyResponse> ListAsync(ApiGatewayProxyRequest request, CancellationToken ct)
    {
        var caller = request.Query("caller");
        if (string.IsNullOrWhiteSpace(caller))
        {
            return Error(HttpStatusCode.BadRequest, "caller is required", "caller");
        }

        var open = request.Query("open");
        if (open is not (null or "true" or "false"))
        {
            return Error(HttpStatusCode.BadRequest, "open must be true or false", "open");
        }

        // Open tickets are listed whatever their age, so a caller's longer list of them has its own, higher bound.
        var onlyOpen = open == "true";
        var maxLimit = onlyOpen ? TicketRules.MaxOpenListLimit : TicketRules.MaxListLimit;
        var limit = DefaultListLimit;
        if (request.Query("limit") is { } text && (!int.TryParse(text, out limit) || limit < 1 || limit > maxLimit))
        {
            return Error(HttpStatusCode.BadRequest, $"limit must be a number from 1 to {maxLimit}", "limit");
        }

        var result = onlyOpen ? await tickets.ListOpenByCallerAsync(caller, limit, ct) : await tickets.ListRecentByCallerAsync(caller, limit, ct);
        return result.IsOk
            ? Json(HttpStatusCode.OK, result.Value.Select(TicketWire.ToBody).ToList(), TicketsApiJsonContext.Default.ListTicketBody)
            : FromFailure(result.Failure);
    }

    private async Task<ApiGatewayProxyResponse> ListCallsAsync(ApiGatewayProxyRequest request, CancellationToken ct)
    {
        var caller = request.Query("caller");
        if (string.IsNullOrWhiteSpace(caller))
        {
            return Error(HttpStatusCode.BadRequest, "caller is required", "caller");
        }

        var limit = DefaultListLimit;
        if (request.Query("limit") is { } text && (!int.TryParse(text, out limit) || limit < 1 || limit > MaxCallsLimit))
        {
            return Error(HttpStatusCode.BadRequest, $"limit must be a number from 1 to {MaxCallsLimit}", "limit");
        }

        var result = await (calls ?? NoCallSummaryStore.Instance).ListByCallerAsync(caller, limit, ct);
        return result.IsOk
            ? Json(HttpStatusCode.OK, result.Value.ToList(), CallSummaryJson.Default.ListCallSummary)
            : FromFailure(result.Failure);
    }

    private async Task<ApiGatewayProxyResponse> CommentAsync(ApiGatewayProxyRequest request, TicketNumber number, CancellationToken ct)
    {
        if (!TryReadBody(request, TicketsApiJsonContext.Default.AddCommentBody, out var body, out var error))
        {
            return error;
        }

        var comment = new NewComment(string.IsNullOrWhiteSpace(body.Author) ? "api" : body.Author, body.Text ?? string.Empty);
        return Respond(await tickets.AddCommentAsync(number, comment, ct), HttpStatusCode.Created);
    }

    private async Task<ApiGatewayProxyResponse> UpdateAsync(ApiGatewayProxyRequest request, TicketNumber number, CancellationToken ct)
    {
        if (!TryReadBody(request, TicketsApiJsonContext.Default.UpdateTicketBody, out var body, out var error))
        {
            return error;
        }

        // A priority alone is a change too; a body with neither is missing its status, the usual change.
        if ((body.Status is null && body.Priority is null) || !TryOptional<TicketStatus>(body.Status, TicketWire.TryParseStatus, out var status))
        {
            return Error(HttpStatusCode.BadRequest, "status must be one of new, in_progress, on_hold, resolved, closed", "status");
        }

        if (!TryOptional<TicketPriority>(body.Priority, TicketWire.TryParsePriority, out var priority))
        {
            return Error(HttpStatusCode.BadRequest, "priority must be one of P1, P2, P3, P4", "priority");
        }

        var actor = TicketActor.Agent(string.IsNullOrWhiteSpace(body.Actor) ? TicketDesk.ApiClient.Id : body.Actor);
        if (actor.Id.Length > TicketRules.MaxCallerIdLength)
        {
            return Error(HttpStatusCode.BadRequest, $"actor must be at most {TicketRules.MaxCallerIdLength} characters", "actor");
        }

        return Respond(await tickets.ChangeAsync(number, new TicketChange(status, priority), actor, ct), HttpStatusCode.OK);
    }

    private async Task<ApiGatewayProxyResponse> SummaryAsync(CancellationToken ct)
    {
        var summary = await Analytics.SummaryAsync(ct);
        return summary.IsOk
            ? Json(HttpStatusCode.OK, new SummaryBody(summary.Value.Total, summary.Value.Open, summary.Value.Closed, summary.Value.ByStatus.ToDictionary(s => TicketWire.ToWire(s.Key), s => s.Value)), TicketsApiJsonContext.Default.SummaryBody)
            : FromFailure(summary.Failure);
    }

    private async Task<ApiGatewayProxyResponse> PriorityAsync(CancellationToken ct)
    {
        var priorities = await Analytics.PriorityAsync(ct);
        return priorities.IsOk
            ? Json(HttpStatusCode.OK, new PriorityBody([.. priorities.Value.Select(p => new PriorityCountBody(p.Priority.ToString(), p.Total, p.Open))]), TicketsApiJsonContext.Default.PriorityBody)
            : FromFailure(priorities.Failure);
    }

    private async Task<ApiGatewayProxyResponse> TrendsAsync(ApiGatewayProxyRequest request, CancellationToken ct)
    {
        static bool TryDay(string? text, out DateOnly day) =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day);

        if (!TryDay(request.Query("from"), out var from))
        {
            return Error(HttpStatusCode.BadRequest, "from is required, a date as 2026-12-01", "from");
        }

        if (!TryDay(request.Query("to"), out var to))
        {
            return Error(HttpStatusCode.BadRequest, "to is required, a date as 2026-12-31", "to");
        }

        var bucket = request.Query("bucket") ?? "day";
        if (bucket is not ("day" or "week"))
        {
            return Error(HttpStatusCode.BadRequest, "bucket must be day or week", "bucket");
        }

        var trends = await Analytics.TrendsAsync(from, to, bucket == "day" ? TrendBucket.Day : TrendBucket.Week, ct);
        return trends.IsOk
            ? Json(HttpStatusCode.OK, new TrendsBody(bucket, [.. trends.Value.Select(p => new TrendPointBody(p.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), p.Created, p.Resolved))]), TicketsApiJsonContext.Default.TrendsBody)
            : FromFailure(trends.Failure);
    }

    private async Task<ApiGatewayProxyResponse> PerformanceAsync(CancellationToken ct)
    {
        static DurationBody Body(DurationStats s) => new(s.Count, s.P50Minutes, s.P90Minutes);
        var rows = await Analytics.PerformanceAsync(ct);
        return rows.IsOk
            ? Json(HttpStatusCode.OK, new PerformanceBody([.. rows.Value.Select(r => new PerformanceRowBody(r.Dimension, r.Dimension == "category" ? r.Value.ToLowerInvariant() : r.Value, Body(r.FirstResponse), Body(r.Resolve)))]), TicketsApiJsonContext.Default.PerformanceBody)
            : FromFailure(rows.Failure);
    }

    private async Task<ApiGatewayProxyResponse> HistoryAsync(TicketNumber number, CancellationToken ct)
    {
        var history = await tickets.HistoryAsync(number, ct);
        return history.IsOk
            ? Json(HttpStatusCode.OK, new HistoryBody(number.ToString(), [.. history.Value.Select(TicketWire.ToBody)]), TicketsApiJsonContext.Default.HistoryBody)
            : FromFailure(history.Failure);
    }

    private delegate bool WireParser<T>(string? wire, out T value);

    private static bool TryOptional<T>(string? wire, WireParser<T> parse, out T? value)
        where T : struct
    {
        value = null;
        if (wire is null)
        {
            return true;
        }

        if (!parse(wire, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    private bool HasValidKey(ApiGatewayProxyRequest request)
    {
        var presented = request.Header("x-api-key");
        return _apiKey.Length > 0 && presented is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _apiKey);
    }

    /// <summary>
    /// The body as strict UTF-8 JSON: bytes that are not UTF-8 (or text that holds U+FFFD, the mark a lenient decoder leaves
    /// where such bytes were), a lone surrogate, or a key given twice are refused rather than stored mangled or resolved
    /// by guessing which key counts.
    /// </summary>
    private static bool TryReadBody<T>(ApiGatewayProxyRequest request, JsonTypeInfo<T> type, out T body, out ApiGatewayProxyResponse error)
        where T : class
    {
        body = null!;
        error = null!;
        if (string.IsNullOrWhiteSpace(request.Body))
        {
            error = Error(HttpStatusCode.BadRequest, "a JSON body is required", "body");
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = request.IsBase64Encoded ? Convert.FromBase64String(request.Body) : StrictUtf8.GetBytes(request.Body);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            error = Error(HttpStatusCode.BadRequest, "the body is not UTF-8 text", "body");
            return false;
        }

        if (bytes.Length > MaxBodyBytes)
        {
            error = Error(HttpStatusCode.RequestEntityTooLarge, $"the body must be at most {MaxBodyBytes} bytes", "body");
            return false;
        }

        if (!Utf8.IsValid(bytes) || bytes.AsSpan().IndexOf("\uFFFD"u8) >= 0)
        {
            error = Error(HttpStatusCode.BadRequest, "the body is not UTF-8 text", "body");
            return false;
        }

        try
        {
            body = JsonSerializer.Deserialize(bytes, type)!;
        }
        catch (JsonException)
        {
            body = null!;
        }

        if (body is null)
        {
            error = Error(HttpStatusCode.BadRequest, "the body is not valid JSON for this request (or gives a key twice)", "body");
            return false;
        }

        return true;
    }

    private static ApiGatewayProxyResponse Respond(Result<Ticket> result, HttpStatusCode success) =>
        result.IsOk ? Json(success, TicketWire.ToBody(result.Value), TicketsApiJsonContext.Default.TicketBody) : FromFailure(result.Failure);

    /// <summary>The one place domain failures become HTTP statuses.</summary>
    private static ApiGatewayProxyResponse FromFailure(Failure failure) => failure.Kind switch
    {
        FailureKind.NotFound => Error(HttpStatusCode.NotFound, "ticket not found"),
        FailureKind.Conflict => Error(HttpStatusCode.Conflict, failure.Reason),
        FailureKind.Invalid => Error(HttpStatusCode.BadRequest, failure.Reason, failure.Field),
        _ => WithRetryAfter(Error(HttpStatusCode.ServiceUnavailable, failure.Reason)),
    };

    private static ApiGatewayProxyResponse WithRetryAfter(ApiGatewayProxyResponse response)
    {
        response.Headers!["Retry-After"] = "1";
        return response;
    }

    private static ApiGatewayProxyResponse MethodNotAllowed(string allow)
    {
        var response = Error(HttpStatusCode.MethodNotAllowed, "method not allowed");
        response.Headers!["Allow"] = allow;
        return response;
    }

    private static ApiGatewayProxyResponse Error(HttpStatusCode status, string message, string? field = null) =>
        Json(status, new ErrorBody(message, field), TicketsApiJsonContext.Default.ErrorBody);

    private static ApiGatewayProxyResponse Json<T>(HttpStatusCode status, T body, JsonTypeInfo<T> type) => new()
    {
        StatusCode = (int)status,
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" },
        Body = JsonSerializer.Serialize(body, type),
    };
}
