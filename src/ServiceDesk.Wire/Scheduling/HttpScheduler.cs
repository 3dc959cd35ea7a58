using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using ServiceDesk.Core;
using ServiceDesk.Core.Resilience;
using ServiceDesk.Core.Visits;
using ServiceDesk.Wire;
using ServiceDesk.Wire.Scheduling;

namespace ServiceDesk.Wire.Scheduling;

/// <summary>
/// <see cref="IScheduler"/> over the external visit scheduler's HTTP API, for one tenant. Each call has
/// <see cref="Deadlines.SchedulerCall"/> in all (a caller is waiting on the line); a read is tried once more after a 5xx,
/// a timeout or a lost connection if the budget still allows, while the booking and the note are posted once only: after
/// a timeout they may have been taken, and the desk checks the dashboard instead of posting again. The session's bearer
/// token goes into the request's header and nowhere else.
/// </summary>
public sealed class HttpScheduler(HttpClient http, SchedulerTenant tenant, TimeProvider time, ILogger logger, Func<double>? jitter = null) : IScheduler
{
    /// <summary>Two attempts in all for a read, the second after about a tenth of a second.</summary>
    private static readonly RetryPolicy ReadRetry = new() { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(100) };

    private static readonly Failure Unavailable = new(FailureKind.Unavailable, "the visit scheduler is unavailable");

    private readonly DeadlineRetry _retry = new(ReadRetry, time, jitter);

    // A base without its trailing slash would lose its last segment when the endpoints are resolved against it.
    private readonly Uri _base = tenant.BaseUrl.AbsoluteUri.EndsWith('/') ? tenant.BaseUrl : new Uri(tenant.BaseUrl.AbsoluteUri + "/");

    private string Client => Uri.EscapeDataString(tenant.ClientId);

    public async Task<Result<IReadOnlyList<VisitProject>>> ListProjectsAsync(SchedulerCall call, string customerId, CancellationToken cancellationToken)
    {
        var body = await GetAsync(call, "dashboard", $"dashboard/get/{Client}/{Uri.EscapeDataString(customerId)}", SchedulerApiJsonContext.Default.DashboardBody, cancellationToken);
        return body.IsOk ? Result<IReadOnlyList<VisitProject>>.Ok([.. (body.Value.Data ?? []).Select(ToProject).OfType<VisitProject>()]) : body.Failure;
    }

    public async Task<Result<IReadOnlyList<WorkDay>>> GetBusinessHoursAsync(SchedulerCall call, CancellationToken cancellationToken)
    {
        var body = await GetAsync(call, "business-hours", $"scheduler/client/{Client}/business-hours", SchedulerApiJsonContext.Default.BusinessHoursBody, cancellationToken);
        if (!body.IsOk)
        {
            return body.Failure;
        }

        // Without the week there is nothing to offer: an answer that lacks it is as good as none.
        if (body.Value.Data?.WorkHours is not { } hours)
        {
            return Unavailable;
        }

        return hours
            .Where(h => h.IsWorking is not null)
            .Select(h => SchedulerWire.TryParseDay(h.Day, out var day) ? new WorkDay(day, h.IsWorking!.Value) : null)
            .OfType<WorkDay>()
            .ToList();
    }

    public async Task<Result<AvailableDates>> GetAvailableDatesAsync(SchedulerCall call, string projectId, DateOnly today, CancellationToken cancellationToken)
    {
        var day = SchedulerWire.Date(today);
        var body = await GetAsync(call, "dates", $"{Project(projectId)}/date/{day}/selected/{day}/get-rescheduler-slots", SchedulerApiJsonContext.Default.ReschedulerSlotsBody, cancellationToken);
        if (!body.IsOk)
        {
            return body.Failure;
        }

        if (body.Value.Data?.RequestId is not { Length: > 0 } requestId)
        {
            // Dates without a request id cannot be booked.
            return Unavailable;
        }

        return new AvailableDates(Parsed<DateOnly>(body.Value.Data.Dates, SchedulerWire.TryParseDate), requestId);
    }

