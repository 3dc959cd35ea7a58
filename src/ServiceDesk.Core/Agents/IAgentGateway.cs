using ServiceDesk.Core.Callers;

namespace ServiceDesk.Core.Agents;

/// <summary>One open-ended caller turn handed to an agent (Bedrock or the offline one).</summary>
/// <param name="SessionId">One agent session per call: the Lex session id.</param>
/// <param name="Caller">Taken from the session as the flow or our verification set it, never from what anyone said.</param>
/// <param name="Text">What the caller said, as transcribed.</param>
/// <param name="Budget">How long the caller may wait in silence for this turn.</param>
public sealed record AgentTurn(string SessionId, CallerIdentity Caller, string Text, TimeSpan Budget);

public enum AgentOutcome
{
    /// <summary>The agent answered; <see cref="AgentReply.Text"/> is fit to speak.</summary>
    Answered,
    /// <summary>No answer fits: offer to open a ticket.</summary>
    SuggestTicket,
    /// <summary>The turn ran past its budget; the agent session continues if the caller stays.</summary>
    TimedOut,
    /// <summary>The agent failed (throttled past the deadline, denied, broken stream): offer a person.</summary>
    Unavailable,
}

/// <summary>The agent's answer to one turn. <see cref="Text"/> is plain text (not SSML), already cleaned for speech.</summary>
public sealed record AgentReply(AgentOutcome Outcome, string Text, IReadOnlyList<string> TicketsTouched)
{
    public static AgentReply Unavailable(string text) => new(AgentOutcome.Unavailable, text, []);
}

/// <summary>The agent port: Bedrock InvokeAgent in the cloud, the offline knowledge-base agent locally.</summary>
public interface IAgentGateway
{
    Task<AgentReply> AskAsync(AgentTurn turn, CancellationToken cancellationToken);

    /// <summary>Ends the agent session when the call ends; failures are logged, never surfaced.</summary>
    Task EndSessionAsync(string sessionId, CallerIdentity caller, CancellationToken cancellationToken);
}
