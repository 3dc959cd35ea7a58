using ServiceDesk.Core.Callers;

namespace ServiceDesk.Core.Agents;

/// <summary>The agent switched off (no Bedrock agent deployed): open-ended turns get the bot's own "here's what I can do".</summary>
public sealed class NoAgent : IAgentGateway
{
    public Task<AgentReply> AskAsync(AgentTurn turn, CancellationToken cancellationToken) => Task.FromResult(AgentReply.Unavailable(string.Empty));

    public Task EndSessionAsync(string sessionId, CallerIdentity caller, CancellationToken cancellationToken) => Task.CompletedTask;
}
