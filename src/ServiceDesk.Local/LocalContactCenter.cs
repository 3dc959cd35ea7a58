using System.Collections.Concurrent;
using ServiceDesk.Core;
using ServiceDesk.Core.ContactCenter;

namespace ServiceDesk.Local;

/// <summary>The service desk queue in a local call: agents free, all busy (a callback is offered), or its metrics unavailable.</summary>
public enum QueueState
{
    Free,
    Busy,
    Down,
}

/// <summary>
/// The contact centre on a laptop: a queue whose state the local tools set (agents free, expected wait), and a record
/// of the attributes handlers attach to the contact, so the local call can show what the agent would see.
/// </summary>
public sealed class LocalContactCenter : IContactCenter
{
    public QueueStatus Queue { get; set; } = Free;

    /// <summary>When set, every call fails this way (to rehearse the flow's fallbacks).</summary>
    public FailureKind? FailWith { get; set; }

    /// <summary>When set, only the queue check fails this way (the metrics API is down, the contact is not).</summary>
    public FailureKind? QueueFailWith { get; set; }

    /// <summary>The queue as a local call sets it.</summary>
    public void SetQueue(QueueState state)
    {
        Queue = state == QueueState.Busy ? Busy : Free;
        QueueFailWith = state == QueueState.Down ? FailureKind.Unavailable : null;
    }

    private static readonly QueueStatus Free = new(AgentsAvailable: 2, EstimatedWait: TimeSpan.FromSeconds(30));

    /// <summary>Nobody free and a wait long enough that the flow offers a callback.</summary>
    private static readonly QueueStatus Busy = new(AgentsAvailable: 0, EstimatedWait: TimeSpan.FromMinutes(12));

    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> ContactAttributes { get; } = new(StringComparer.Ordinal);

    public Task<Result<bool>> UpdateContactAttributesAsync(string initialContactId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        if (FailWith is { } kind)
        {
            return Task.FromResult<Result<bool>>(new Failure(kind, "local contact centre set to fail"));
        }

        ContactAttributes.AddOrUpdate(
            initialContactId,
            attributes,
            (_, existing) => existing.Concat(attributes).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value));
        return Task.FromResult(Result<bool>.Ok(true));
    }

    public Task<Result<QueueStatus>> GetQueueStatusAsync(string queueId, CancellationToken cancellationToken) =>
        Task.FromResult((FailWith ?? QueueFailWith) is { } kind ? Result<QueueStatus>.Fail(new Failure(kind, "local contact centre set to fail")) : Queue);
}
