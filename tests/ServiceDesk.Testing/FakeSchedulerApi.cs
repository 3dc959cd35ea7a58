using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceDesk.Testing;

/// <summary>One request the fake scheduler received, as it came over the wire.</summary>
public sealed record SchedulerRequest(string Endpoint, string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? ProjectId { get; init; }

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}

/// <summary>
/// The external visit scheduler as a loopback fake, answering with the recorded responses in
/// <c>tests/events/scheduler</c> (the documented shapes). It records every request, refuses a wrong or missing bearer
/// token or <c>client_id</c> (401), and keeps just enough state to hold a client to the API's rules: a request id is
/// issued per dates call to one token for one project, and only the latest one issued to that token for that project
/// is taken by the slots query and the booking; a booking's <c>created_at</c> must be India time in the API's format,
/// and <c>is_chatbot</c> the string <c>"true"</c>; a slot booked once is taken. A test can script the next answers of
/// an endpoint (a status and a body, or no answer at all).
/// </summary>
public sealed class FakeSchedulerApi : IAsyncDisposable
{
    public const string ClientId = "tenant-acme";

    /// <summary>The caller whose projects <c>dashboard.json</c> holds.</summary>
    public const string Customer = "emp-1001";

    private static readonly TimeSpan IndiaOffset = new(5, 30, 0);
    private static readonly TimeSpan CreatedAtTolerance = TimeSpan.FromMinutes(2);
    private readonly LoopbackServer _server;
    private readonly HashSet<string> _tokens;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<SchedulerRequest> _requests = [];
    private readonly List<(string Token, string ProjectId, string RequestId)> _issued = [];
    private readonly Dictionary<string, (string Date, string Time)> _booked = new(StringComparer.Ordinal);
    private readonly HashSet<string> _cancelled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<Scripted>> _scripted = new(StringComparer.Ordinal);
    private readonly List<(string Endpoint, TaskCompletionSource Seen)> _watchers = [];

    public FakeSchedulerApi(TimeProvider time, params string[] tokens)
    {
        _time = time;
        _tokens = new HashSet<string>(tokens, StringComparer.Ordinal);
        _server = new LoopbackServer(ServeAsync);
    }

    /// <summary>The tenant's base URL: under a path, without a trailing slash, as a portal's URL is often configured.</summary>
    public Uri BaseUrl => new(_server.BaseAddress, "portal/api");

    public IReadOnlyList<SchedulerRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every request id issued, in order: to which token, for which project.</summary>
    public IReadOnlyList<(string Token, string ProjectId, string RequestId)> Issued
    {
        get
        {
            lock (_gate)
            {
                return [.. _issued];
            }
        }
    }

    public IReadOnlyList<SchedulerRequest> To(string endpoint) => [.. Requests.Where(r => r.Endpoint == endpoint)];

    /// <summary>The project ids in <c>dashboard.json</c>.</summary>
    public static IReadOnlyList<string> ProjectIds => [.. Dashboard()["data"]!.AsArray().Select(p => p!["project_project_id"]!.ToString())];

    public static string Recorded(string file) => File.ReadAllText(RepoPaths.Event("scheduler", file));

    /// <summary>The next request to <paramref name="endpoint"/> is answered with this status and body instead.</summary>
    public void Answer(string endpoint, HttpStatusCode status, string body) => Enqueue(endpoint, new Scripted(status, body, Hang: false));

    /// <summary>The next request to <paramref name="endpoint"/> gets no answer until the fake stops.</summary>
    public void Hang(string endpoint) => Enqueue(endpoint, new Scripted(default, string.Empty, Hang: true));

    /// <summary>Completes when a request to <paramref name="endpoint"/> has arrived (or already had).</summary>
    public Task Received(string endpoint)
    {
        lock (_gate)
        {
            if (_requests.Any(r => r.Endpoint == endpoint))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _watchers.Add((endpoint, seen));
            return seen.Task;
        }
    }

    private void Enqueue(string endpoint, Scripted scripted)
    {
        lock (_gate)
        {
            if (!_scripted.TryGetValue(endpoint, out var queue))
            {
                _scripted[endpoint] = queue = new Queue<Scripted>();
            }

            queue.Enqueue(scripted);
        }
    }

