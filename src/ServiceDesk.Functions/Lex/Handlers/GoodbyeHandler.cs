using ServiceDesk.Aws.Lex;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>Ends the call politely (the function then ends the agent session, if this call used one).</summary>
internal sealed class GoodbyeHandler(GlobalCommands commands) : IIntentHandler
{
    public bool NeedsBackend => false;

    // No closing line of ours unless a report was left unlogged: the flow says goodbye, and the caller should hear it once.
    public Task<LexResponse> HandleAsync(LexTurn turn) => commands.HandleAsync(turn, CallerCommand.Goodbye);
}
