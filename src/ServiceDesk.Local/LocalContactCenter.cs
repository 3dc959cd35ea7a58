using System.Collections.Concurrent;
using ServiceDesk.Core;
using ServiceDesk.Core.ContactCenter;

namespace ServiceDesk.Local;

/// <summary>
/// The contact centre on a laptop: a queue whose state the local tools set (agents free, expected wait), and a record
/// of the attributes handlers attach to the contact, so the local call can show what the agent would see.
/// </summary>
public sealed class LocalContactCenter : IContactCenter
{
    public QueueStatus Queue { get; set; } = new(AgentsAvailable: 2, AgentsOnline: 3, ContactsInQueue: 0, EstimatedWait: TimeSpan.FromSeconds(30));

    /// <summary>When set, every call fails this way (to rehearse the flow's fallbacks).</summary>
    public FailureKind? FailWith { get; set; }

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
        Task.FromResult(FailWith is { } kind ? Result<QueueStatus>.Fail(new Failure(kind, "local contact centre set to fail")) : Queue);
}