    public async Task<Result<IReadOnlyList<TimeOnly>>> GetTimeSlotsAsync(SchedulerCall call, string projectId, DateOnly date, string requestId, CancellationToken cancellationToken)
    {
        var day = SchedulerWire.Date(date);
        var body = await GetAsync(call, "slots", $"{Project(projectId)}/date/{day}/selected/{day}/get-rescheduler-slots?request_id={Uri.EscapeDataString(requestId)}", SchedulerApiJsonContext.Default.ReschedulerSlotsBody, cancellationToken);
        return body.IsOk ? Result<IReadOnlyList<TimeOnly>>.Ok(Parsed<TimeOnly>(body.Value.Data?.Slots, SchedulerWire.TryParseTime)) : body.Failure;
    }

    public async Task<Result<string>> ScheduleAsync(SchedulerCall call, string projectId, DateOnly date, TimeOnly time, string requestId, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var request = new ScheduleBody(SchedulerWire.CreatedAt(createdAt), SchedulerWire.Date(date), SchedulerWire.Time(time), requestId, SchedulerWire.IsChatbot);
        var json = JsonSerializer.Serialize(request, SchedulerApiJsonContext.Default.ScheduleBody);
        var body = await SendAsync(call, "schedule", HttpMethod.Post, $"{Project(projectId)}/schedule", json, SchedulerApiJsonContext.Default.SchedulerMessageBody, repeatable: false, cancellationToken);
        return Done(body, b => b.Message ?? string.Empty);
    }

    public async Task<Result<string>> CancelAsync(SchedulerCall call, string projectId, CancellationToken cancellationToken)
    {
        // A GET that changes state: sending it twice cancels nothing more, so it may be retried like any read.
        var body = await GetAsync(call, "cancel", $"{Project(projectId)}/cancel-reschedule", SchedulerApiJsonContext.Default.SchedulerMessageBody, cancellationToken);
        return Done(body, b => b.Message ?? string.Empty);
    }

    public async Task<Result<string>> AddNoteAsync(SchedulerCall call, string projectId, string text, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(new NoteBody(text), SchedulerApiJsonContext.Default.NoteBody);
        var body = await SendAsync(call, "note", HttpMethod.Post, $"project-notes/add/{Client}/{Uri.EscapeDataString(projectId)}", json, SchedulerApiJsonContext.Default.SchedulerMessageBody, repeatable: false, cancellationToken);
        return Done(body, b => b.NoteId ?? string.Empty);
    }

    private string Project(string projectId) => $"scheduler/client/{Client}/project/{Uri.EscapeDataString(projectId)}";

