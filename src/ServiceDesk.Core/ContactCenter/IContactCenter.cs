namespace ServiceDesk.Core.ContactCenter;

/// <summary>Live state of a queue, for deciding between a transfer and a callback offer.</summary>
public sealed record QueueStatus(int AgentsAvailable, TimeSpan? EstimatedWait);

/// <summary>The contact-centre port (Amazon Connect in the cloud).</summary>
public interface IContactCenter
{
    /// <summary>Attaches attributes (for example the handoff summary) to the contact so the agent sees them.</summary>
    Task<Result<bool>> UpdateContactAttributesAsync(string initialContactId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken);

    Task<Result<QueueStatus>> GetQueueStatusAsync(string queueId, CancellationToken cancellationToken);
}

/// <summary>
/// No contact centre: a function deployed without Connect (nothing to attach to, no queue to check; the flow still
/// transfers), and the tests and benchmarks that do not exercise one.
/// </summary>
public sealed class NoContactCenter : IContactCenter
{
    public Task<Result<bool>> UpdateContactAttributesAsync(string initialContactId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken) =>
        Task.FromResult<Result<bool>>(Failure.Unavailable());

    public Task<Result<QueueStatus>> GetQueueStatusAsync(string queueId, CancellationToken cancellationToken) =>
        Task.FromResult<Result<QueueStatus>>(Failure.Unavailable());
}
