using ServiceDesk.Aws.Lex;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>"I need a person": the same command as at any prompt (<see cref="GlobalCommands"/>); no identification needed.</summary>
internal sealed class SpeakToAgentHandler(GlobalCommands commands) : IIntentHandler
{
    public bool NeedsBackend => false;

    public Task<LexResponse> HandleAsync(LexTurn turn) => commands.HandleAsync(turn, CallerCommand.Person);
}
