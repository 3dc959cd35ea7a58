using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ServiceDesk.Core;
using ServiceDesk.Core.Visits;
using ServiceDesk.Emulation.Http;
using ServiceDesk.Wire.ApiGateway;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Scheduling;

namespace ServiceDesk.Emulation.Scheduling;

/// <summary>
/// The external visit scheduler's HTTP API (issue 14), served over a scheduler (the in-process
/// <c>LocalScheduler</c>) on the same loopback front as the ticket API: <c>servicedesk serve-scheduler</c>, and the
/// contract tests' second fixture. It is as strict as the real API is documented to be: a bearer token and the
/// tenant's <c>client_id</c> on every request (401 otherwise), <c>is_chatbot</c> the string <c>"true"</c> and
/// <c>created_at</c> India time now, <c>MM-DD-YYYY HH:MM:SS</c> (400 otherwise), and an expired or unknown request id a
/// 400 that says so.
/// </summary>
public static class SchedulerApiServer
{
    /// <summary>Starts on <paramref name="port"/> (0 picks a free one); throws <see cref="System.Net.Sockets.SocketException"/> when it is taken.</summary>
    public static ApiGatewayHttpServer Start(IScheduler scheduler, string clientId, string token, int port = 0, TimeProvider? time = null) =>
        ApiGatewayHttpServer.Start(new SchedulerApiFunction(scheduler, clientId, token, time ?? TimeProvider.System), port, time, maxBodyBytes: SchedulerApiFunction.MaxBodyBytes);
}