    private Task<Result<T>> GetAsync<T>(SchedulerCall call, string endpoint, string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class =>
        SendAsync(call, endpoint, HttpMethod.Get, path, null, type, repeatable: true, cancellationToken);

    /// <param name="endpoint">The endpoint's name for the log: never the URL (it holds the customer id) nor a header.</param>
    /// <param name="repeatable">Whether a second attempt is harmless; a post is sent once, whatever happens to it.</param>
    private async Task<Result<T>> SendAsync<T>(SchedulerCall call, string endpoint, HttpMethod method, string path, string? json, JsonTypeInfo<T> type, bool repeatable, CancellationToken cancellationToken)
        where T : class
    {
        var result = await _retry.RunAsync<Result<T>>(time.GetUtcNow() + Deadlines.SchedulerCall, async attempt =>
        {
            using var request = new HttpRequestMessage(method, new Uri(_base, path));
            // Unvalidated: a parser's complaint about a header would quote the token in its message.
            request.Headers.TryAddWithoutValidation("authorization", "Bearer " + call.Token);
            request.Headers.TryAddWithoutValidation("client_id", tenant.ClientId);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            try
            {
                using var response = await http.SendAsync(request, attempt);
                var bytes = await response.Content.ReadAsByteArrayAsync(attempt);
                if (response.IsSuccessStatusCode)
                {
                    return Attempt<Result<T>>.Final(Read(bytes, type) is { } value ? Result<T>.Ok(value) : Unavailable);
                }

                var (failure, transient) = Map(response.StatusCode, Read(bytes, SchedulerApiJsonContext.Default.SchedulerMessageBody));
                logger.LogWarning("scheduler {Endpoint} answered {Status}: {Kind}", endpoint, (int)response.StatusCode, failure.Kind);
                return new Attempt<Result<T>>(failure, transient && repeatable);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // No answer in time, or no connection: the type only, as an exception's text may quote the request.
                logger.LogWarning("scheduler {Endpoint} did not answer: {Error}", endpoint, ex is HttpRequestException h ? h.HttpRequestError.ToString() : "timeout");
                return new Attempt<Result<T>>(Unavailable, repeatable);
            }
        }, () => Unavailable, cancellationToken);
        return result;
    }

    /// <summary>The one place the scheduler's refusals become domain failures; true when a read may be tried again.</summary>
    internal static (Failure Failure, bool Transient) Map(HttpStatusCode status, SchedulerMessageBody? body) => (int)status switch
    {
        401 or 403 => (new Failure(FailureKind.Refused, "the visit scheduler refused our credentials"), false),
        404 => (Failure.NotFound("the visit scheduler has no such project"), false),
        409 => (Failure.Conflict("that time is no longer free, or the visit can no longer be changed"), false),
        410 => (Expired, false),
        400 => (Rejected(body), false),
        422 => (Failure.Invalid("request", "the visit scheduler could not take our request"), false),
        429 or >= 500 => (Unavailable, true),
        _ => (Unavailable, false),
    };

    private static readonly Failure Expired = new(FailureKind.Expired, "the booking's request id is no longer valid");

    /// <summary>A 400, or a 2xx whose status is not success: an expired request id if the message says so, else a bad request.</summary>
    private static Failure Rejected(SchedulerMessageBody? body) =>
        SaysRequestIdIsStale(body?.Message) || SaysRequestIdIsStale(body?.Error) ? Expired : Failure.Invalid("request", "the visit scheduler could not take our request");

    internal static bool SaysRequestIdIsStale(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return false;
        }

        var text = message.ToLowerInvariant().Replace('_', ' ').Replace('-', ' ');
        return (text.Contains("request id", StringComparison.Ordinal) || text.Contains("requestid", StringComparison.Ordinal))
            && (text.Contains("expire", StringComparison.Ordinal) || text.Contains("invalid", StringComparison.Ordinal) || text.Contains("not valid", StringComparison.Ordinal));
    }

    /// <summary>A change the API answered 2xx: done when its status says success or says nothing, refused otherwise.</summary>
    private static Result<string> Done(Result<SchedulerMessageBody> body, Func<SchedulerMessageBody, string> value) =>
        !body.IsOk ? body.Failure
        : body.Value.Status is null || string.Equals(body.Value.Status.Trim(), "success", StringComparison.OrdinalIgnoreCase) ? value(body.Value)
        : Rejected(body.Value);

    private static T? Read<T>(byte[] bytes, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return TolerantJson.Read(bytes, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private delegate bool Parser<T>(string? text, out T value);

    private static List<T> Parsed<T>(List<string>? texts, Parser<T> parse) =>
        [.. (texts ?? []).Select(t => parse(t, out var v) ? (true, v) : (false, default!)).Where(p => p.Item1).Select(p => p.Item2)];

    private static VisitProject? ToProject(ProjectBody body) =>
        body.ProjectId is not { Length: > 0 } id ? null
        : new VisitProject(
            id,
            body.ProjectNumber?.Trim() ?? string.Empty,
            body.Type ?? string.Empty,
            body.Category ?? string.Empty,
            body.Status ?? string.Empty,
            body.Address ?? string.Empty,
            SchedulerWire.TryParseDate(body.ScheduledDate, out var scheduled) ? scheduled : null,
            SchedulerWire.TryParseLocalDateTime(body.Start, out var start) ? start : null,
            SchedulerWire.TryParseLocalDateTime(body.End, out var end) ? end : null);
}
