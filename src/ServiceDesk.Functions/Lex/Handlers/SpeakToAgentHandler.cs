using ServiceDesk.Aws.Lex;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>"I need a person": close with the handoff attributes; no identification needed to reach a person.</summary>
internal sealed class SpeakToAgentHandler : IIntentHandler
{
    public bool NeedsBackend => false;

    public Task<LexResponse> HandleAsync(LexTurn turn) => Task.FromResult(turn.IsAfterHours
        ? turn.ElicitIntent(Speech.Say("The team is away right now, so I can't put you through. I can log a ticket they'll see first thing. Just tell me what's wrong."))
        : turn.Handoff(BotContract.HandoffReasons.CallerRequest));
}
