using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Functions.TicketsApi;

/// <summary>Retry and deadline settings for <see cref="HttpTicketBackend"/>.</summary>
public sealed record HttpTicketBackendOptions
{
    public required Uri BaseAddress { get; init; }
    public required string ApiKey { get; init; }

    /// <summary>The whole budget of one port call, retries included. Lex fulfilment has seconds, not minutes.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Base delays before the 2nd, 3rd… attempt (the seed's 0.1, 0.2, 0.4 s), each jittered by ±50%.</summary>
    public IReadOnlyList<TimeSpan> Backoff { get; init; } = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400)];

    public int MaxAttempts { get; init; } = 3;
}

/// <summary>
/// <see cref="ITicketBackend"/> over the ticket API. Retries 429, 5xx and timeouts with jittered exponential backoff,
/// never past the call's deadline; creates always carry an Idempotency-Key so a retry cannot open a second ticket.
/// A comment has no such key, so it is retried only when the API surely did not take it (429, or no connection):
/// after a timeout or a 5xx it may have been stored, and a second one would be read to the agent twice.
/// </summary>
public sealed class HttpTicketBackend(HttpClient http, HttpTicketBackendOptions options, TimeProvider time) : ITicketBackend
{
    private static readonly TimeSpan MinimumAttempt = TimeSpan.FromMilliseconds(50);

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
        var deadline = time.GetUtcNow() + options.CallTimeout;
        Failure last = Failure.Unavailable();
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining < MinimumAttempt)
            {
                break;
            }

            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(remaining);
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

            bool retryable;
            try
            {
                using var response = await http.SendAsync(request, attemptTimeout.Token);
                var text = await response.Content.ReadAsStringAsync(attemptTimeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return JsonSerializer.Deserialize(text, type) is { } value ? Result<T>.Ok(value) : Failure.Unavailable();
                }

                (last, retryable) = Map(response.StatusCode, text);
                retryable &= repeatable || response.StatusCode == HttpStatusCode.TooManyRequests;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
            {
                var notSent = ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };
                (last, retryable) = (Failure.Unavailable(), ex is not JsonException && (repeatable || notSent));
            }

            if (!retryable || attempt == options.MaxAttempts)
            {
                return last;
            }

            var delay = Jitter(options.Backoff[Math.Min(attempt - 1, options.Backoff.Count - 1)]);
            if (time.GetUtcNow() + delay + MinimumAttempt > deadline)
            {
                break;
            }

            await Task.Delay(delay, time, cancellationToken);
        }

        return last;
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

    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.5 + Random.Shared.NextDouble());

    private static string Json<T>(T body, JsonTypeInfo<T> type) => JsonSerializer.Serialize(body, type);
}
