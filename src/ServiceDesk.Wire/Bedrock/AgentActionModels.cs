using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceDesk.Wire.Bedrock;

/// <summary>
/// The event a Bedrock agent's action group sends its Lambda: OpenAPI style (<c>apiPath</c>, <c>httpMethod</c>,
/// <c>requestBody</c>) or function-details style (<c>function</c>). Parameter values are always strings.
/// https://docs.aws.amazon.com/bedrock/latest/userguide/agents-lambda.html
/// </summary>
public sealed class AgentActionEvent
{
    [JsonPropertyName("messageVersion")] public string? MessageVersion { get; set; }
    [JsonPropertyName("agent")] public AgentInfo? Agent { get; set; }
    [JsonPropertyName("inputText")] public string? InputText { get; set; }
    [JsonPropertyName("sessionId")] public string? SessionId { get; set; }
    [JsonPropertyName("actionGroup")] public string? ActionGroup { get; set; }
    [JsonPropertyName("apiPath")] public string? ApiPath { get; set; }
    [JsonPropertyName("httpMethod")] public string? HttpMethod { get; set; }
    [JsonPropertyName("function")] public string? Function { get; set; }
    [JsonPropertyName("parameters")] public List<AgentParameter>? Parameters { get; set; }
    [JsonPropertyName("requestBody")] public AgentRequestBody? RequestBody { get; set; }
    [JsonPropertyName("sessionAttributes")] public Dictionary<string, string>? SessionAttributes { get; set; }
    [JsonPropertyName("promptSessionAttributes")] public Dictionary<string, string>? PromptSessionAttributes { get; set; }

    /// <summary>Every parameter by name: path/query parameters first, then the JSON body's properties.</summary>
    public Dictionary<string, string> AllParameters()
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in (Parameters ?? []).Concat((RequestBody?.Content ?? []).Values.SelectMany(c => c?.Properties ?? [])))
        {
            // A null item in either list is no parameter (the event is read tolerantly, nulls and all).
            if (p?.Name is { } name && p.Value is { } value)
            {
                all.TryAdd(name, value);
            }
        }

        return all;
    }
}

public sealed class AgentInfo
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("alias")] public string? Alias { get; set; }
    [JsonPropertyName("version")] public string? Version { get; set; }
}

public sealed class AgentParameter
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("value")] public string? Value { get; set; }
}

public sealed class AgentRequestBody
{
    [JsonPropertyName("content")] public Dictionary<string, AgentContent?>? Content { get; set; }
}

public sealed class AgentContent
{
    [JsonPropertyName("properties")] public List<AgentParameter>? Properties { get; set; }
}

/// <summary>The action group's answer. It must echo the action group and the api path/method or function.</summary>
public sealed class AgentActionResponse
{
    [JsonPropertyName("messageVersion")] public string MessageVersion { get; set; } = "1.0";
    [JsonPropertyName("response")] public AgentActionResult Response { get; set; } = new();
    [JsonPropertyName("sessionAttributes")] public Dictionary<string, string>? SessionAttributes { get; set; }
    [JsonPropertyName("promptSessionAttributes")] public Dictionary<string, string>? PromptSessionAttributes { get; set; }
}

public sealed class AgentActionResult
{
    [JsonPropertyName("actionGroup")] public string? ActionGroup { get; set; }
    [JsonPropertyName("apiPath")] public string? ApiPath { get; set; }
    [JsonPropertyName("httpMethod")] public string? HttpMethod { get; set; }
    [JsonPropertyName("httpStatusCode")] public int? HttpStatusCode { get; set; }
    [JsonPropertyName("responseBody")] public Dictionary<string, AgentBody>? ResponseBody { get; set; }
    [JsonPropertyName("function")] public string? Function { get; set; }
    [JsonPropertyName("functionResponse")] public AgentFunctionResponse? FunctionResponse { get; set; }
}

public sealed class AgentFunctionResponse
{
    /// <summary><c>FAILURE</c> or <c>REPROMPT</c>; absent on success.</summary>
    [JsonPropertyName("responseState")] public string? ResponseState { get; set; }
    [JsonPropertyName("responseBody")] public Dictionary<string, AgentBody>? ResponseBody { get; set; }
}

public sealed class AgentBody
{
    /// <summary>Always a string; JSON results are serialized into it.</summary>
    [JsonPropertyName("body")] public string? Body { get; set; }
}

[JsonSerializable(typeof(AgentActionEvent))]
[JsonSerializable(typeof(AgentActionResponse))]
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Skip,
    Converters = [typeof(LenientStringConverter), typeof(LenientStringMapConverter)])]
public sealed partial class AgentActionJsonContext : JsonSerializerContext;

public static class AgentActionJson
{
    /// <summary>
    /// Tolerant (see <see cref="TolerantJson"/>): a boolean <c>agent.version</c>, a number in the session attributes or a
    /// lone surrogate escape costs at most that one member, so the answer can still echo the action group, the api
    /// path and method or the function, which Bedrock needs to match it to the call.
    /// </summary>
    public static AgentActionEvent Read(ReadOnlySpan<byte> utf8) => TolerantJson.Read(utf8, AgentActionJsonContext.Default.AgentActionEvent);

    public static AgentActionResponse ReadResponse(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, AgentActionJsonContext.Default.AgentActionResponse) ?? throw new JsonException("the response is null");

    public static byte[] Write(AgentActionResponse response) => JsonSerializer.SerializeToUtf8Bytes(response, AgentActionJsonContext.Default.AgentActionResponse);
}
