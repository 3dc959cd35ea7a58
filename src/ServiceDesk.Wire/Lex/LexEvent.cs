using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceDesk.Wire.Lex;

/// <summary>
/// The event Amazon Lex V2 sends a code hook Lambda.
/// <see href="https://docs.aws.amazon.com/lexv2/latest/dg/lambda-input-format.html"/>.
/// Tolerant on input: every member may be missing or null, and unknown members are ignored, because Lex adds fields
/// without changing <c>messageVersion</c>. Enumerations stay strings (see <see cref="LexValues"/>) for the same reason.
/// </summary>
public sealed class LexEvent
{
    [JsonPropertyName("messageVersion")] public string? MessageVersion { get; set; }
    [JsonPropertyName("invocationSource")] public string? InvocationSource { get; set; }
    [JsonPropertyName("inputMode")] public string? InputMode { get; set; }
    [JsonPropertyName("responseContentType")] public string? ResponseContentType { get; set; }
    [JsonPropertyName("sessionId")] public string? SessionId { get; set; }
    [JsonPropertyName("inputTranscript")] public string? InputTranscript { get; set; }
    [JsonPropertyName("invocationLabel")] public string? InvocationLabel { get; set; }
    [JsonPropertyName("bot")] public LexBot? Bot { get; set; }
    [JsonPropertyName("interpretations")] public List<LexInterpretation>? Interpretations { get; set; }
    [JsonPropertyName("proposedNextState")] public LexProposedNextState? ProposedNextState { get; set; }
    [JsonPropertyName("requestAttributes")] public Dictionary<string, string>? RequestAttributes { get; set; }
    [JsonPropertyName("sessionState")] public LexSessionState? SessionState { get; set; }
    [JsonPropertyName("transcriptions")] public List<LexTranscription>? Transcriptions { get; set; }
}

public sealed class LexBot
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("aliasId")] public string? AliasId { get; set; }
    [JsonPropertyName("aliasName")] public string? AliasName { get; set; }
    [JsonPropertyName("localeId")] public string? LocaleId { get; set; }
    [JsonPropertyName("version")] public string? Version { get; set; }
}

public sealed class LexInterpretation
{
    [JsonPropertyName("intent")] public LexIntent? Intent { get; set; }

    /// <summary>A number in real events; older documentation (and some libraries' fixtures) wrote <c>{"score": n}</c>.</summary>
    [JsonPropertyName("nluConfidence")]
    [JsonConverter(typeof(NluConfidenceConverter))]
    public double? NluConfidence { get; set; }

    [JsonPropertyName("interpretationSource")] public string? InterpretationSource { get; set; }
    [JsonPropertyName("sentimentResponse")] public LexSentimentResponse? SentimentResponse { get; set; }
}

public sealed class LexSentimentResponse
{
    [JsonPropertyName("sentiment")] public string? Sentiment { get; set; }
    [JsonPropertyName("sentimentScore")] public LexSentimentScore? SentimentScore { get; set; }
}

public sealed class LexSentimentScore
{
    [JsonPropertyName("mixed")] public double? Mixed { get; set; }
    [JsonPropertyName("negative")] public double? Negative { get; set; }
    [JsonPropertyName("neutral")] public double? Neutral { get; set; }
    [JsonPropertyName("positive")] public double? Positive { get; set; }
}

public sealed class LexProposedNextState
{
    [JsonPropertyName("dialogAction")] public LexDialogAction? DialogAction { get; set; }
    [JsonPropertyName("intent")] public LexIntent? Intent { get; set; }
    [JsonPropertyName("prompt")] public LexPrompt? Prompt { get; set; }
}

public sealed class LexPrompt
{
    /// <summary><c>Initial</c>, <c>Retry1</c> .. <c>Retry5</c>.</summary>
    [JsonPropertyName("attempt")] public string? Attempt { get; set; }
}

/// <summary>One speech-recognition hypothesis (N-best), best first.</summary>
public sealed class LexTranscription
{
    [JsonPropertyName("transcription")] public string? Transcription { get; set; }
    [JsonPropertyName("transcriptionConfidence")] public double? TranscriptionConfidence { get; set; }
    [JsonPropertyName("resolvedContext")] public LexResolvedContext? ResolvedContext { get; set; }
    [JsonPropertyName("resolvedSlots")] public Dictionary<string, LexSlot?>? ResolvedSlots { get; set; }
}

public sealed class LexResolvedContext
{
    [JsonPropertyName("intent")] public string? Intent { get; set; }
}

