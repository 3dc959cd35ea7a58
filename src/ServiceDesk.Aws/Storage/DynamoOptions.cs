using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using ServiceDesk.Core.Resilience;

namespace ServiceDesk.Aws.Storage;

/// <summary>Table names and the per-call budget of the DynamoDB stores; validated when a store is built.</summary>
public sealed record DynamoOptions(string TicketsTable, string CallersTable, string IdempotencyTable)
{
    /// <summary>Wrong PINs across calls (<see cref="DynamoPinAttempts"/>); only the bot's function needs it.</summary>
    public string PinAttemptsTable { get; init; } = string.Empty;

    /// <summary>Call summaries (<see cref="DynamoCallSummaryStore"/>); the bot, the flow's function and the ticket API use it.</summary>
    public string CallSummariesTable { get; init; } = string.Empty;

    /// <summary>Technician visit sessions (<see cref="DynamoVisitSessionStore"/>); only the functions that book visits use it.</summary>
    public string VisitSessionsTable { get; init; } = string.Empty;

    /// <summary>How long a call summary is kept (its TTL, from the call's start): <c>CallSummaryRetentionDays</c> in the template.</summary>
    public TimeSpan CallSummaryRetention { get; init; } = TimeSpan.FromDays(90);

    /// <summary>One port call, retries included. The SDK's own retries are off so this bound holds.</summary>
    public TimeSpan CallTimeout { get; init; } = Deadlines.BackendCall;

    /// <summary>How long an idempotency record lives (the table's TTL attribute <c>expires_at</c>).</summary>
    public TimeSpan IdempotencyWindow { get; init; } = TimeSpan.FromDays(7);

    public DynamoOptions ValidateForTickets() =>
        string.IsNullOrWhiteSpace(TicketsTable) || string.IsNullOrWhiteSpace(IdempotencyTable)
            ? throw new InvalidOperationException("the DynamoDB ticket store needs TICKETS_TABLE and IDEMPOTENCY_TABLE")
            : this;

    public DynamoOptions ValidateForPins() =>
        string.IsNullOrWhiteSpace(PinAttemptsTable) ? throw new InvalidOperationException("the DynamoDB PIN attempt store needs PIN_ATTEMPTS_TABLE") : this;

    public DynamoOptions ValidateForCallSummaries() =>
        string.IsNullOrWhiteSpace(CallSummariesTable) || CallSummaryRetention <= TimeSpan.Zero
            ? throw new InvalidOperationException("the DynamoDB call summary store needs CALL_SUMMARIES_TABLE and a positive retention")
            : this;

    public DynamoOptions ValidateForVisitSessions() =>
        string.IsNullOrWhiteSpace(VisitSessionsTable) ? throw new InvalidOperationException("the DynamoDB visit session store needs VISIT_SESSIONS_TABLE") : this;

    public DynamoOptions ValidateForCallers() =>
        string.IsNullOrWhiteSpace(CallersTable) ? throw new InvalidOperationException("the DynamoDB caller directory needs CALLERS_TABLE") : this;
}

/// <summary>
/// Retries DynamoDB throttling with jittered exponential backoff inside a deadline (the budget bounds it, not a count), and
/// turns every SDK failure into a domain outcome (throttled past the deadline, or unavailable). The only place the stores
/// meet SDK exceptions.
/// </summary>
internal static class DynamoCalls
{
    private static readonly Core.Resilience.RetryPolicy Throttling = new() { MaxAttempts = 10, BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(800) };

    public static Task<Core.Result<T>> Run<T>(TimeProvider time, TimeSpan budget, Func<CancellationToken, Task<Core.Result<T>>> call, CancellationToken cancellationToken) =>
        new DeadlineRetry(Throttling, time).RunAsync<Core.Result<T>>(time.GetUtcNow() + budget, async attempt =>
        {
            try
            {
                return Attempt<Core.Result<T>>.Final(await call(attempt));
            }
            catch (Exception ex) when (IsThrottling(ex))
            {
                return Attempt<Core.Result<T>>.Retry(Core.Failure.Throttled());
            }
            catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return Attempt<Core.Result<T>>.Final(Core.Failure.Unavailable());
            }
        }, () => Core.Failure.Unavailable(), cancellationToken);

    private static bool IsThrottling(Exception ex) =>
        ex is ProvisionedThroughputExceededException or RequestLimitExceededException
        || (ex is AmazonDynamoDBException dynamo && dynamo.ErrorCode is "ThrottlingException" or "ProvisionedThroughputExceededException" or "RequestLimitExceeded");
}
