using ServiceDesk.Aws.Lex;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>"I need a person": close with the handoff attributes; no identification needed to reach a person.</summary>
internal sealed class SpeakToAgentHandler : IIntentHandler
{
    public bool NeedsBackend => false;

    public Task<LexResponse> HandleAsync(LexTurn turn) => Task.FromResult(turn.Handoff(BotContract.HandoffReasons.CallerRequest));
}
