using System.Text.Json.Serialization;

namespace ServiceDesk.Wire.Lex;

/// <summary>
/// What a code hook returns to Amazon Lex V2.
/// <see href="https://docs.aws.amazon.com/lexv2/latest/dg/lambda-response-format.html"/>.
/// Written exactly: null members are omitted, never written as null.
/// </summary>
public sealed class LexResponse
{
    [JsonPropertyName("sessionState")] public LexSessionState SessionState { get; set; } = new();
    [JsonPropertyName("messages")] public List<LexMessage>? Messages { get; set; }
    [JsonPropertyName("requestAttributes")] public Dictionary<string, string>? RequestAttributes { get; set; }
}

public sealed class LexMessage
{
    /// <summary><see cref="LexValues.Ssml"/>, <see cref="LexValues.PlainText"/>, <c>ImageResponseCard</c>, <c>CustomPayload</c>.</summary>
    [JsonPropertyName("contentType")] public string? ContentType { get; set; }

    /// <summary>1..1,024 characters.</summary>
    [JsonPropertyName("content")] public string? Content { get; set; }

    [JsonPropertyName("imageResponseCard")] public LexImageResponseCard? ImageResponseCard { get; set; }
}

public sealed class LexImageResponseCard
{
    [JsonPropertyName("title")] public string? Title { get; set; }
    [JsonPropertyName("subtitle")] public string? Subtitle { get; set; }
    [JsonPropertyName("imageUrl")] public string? ImageUrl { get; set; }
    [JsonPropertyName("buttons")] public List<LexButton>? Buttons { get; set; }
}

public sealed class LexButton
{
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("value")] public string? Value { get; set; }
}

/// <summary>The string values Lex V2 uses on the wire (kept as strings in the models so new values never break reading).</summary>
public static class LexValues
{
    public const string DialogCodeHook = "DialogCodeHook";
    public const string FulfillmentCodeHook = "FulfillmentCodeHook";

    public const string Dtmf = "DTMF";
    public const string Speech = "Speech";
    public const string Text = "Text";

    public const string Close = "Close";
    public const string ConfirmIntent = "ConfirmIntent";
    public const string Delegate = "Delegate";
    public const string ElicitIntent = "ElicitIntent";
    public const string ElicitSlot = "ElicitSlot";

    public const string Fulfilled = "Fulfilled";
    public const string Failed = "Failed";
    public const string InProgress = "InProgress";
    public const string ReadyForFulfillment = "ReadyForFulfillment";

    public const string Confirmed = "Confirmed";
    public const string Denied = "Denied";
    public const string None = "None";

    public const string Scalar = "Scalar";

    public const string Ssml = "SSML";
    public const string PlainText = "PlainText";
}