/// <summary>Session state: sent in the event, and returned (whole) in the response, since Lex replaces it.</summary>
public sealed class LexSessionState
{
    [JsonPropertyName("activeContexts")] public List<LexActiveContext>? ActiveContexts { get; set; }
    [JsonPropertyName("sessionAttributes")] public Dictionary<string, string>? SessionAttributes { get; set; }
    [JsonPropertyName("runtimeHints")] public LexRuntimeHints? RuntimeHints { get; set; }
    [JsonPropertyName("dialogAction")] public LexDialogAction? DialogAction { get; set; }
    [JsonPropertyName("intent")] public LexIntent? Intent { get; set; }
    [JsonPropertyName("originatingRequestId")] public string? OriginatingRequestId { get; set; }
}

public sealed class LexActiveContext
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("contextAttributes")] public Dictionary<string, string>? ContextAttributes { get; set; }
    [JsonPropertyName("timeToLive")] public LexTimeToLive? TimeToLive { get; set; }
}

public sealed class LexTimeToLive
{
    [JsonPropertyName("timeToLiveInSeconds")] public int? TimeToLiveInSeconds { get; set; }
    [JsonPropertyName("turnsToLive")] public int? TurnsToLive { get; set; }
}

public sealed class LexRuntimeHints
{
    /// <summary>Intent name → slot name → hint.</summary>
    [JsonPropertyName("slotHints")] public Dictionary<string, Dictionary<string, LexSlotHint>?>? SlotHints { get; set; }
}

public sealed class LexSlotHint
{
    [JsonPropertyName("runtimeHintValues")] public List<LexRuntimeHintValue>? RuntimeHintValues { get; set; }
    [JsonPropertyName("subSlotHints")] public Dictionary<string, LexSlotHint>? SubSlotHints { get; set; }
}

public sealed class LexRuntimeHintValue
{
    [JsonPropertyName("phrase")] public string? Phrase { get; set; }
}

public sealed class LexDialogAction
{
    /// <summary><see cref="LexValues.Close"/>, <see cref="LexValues.ConfirmIntent"/>, <see cref="LexValues.Delegate"/>, <see cref="LexValues.ElicitIntent"/>, <see cref="LexValues.ElicitSlot"/>.</summary>
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("slotToElicit")] public string? SlotToElicit { get; set; }
    [JsonPropertyName("slotElicitationStyle")] public string? SlotElicitationStyle { get; set; }
    [JsonPropertyName("subSlotToElicit")] public LexElicitSubSlot? SubSlotToElicit { get; set; }
}

public sealed class LexElicitSubSlot
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("subSlotToElicit")] public LexElicitSubSlot? SubSlotToElicit { get; set; }
}

public sealed class LexIntent
{
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>Unfilled slots are present with a null value; they are kept (and written back) as such.</summary>
    [JsonPropertyName("slots")] public Dictionary<string, LexSlot?>? Slots { get; set; }

    [JsonPropertyName("state")] public string? State { get; set; }
    [JsonPropertyName("confirmationState")] public string? ConfirmationState { get; set; }

    /// <summary>Only for KendraSearchIntent; carried through untouched.</summary>
    [JsonPropertyName("kendraResponse")] public JsonElement? KendraResponse { get; set; }
}

/// <summary>A slot: <c>Scalar</c>, <c>List</c> (values) or <c>Composite</c> (subSlots); <c>shape</c> may be missing.</summary>
public sealed class LexSlot
{
    [JsonPropertyName("shape")] public string? Shape { get; set; }
    [JsonPropertyName("value")] public LexSlotValue? Value { get; set; }
    [JsonPropertyName("values")] public List<LexSlot>? Values { get; set; }
    [JsonPropertyName("subSlots")] public Dictionary<string, LexSlot?>? SubSlots { get; set; }

    /// <summary>A scalar slot holding what the caller said and what it means.</summary>
    public static LexSlot Scalar(string interpreted, string? original = null) => new()
    {
        Shape = LexValues.Scalar,
        Value = new LexSlotValue { OriginalValue = original ?? interpreted, InterpretedValue = interpreted, ResolvedValues = [interpreted] },
    };
}

public sealed class LexSlotValue
{
    [JsonPropertyName("originalValue")] public string? OriginalValue { get; set; }
    [JsonPropertyName("interpretedValue")] public string? InterpretedValue { get; set; }
    [JsonPropertyName("resolvedValues")] public List<string>? ResolvedValues { get; set; }
}