/// <summary>The API's routes over <see cref="IScheduler"/>, as a function behind <see cref="ApiGatewayHttpServer"/>.</summary>
internal sealed class SchedulerApiFunction(IScheduler scheduler, string clientId, string token, TimeProvider time) : ILambdaFunction
{
    /// <summary>A booking or a note is a few hundred bytes; anything near this is not one.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>How far <c>created_at</c> may be from this server's clock: clocks drift, time zones do not.</summary>
    private static readonly TimeSpan CreatedAtTolerance = TimeSpan.FromMinutes(15);

    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    public async Task<byte[]> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize(payload.Span, ApiGatewayJsonContext.Default.ApiGatewayProxyRequest)!;
        var response = await HandleAsync(request, cancellationToken);
        return JsonSerializer.SerializeToUtf8Bytes(response, ApiGatewayJsonContext.Default.ApiGatewayProxyResponse);
    }

    private async Task<ApiGatewayProxyResponse> HandleAsync(ApiGatewayProxyRequest request, CancellationToken ct)
    {
        var segments = (request.Path ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var requestId = request.Query("request_id");
        var route = (request.HttpMethod?.ToUpperInvariant(), segments) switch
        {
            ("GET", ["dashboard", "get", var client, var customer]) => new Route(client, Dashboard: customer),
            ("GET", ["scheduler", "client", var client, "business-hours"]) => new Route(client, BusinessHours: true),
            ("GET", ["scheduler", "client", var client, "project", var project, "date", var date, "selected", var selected, "get-rescheduler-slots"]) =>
                new Route(client, Project: project, Date: date, Selected: selected, Slots: requestId is not null),
            ("POST", ["scheduler", "client", var client, "project", var project, "schedule"]) => new Route(client, Project: project, Schedule: true),
            ("GET", ["scheduler", "client", var client, "project", var project, "cancel-reschedule"]) => new Route(client, Project: project, Cancel: true),
            ("POST", ["project-notes", "add", var client, var project]) => new Route(client, Project: project, Note: true),
            _ => null,
        };

        if (route is null)
        {
            return Message(HttpStatusCode.NotFound, "Route not found");
        }

        if (!Authorized(request, route.Client))
        {
            return Message(HttpStatusCode.Unauthorized, "Unauthorized");
        }

        var call = new SchedulerCall(token);
        if (route.Dashboard is { } customerId)
        {
            var projects = await scheduler.ListProjectsAsync(call, customerId, ct);
            return projects.IsOk
                ? Json(new DashboardBody { Data = [.. projects.Value.Select(ToBody)] }, SchedulerApiJsonContext.Default.DashboardBody)
                : Refusal(projects.Failure);
        }

        if (route.BusinessHours)
        {
            var hours = await scheduler.GetBusinessHoursAsync(call, ct);
            return hours.IsOk
                ? Json(new BusinessHoursBody { Data = new BusinessHoursData { WorkHours = [.. hours.Value.Select(d => new WorkHourBody { Day = d.Day.ToString(), IsWorking = d.IsWorking })] } }, SchedulerApiJsonContext.Default.BusinessHoursBody)
                : Refusal(hours.Failure);
        }

        var projectId = route.Project!;
        if (route.Date is not null)
        {
            if (!IsDate(route.Date, out var date) || route.Selected != route.Date)
            {
                return Message(HttpStatusCode.BadRequest, "date and selected must be the same YYYY-MM-DD");
            }

            if (!route.Slots)
            {
                var dates = await scheduler.GetAvailableDatesAsync(call, projectId, date, ct);
                return dates.IsOk
                    ? Json(new ReschedulerSlotsBody { Data = new ReschedulerSlotsData { Dates = [.. dates.Value.Dates.Select(SchedulerWire.Date)], RequestId = dates.Value.RequestId } }, SchedulerApiJsonContext.Default.ReschedulerSlotsBody)
                    : Refusal(dates.Failure);
            }

            var slots = await scheduler.GetTimeSlotsAsync(call, projectId, date, requestId!, ct);
            return slots.IsOk
                ? Json(new ReschedulerSlotsBody { Data = new ReschedulerSlotsData { Slots = [.. slots.Value.Select(SchedulerWire.Time)] } }, SchedulerApiJsonContext.Default.ReschedulerSlotsBody)
                : Refusal(slots.Failure);
        }

        if (route.Schedule)
        {
            return await ScheduleAsync(call, projectId, request, ct);
        }

        if (route.Cancel)
        {
            var cancelled = await scheduler.CancelAsync(call, projectId, ct);
            return cancelled.IsOk ? Json(new SchedulerMessageBody { Message = cancelled.Value }, SchedulerApiJsonContext.Default.SchedulerMessageBody) : Refusal(cancelled.Failure);
        }

        var note = Read(request, SchedulerApiJsonContext.Default.NoteBody);
        if (note?.NoteText is not { } text || string.IsNullOrWhiteSpace(text))
        {
            return Message(HttpStatusCode.UnprocessableEntity, "note_text is required");
        }

        var added = await scheduler.AddNoteAsync(call, projectId, text, ct);
        return added.IsOk
            ? Json(new SchedulerMessageBody { Message = "Note added successfully", NoteId = added.Value }, SchedulerApiJsonContext.Default.SchedulerMessageBody)
            : Refusal(added.Failure);
    }

    private async Task<ApiGatewayProxyResponse> ScheduleAsync(SchedulerCall call, string projectId, ApiGatewayProxyRequest request, CancellationToken ct)
    {
        // Read strictly: is_chatbot as a JSON boolean is a malformed booking here, as it is to the real API.
        var body = Read(request, SchedulerApiJsonContext.Default.ScheduleBody);
        if (body is null)
        {
            return Message(HttpStatusCode.BadRequest, "the body must be a JSON object with created_at, date, time, request_id and is_chatbot as strings");
        }

        if (body.IsChatbot != SchedulerWire.IsChatbot)
        {
            return Message(HttpStatusCode.BadRequest, "is_chatbot must be the string \"true\"");
        }

        if (!SchedulerWire.TryParseCreatedAt(body.CreatedAt, out var wallClock)
            || (new DateTimeOffset(wallClock, SchedulerWire.India.GetUtcOffset(wallClock)) - time.GetUtcNow()).Duration() > CreatedAtTolerance)
        {
            return Message(HttpStatusCode.BadRequest, "created_at must be now in Asia/Kolkata time, MM-DD-YYYY HH:MM:SS");
        }

        if (!IsDate(body.Date, out var date) || body.Time is not { Length: 5 } || !TimeOnly.TryParseExact(body.Time, SchedulerWire.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return Message(HttpStatusCode.BadRequest, "date must be YYYY-MM-DD and time HH:MM");
        }

        if (string.IsNullOrEmpty(body.RequestId))
        {
            return Message(HttpStatusCode.BadRequest, "request_id is required");
        }

        var createdAt = new DateTimeOffset(wallClock, SchedulerWire.India.GetUtcOffset(wallClock));
        var booked = await scheduler.ScheduleAsync(call, projectId, date, at, body.RequestId, createdAt, ct);
        return booked.IsOk
            ? Json(new SchedulerMessageBody { Message = booked.Value, Status = "success" }, SchedulerApiJsonContext.Default.SchedulerMessageBody)
            : Refusal(booked.Failure);
    }

    /// <summary>The bearer token (compared in constant time) and the tenant, in the header and in the path.</summary>
    private bool Authorized(ApiGatewayProxyRequest request, string pathClient)
    {
        var authorization = request.Header("authorization");
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(authorization["Bearer ".Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _token)
            && request.Header("client_id") == clientId
            && pathClient == clientId;
    }

    /// <summary>The one place the scheduler's failures become the API's statuses.</summary>
    private static ApiGatewayProxyResponse Refusal(Failure failure) => failure.Kind switch
    {
        FailureKind.NotFound => Message(HttpStatusCode.NotFound, "Project not found"),
        FailureKind.Conflict => Message(HttpStatusCode.Conflict, failure.Reason),
        // As the real API answers it: a 400 whose message names the request id.
        FailureKind.Expired => Message(HttpStatusCode.BadRequest, "request_id is expired or invalid"),
        FailureKind.Invalid => Message(HttpStatusCode.BadRequest, failure.Field == "request_id" ? "request_id is invalid for this project" : failure.Reason),
        FailureKind.Refused => Message(HttpStatusCode.Unauthorized, "Unauthorized"),
        FailureKind.Throttled => Message(HttpStatusCode.TooManyRequests, "Too many requests"),
        _ => Message(HttpStatusCode.ServiceUnavailable, "Service unavailable"),
    };

    private static ProjectBody ToBody(VisitProject project) => new()
    {
        ProjectId = project.ProjectId,
        ProjectNumber = project.ProjectNumber,
        Type = project.Type,
        Category = project.Category,
        Status = project.Status,
        Address = project.Address,
        ScheduledDate = project.ScheduledDate is { } d ? SchedulerWire.Date(d) : null,
        Start = project.Start?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        End = project.End?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
    };

    private static T? Read<T>(ApiGatewayProxyRequest request, JsonTypeInfo<T> type)
        where T : class
    {
        if (request.Body is null || request.IsBase64Encoded)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(request.Body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, SchedulerWire.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static ApiGatewayProxyResponse Message(HttpStatusCode status, string message) =>
        Json(new SchedulerMessageBody { Message = message, Status = "error" }, SchedulerApiJsonContext.Default.SchedulerMessageBody, status);

    private static ApiGatewayProxyResponse Json<T>(T body, JsonTypeInfo<T> type, HttpStatusCode status = HttpStatusCode.OK) => new()
    {
        StatusCode = (int)status,
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" },
        Body = JsonSerializer.Serialize(body, type),
    };

    private sealed record Route(
        string Client,
        string? Dashboard = null,
        bool BusinessHours = false,
        string? Project = null,
        string? Date = null,
        string? Selected = null,
        bool Slots = false,
        bool Schedule = false,
        bool Cancel = false,
        bool Note = false);
}
