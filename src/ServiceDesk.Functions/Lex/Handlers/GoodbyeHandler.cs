using ServiceDesk.Aws.Lex;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>Ends the call politely (the function then ends the agent session, if this call used one).</summary>
internal sealed class GoodbyeHandler : IIntentHandler
{
    public bool NeedsBackend => false;

    // No closing line: the flow says goodbye on the Goodbye branch, and the caller should hear it once.
    public Task<LexResponse> HandleAsync(LexTurn turn) => Task.FromResult(turn.Close(LexValues.Fulfilled, null));
}
