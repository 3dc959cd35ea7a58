using ServiceDesk.Core;
using ServiceDesk.Core.Escalation;

namespace ServiceDesk.Local.Escalation;

/// <summary>Escalation notices on a laptop: one line each on a writer (the console for <c>servicedesk escalate</c>).</summary>
public sealed class WriterEscalationNotifier(TextWriter writer) : IEscalationNotifier
{
    private readonly Lock _gate = new();

    public Task<Result<bool>> NotifyAsync(EscalationNotice notice, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            writer.WriteLine($"escalated: {notice.Message}");
        }

        return Task.FromResult(Result<bool>.Ok(true));
    }
}
