namespace ServiceDesk.Core.Calls;

/// <summary>The call summary port: DynamoDB in AWS (with a TTL), SQLite locally.</summary>
public interface ICallSummaryStore
{
    /// <summary>
    /// Writes the summary whole, unless the call it names has already ended: the first ending wins, and a late turn or a
    /// second ending changes nothing (false). Retries are safe: the same summary written twice is one record.
    /// </summary>
    Task<Result<bool>> SaveAsync(CallSummary summary, CancellationToken cancellationToken);

    /// <summary>The call's summary, or null when none was written.</summary>
    Task<Result<CallSummary?>> GetAsync(string contactId, CancellationToken cancellationToken);

    /// <summary>The caller's calls, newest first, at most <paramref name="limit"/>.</summary>
    Task<Result<IReadOnlyList<CallSummary>>> ListByCallerAsync(string callerId, int limit, CancellationToken cancellationToken);
}

/// <summary>No store: the functions run without summaries (unit tests, tools that never take calls).</summary>
public sealed class NoCallSummaryStore : ICallSummaryStore
{
    public static readonly NoCallSummaryStore Instance = new();

    public Task<Result<bool>> SaveAsync(CallSummary summary, CancellationToken cancellationToken) => Task.FromResult<Result<bool>>(false);

    public Task<Result<CallSummary?>> GetAsync(string contactId, CancellationToken cancellationToken) => Task.FromResult<Result<CallSummary?>>((CallSummary?)null);

    public Task<Result<IReadOnlyList<CallSummary>>> ListByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<Result<IReadOnlyList<CallSummary>>>(Array.Empty<CallSummary>());
}
