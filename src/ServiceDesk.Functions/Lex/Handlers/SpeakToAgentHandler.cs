using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>"I need a person": the same command as at any prompt (<see cref="GlobalCommands"/>); no identification needed.</summary>
internal sealed class SpeakToAgentHandler(GlobalCommands commands) : IIntentHandler
{
    public bool NeedsBackend => false;

    // "Sorry, bear with me, someone's just come to my desk" can score SpeakToAgent ("someone"); words with nothing in
    // them are not a request for a person, and a transfer is costly to undo.
    public Task<LexResponse> HandleAsync(LexTurn turn) =>
        !turn.IsDtmf && turn.Awaiting is null && CallerLexicon.Command(turn.Transcript) is null && ProblemText.Extract(turn.Transcript) is null
        && CallerLexicon.Words(turn.Transcript).Length > 0
            ? Task.FromResult(turn.ElicitIntent(Speech.Say("No problem, take your time. How can I help?")))
            : commands.HandleAsync(turn, CallerCommand.Person);
}
