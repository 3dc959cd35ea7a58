using ServiceDesk.Wire.Lex;

namespace ServiceDesk.Functions.Lex;

/// <summary>One intent's behaviour: the dialog hook validates and elicits, the fulfilment hook acts.</summary>
internal interface IIntentHandler
{
    /// <summary>False for intents that never call a dependency (a person, goodbye): they run even with no time left.</summary>
    bool NeedsBackend { get; }

    Task<LexResponse> HandleAsync(LexTurn turn);
}
