using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>Ends the call politely (the function then ends the agent session, if this call used one).</summary>
internal sealed class GoodbyeHandler(GlobalCommands commands) : IIntentHandler
{
    public bool NeedsBackend => false;

    // No closing line of ours unless a report was left unlogged: the flow says goodbye, and the caller should hear it once.
    // "Yep, that's the one, thanks" to "Anything else?" can score Goodbye; a yes that says no goodbye keeps the caller.
    public Task<LexResponse> HandleAsync(LexTurn turn) =>
        turn.Awaiting is null && CallerLexicon.Command(turn.Transcript, turn.IsDtmf) is null
        && !turn.IsDtmf && CallerLexicon.StartsWithYes(turn.Transcript)
            ? Task.FromResult(turn.ElicitIntent(Speech.Say("Sure. What else can I help with?")))
            : commands.HandleAsync(turn, CallerCommand.Goodbye);
}