    private async Task ServeAsync(HttpListenerContext context, CancellationToken stopping)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(stopping);
        var path = context.Request.Url!.AbsolutePath;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in context.Request.QueryString.AllKeys.OfType<string>())
        {
            query[key] = context.Request.QueryString[key] ?? string.Empty;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in context.Request.Headers.AllKeys.OfType<string>())
        {
            headers[key] = context.Request.Headers[key] ?? string.Empty;
        }

        var (endpoint, client, projectId, rest) = Route(context.Request.HttpMethod, segments, query);
        var request = new SchedulerRequest(endpoint, context.Request.HttpMethod, path, query, headers, body) { ProjectId = projectId };
        Scripted? scripted = null;
        List<TaskCompletionSource> seen;
        lock (_gate)
        {
            _requests.Add(request);
            seen = [.. _watchers.Where(w => w.Endpoint == endpoint).Select(w => w.Seen)];
            _watchers.RemoveAll(w => w.Endpoint == endpoint);
            if (_scripted.TryGetValue(endpoint, out var queue) && queue.Count > 0)
            {
                scripted = queue.Dequeue();
            }
        }

        seen.ForEach(s => s.TrySetResult());
        if (scripted is { Hang: true })
        {
            await Task.Delay(Timeout.Infinite, stopping);
            return;
        }

        var (status, answer) = scripted is { } s ? (s.Status, s.Body) : Answer(request, client, rest);
        var bytes = Encoding.UTF8.GetBytes(answer);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes, stopping);
    }

    private static (string Endpoint, string? Client, string? ProjectId, string[] Parts) Route(string method, string[] segments, Dictionary<string, string> query)
    {
        // Under the tenant's base path: portal/api/...
        var s = segments.Length >= 2 && segments[0] == "portal" && segments[1] == "api" ? segments[2..] : [];
        return (method, s) switch
        {
            ("GET", ["dashboard", "get", var client, var customer]) => ("dashboard", client, null, [customer]),
            ("GET", ["scheduler", "client", var client, "business-hours"]) => ("business-hours", client, null, []),
            ("GET", ["scheduler", "client", var client, "project", var project, "date", var date, "selected", var selected, "get-rescheduler-slots"]) =>
                (query.ContainsKey("request_id") ? "slots" : "dates", client, project, [date, selected]),
            ("POST", ["scheduler", "client", var client, "project", var project, "schedule"]) => ("schedule", client, project, []),
            ("GET", ["scheduler", "client", var client, "project", var project, "cancel-reschedule"]) => ("cancel", client, project, []),
            ("POST", ["project-notes", "add", var client, var project]) => ("note", client, project, []),
            _ => ("unknown", null, null, []),
        };
    }

    private (HttpStatusCode, string) Answer(SchedulerRequest request, string? client, string[] rest)
    {
        if (request.Endpoint == "unknown")
        {
            return (HttpStatusCode.NotFound, """{"message":"Route not found"}""");
        }

        var authorization = request.Header("authorization");
        var token = authorization is { } a && a.StartsWith("Bearer ", StringComparison.Ordinal) ? a["Bearer ".Length..] : null;
        if (token is null || !_tokens.Contains(token) || request.Header("client_id") != ClientId || client != ClientId)
        {
            return (HttpStatusCode.Unauthorized, Recorded("unauthorized.json"));
        }

        if (request.ProjectId is { } project && !ProjectIds.Contains(project))
        {
            return (HttpStatusCode.NotFound, Recorded("project-not-found.json"));
        }

        lock (_gate)
        {
            return request.Endpoint switch
            {
                "dashboard" => (HttpStatusCode.OK, rest[0] == Customer ? CurrentDashboard() : """{"data":[]}"""),
                "business-hours" => (HttpStatusCode.OK, Recorded("business-hours.json")),
                "dates" => Dates(token, request.ProjectId!, rest),
                "slots" => Slots(token, request, rest),
                "schedule" => Schedule(token, request),
                "cancel" => Cancel(request.ProjectId!),
                "note" => Note(request),
                _ => (HttpStatusCode.NotFound, """{"message":"Route not found"}"""),
            };
        }
    }

    private (HttpStatusCode, string) Dates(string token, string projectId, string[] rest)
    {
        if (!IsDate(rest[0]) || rest[0] != rest[1])
        {
            return (HttpStatusCode.BadRequest, Recorded("bad-request.json"));
        }

        var requestId = $"rq-{_issued.Count + 1:D4}-{Guid.NewGuid():N}";
        _issued.Add((token, projectId, requestId));
        var dates = JsonNode.Parse(Recorded("dates.json"))!;
        dates["data"]!["request_id"] = requestId;
        return (HttpStatusCode.OK, dates.ToJsonString());
    }

    private (HttpStatusCode, string) Slots(string token, SchedulerRequest request, string[] rest)
    {
        if (!IsLatest(token, request.ProjectId!, request.Query["request_id"]))
        {
            return (HttpStatusCode.BadRequest, Recorded("request-id-expired.json"));
        }

        if (!IsDate(rest[0]) || rest[0] != rest[1])
        {
            return (HttpStatusCode.BadRequest, Recorded("bad-request.json"));
        }

        var slots = JsonNode.Parse(Recorded("slots.json"))!;
        var free = slots["data"]!["slots"]!.AsArray().Select(t => t!.GetValue<string>()).Where(t => !_booked.ContainsValue((rest[0], t))).ToArray();
        slots["data"]!["slots"] = new JsonArray([.. free.Select(t => JsonValue.Create(t))]);
        return (HttpStatusCode.OK, slots.ToJsonString());
    }

    private (HttpStatusCode, string) Schedule(string token, SchedulerRequest request)
    {
        JsonElement json;
        try
        {
            json = request.Json;
        }
        catch (JsonException)
        {
            return (HttpStatusCode.BadRequest, """{"message":"body is not JSON","status":"error"}""");
        }

        if (!Text(json, "created_at", out var createdAt) || !IsIndiaNow(createdAt))
        {
            return (HttpStatusCode.BadRequest, """{"message":"created_at must be MM-DD-YYYY HH:MM:SS in Asia/Kolkata time","status":"error"}""");
        }

        if (!Text(json, "is_chatbot", out var chatbot) || chatbot != "true")
        {
            return (HttpStatusCode.BadRequest, """{"message":"is_chatbot must be the string \"true\"","status":"error"}""");
        }

        if (!Text(json, "date", out var date) || !IsDate(date) || !Text(json, "time", out var time) || !IsTime(time))
        {
            return (HttpStatusCode.BadRequest, Recorded("bad-request.json"));
        }

        if (!Text(json, "request_id", out var requestId) || !IsLatest(token, request.ProjectId!, requestId))
        {
            return (HttpStatusCode.BadRequest, Recorded("request-id-expired.json"));
        }

        if (_booked.Any(b => b.Key != request.ProjectId && b.Value == (date, time)))
        {
            return (HttpStatusCode.Conflict, Recorded("slot-taken.json"));
        }

        _booked[request.ProjectId!] = (date, time);
        _cancelled.Remove(request.ProjectId!);
        _issued.RemoveAll(i => i.RequestId == requestId);
        return (HttpStatusCode.OK, Recorded("schedule-success.json"));
    }

    private (HttpStatusCode, string) Cancel(string projectId)
    {
        _booked.Remove(projectId);
        _cancelled.Add(projectId);
        return (HttpStatusCode.OK, Recorded("cancel.json"));
    }

    private static (HttpStatusCode, string) Note(SchedulerRequest request)
    {
        try
        {
            return Text(request.Json, "note_text", out var text) && text.Length > 0
                ? (HttpStatusCode.OK, Recorded("note.json"))
                : (HttpStatusCode.UnprocessableEntity, """{"message":"note_text is required","status":"error"}""");
        }
        catch (JsonException)
        {
            return (HttpStatusCode.BadRequest, """{"message":"body is not JSON","status":"error"}""");
        }
    }

    /// <summary>The recorded dashboard with the bookings and cancellations made since.</summary>
    private string CurrentDashboard()
    {
        var dashboard = Dashboard();
        foreach (var project in dashboard["data"]!.AsArray().OfType<JsonObject>())
        {
            var id = project["project_project_id"]!.ToString();
            if (_booked.TryGetValue(id, out var booking))
            {
                project["status_info_status"] = "Scheduled";
                project["project_date_scheduled_date"] = booking.Date;
                project["convertedProjectStartScheduledDate"] = $"{booking.Date} {booking.Time}:00";
                project["convertedProjectEndScheduledDate"] = null;
            }
            else if (_cancelled.Contains(id))
            {
                project["status_info_status"] = "Cancelled";
            }
        }

        return dashboard.ToJsonString();
    }

    private static JsonNode Dashboard() => JsonNode.Parse(Recorded("dashboard.json"))!;

    private bool IsLatest(string token, string projectId, string? requestId) =>
        requestId is not null && _issued.LastOrDefault(i => i.Token == token && i.ProjectId == projectId).RequestId == requestId;

    private bool IsIndiaNow(string createdAt)
    {
        if (!DateTime.TryParseExact(createdAt, "MM-dd-yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallClock))
        {
            return false;
        }

        var at = new DateTimeOffset(wallClock, IndiaOffset);
        return (at - _time.GetUtcNow()).Duration() <= CreatedAtTolerance;
    }

    private static bool Text(JsonElement json, string name, out string value)
    {
        value = string.Empty;
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty(name, out var member) || member.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = member.GetString()!;
        return true;
    }

    private static bool IsDate(string text) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsTime(string text) => text.Length == 5 && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed record Scripted(HttpStatusCode Status, string Body, bool Hang);
}
