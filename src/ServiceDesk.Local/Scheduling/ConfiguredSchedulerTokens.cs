using ServiceDesk.Core;
using ServiceDesk.Core.Visits;

namespace ServiceDesk.Local.Scheduling;

/// <summary>The one tenant's token from configuration (a local run, <c>--scheduler URL</c> with its token).</summary>
public sealed class ConfiguredSchedulerTokens(string tenantId, string token) : ISchedulerTokens
{
    public Task<Result<string>> GetTokenAsync(string clientId, CancellationToken cancellationToken) =>
        Task.FromResult<Result<string>>(clientId == tenantId ? token : new Failure(FailureKind.Refused, "no token for that client"));
}
