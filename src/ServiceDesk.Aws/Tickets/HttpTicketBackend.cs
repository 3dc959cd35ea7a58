using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ServiceDesk.Core;
using ServiceDesk.Core.Resilience;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Wire.TicketsApi;

namespace ServiceDesk.Aws.Tickets;

/// <summary>Retry and deadline settings for <see cref="HttpTicketBackend"/>.</summary>
public sealed record HttpTicketBackendOptions
{
    public required Uri BaseAddress { get; init; }
    public required string ApiKey { get; init; }

    /// <summary>The whole budget of one port call, retries included. Lex fulfilment has seconds, not minutes.</summary>
    public TimeSpan CallTimeout { get; init; } = Deadlines.BackendCall;

    /// <summary>Three attempts, 0.1 then 0.2 s apart (each jittered by ±50%).</summary>
    public RetryPolicy Retry { get; init; } = new() { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(100) };
}

/// <summary>
/// <see cref="ITicketBackend"/> over the ticket API. Retries 429, 5xx and timeouts with jittered exponential backoff,
/// never past the call's deadline; creates always carry an Idempotency-Key so a retry cannot open a second ticket.
/// A comment has no such key, so it is retried only when the API surely did not take it (429, or no connection):
/// after a timeout or a 5xx it may have been stored, and a second one would be read to the agent twice.
/// </summary>
public sealed class HttpTicketBackend(HttpClient http, HttpTicketBackendOptions options, TimeProvider time, Func<double>? jitter = null) : ITicketBackend
{
    private readonly DeadlineRetry _retry = new(options.Retry, time, jitter);

    public Task<Result<Ticket>> CreateAsync(NewTicket ticket, CancellationToken cancellationToken)
    {
        var key = ticket.IdempotencyKey ?? Guid.NewGuid().ToString("N");
        var body = new CreateTicketBody(
            ticket.CallerId,
            ticket.Description,
            ticket.Summary,
            ticket.Priority?.ToString(),
            ticket.Category is { } c ? TicketWire.ToWire(c) : null,
            ticket.Impact is { } i ? TicketWire.ToWire(i) : null);
        return SendTicketAsync(HttpMethod.Post, "tickets", Json(body, TicketsApiJsonContext.Default.CreateTicketBody), key, cancellationToken);
    }

    public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken) =>
        SendTicketAsync(HttpMethod.Get, $"tickets/{number}", null, null, cancellationToken);

    public Task<Result<Ticket>> AddCommentAsync(TicketNumber number, NewComment comment, CancellationToken cancellationToken) =>
        SendTicketAsync(HttpMethod.Post, $"tickets/{number}/comments", Json(new AddCommentBody(comment.Text, comment.Author), TicketsApiJsonContext.Default.AddCommentBody), null, cancellationToken, repeatable: false);

    public Task<Result<Ticket>> UpdateStatusAsync(TicketNumber number, TicketStatus status, CancellationToken cancellationToken) =>
        SendTicketAsync(HttpMethod.Patch, $"tickets/{number}", Json(new UpdateTicketBody(TicketWire.ToWire(status)), TicketsApiJsonContext.Default.UpdateTicketBody), null, cancellationToken);

    public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        ListAsync($"tickets?caller={Uri.EscapeDataString(callerId)}&limit={Math.Clamp(limit, 1, TicketRules.MaxListLimit)}", cancellationToken);

    public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        ListAsync($"tickets?caller={Uri.EscapeDataString(callerId)}&open=true&limit={Math.Clamp(limit, 1, TicketRules.MaxOpenListLimit)}", cancellationToken);

    private async Task<Result<IReadOnlyList<Ticket>>> ListAsync(string url, CancellationToken cancellationToken)
    {
        var result = await SendAsync(HttpMethod.Get, url, null, null, TicketsApiJsonContext.Default.ListTicketBody, cancellationToken);
        if (!result.IsOk)
        {
            return result.Failure;
        }

        var tickets = result.Value.Select(TicketWire.FromBody).ToList();
        return tickets.Contains(null) ? Failure.Unavailable() : Result<IReadOnlyList<Ticket>>.Ok(tickets!);
    }

    private async Task<Result<Ticket>> SendTicketAsync(HttpMethod method, string url, string? json, string? idempotencyKey, CancellationToken cancellationToken, bool repeatable = true)
    {
        var result = await SendAsync(method, url, json, idempotencyKey, TicketsApiJsonContext.Default.TicketBody, cancellationToken, repeatable);
        return !result.IsOk ? result.Failure : TicketWire.FromBody(result.Value) is { } ticket ? ticket : Failure.Unavailable();
    }

    /// <param name="repeatable">Whether sending the request twice is harmless (reads, keyed creates, status changes).</param>
    private async Task<Result<T>> SendAsync<T>(HttpMethod method, string url, string? json, string? idempotencyKey, JsonTypeInfo<T> type, CancellationToken cancellationToken, bool repeatable = true)
    {
        return await _retry.RunAsync<Result<T>>(time.GetUtcNow() + options.CallTimeout, async attempt =>
        {
            using var request = new HttpRequestMessage(method, new Uri(options.BaseAddress, url));
            request.Headers.Add("x-api-key", options.ApiKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            try
            {
                using var response = await http.SendAsync(request, attempt);
                var text = await response.Content.ReadAsStringAsync(attempt);
                if (response.IsSuccessStatusCode)
                {
                    return Attempt<Result<T>>.Final(JsonSerializer.Deserialize(text, type) is { } value ? Result<T>.Ok(value) : Failure.Unavailable());
                }

                var (failure, retryable) = Map(response.StatusCode, text);
                return new Attempt<Result<T>>(failure, retryable && (repeatable || response.StatusCode == HttpStatusCode.TooManyRequests));
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
            {
                var notSent = ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };
                return new Attempt<Result<T>>(Failure.Unavailable(), ex is not JsonException && (repeatable || notSent));
            }
        }, () => Failure.Unavailable(), cancellationToken);
    }

    /// <summary>The one place the API's answers become domain failures, and the retryable ones are chosen.</summary>
    private static (Failure Failure, bool Retryable) Map(HttpStatusCode status, string body)
    {
        var error = TryReadError(body);
        return status switch
        {
            HttpStatusCode.NotFound => (Failure.NotFound(), false),
            HttpStatusCode.Conflict => (Failure.Conflict(error?.Error ?? "conflict"), false),
            HttpStatusCode.BadRequest => (new Failure(FailureKind.Invalid, error?.Error ?? "invalid request", error?.Field), false),
            HttpStatusCode.TooManyRequests => (Failure.Throttled(), true),
            >= HttpStatusCode.InternalServerError => (Failure.Unavailable(), true),
            // 401/403 mean our key is wrong: a configuration fault no retry fixes.
            _ => (Failure.Unavailable(), false),
        };
    }

    private static ErrorBody? TryReadError(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, TicketsApiJsonContext.Default.ErrorBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Json<T>(T body, JsonTypeInfo<T> type) => JsonSerializer.Serialize(body, type);
}
