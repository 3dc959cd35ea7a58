using Microsoft.Extensions.Logging;
using ServiceDesk.Aws.Lex;
using ServiceDesk.Core.Agents;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>Ends the call politely, and the agent session if this call used one.</summary>
internal sealed class GoodbyeHandler(IAgentGateway agent, ILogger logger) : IIntentHandler
{
    public bool NeedsBackend => false;

    public async Task<LexResponse> HandleAsync(LexTurn turn)
    {
        if (turn.Get(TurnKeys.AgentUsed) is not null)
        {
            try
            {
                await agent.EndSessionAsync(turn.SessionId, turn.Identity, turn.Cancellation);
            }
            catch (Exception ex)
            {
                // Ending the agent session is housekeeping; the caller is saying goodbye either way.
                logger.LogWarning(ex, "Ending the agent session failed");
            }
        }

        // No closing line: the flow says goodbye on the Goodbye branch, and the caller should hear it once.
        return turn.Close(LexValues.Fulfilled, null);
    }
}
