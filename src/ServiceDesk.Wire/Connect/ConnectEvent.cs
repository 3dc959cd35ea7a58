using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceDesk.Wire.Connect;

/// <summary>
/// The event Amazon Connect's InvokeLambdaFunction block sends (PascalCase). Every object may be null or missing, and
/// is read tolerantly (see <see cref="ConnectResponse.Read"/>).
/// https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html
/// </summary>
public sealed class ConnectEvent
{
    [JsonPropertyName("Name")] public string? Name { get; set; }
    [JsonPropertyName("Details")] public ConnectDetails? Details { get; set; }
}

public sealed class ConnectDetails
{
    [JsonPropertyName("ContactData")] public ConnectContactData? ContactData { get; set; }
    /// <summary>The block's function input parameters; a string map (nulls dropped, numbers and booleans as text).</summary>
    [JsonPropertyName("Parameters")] public Dictionary<string, string>? Parameters { get; set; }
}

public sealed class ConnectContactData
{
    [JsonPropertyName("Attributes")] public Dictionary<string, string>? Attributes { get; set; }
    [JsonPropertyName("Channel")] public string? Channel { get; set; }
    [JsonPropertyName("ContactId")] public string? ContactId { get; set; }
    [JsonPropertyName("InitialContactId")] public string? InitialContactId { get; set; }
    [JsonPropertyName("PreviousContactId")] public string? PreviousContactId { get; set; }
    [JsonPropertyName("CustomerEndpoint")] public ConnectEndpoint? CustomerEndpoint { get; set; }
    [JsonPropertyName("SystemEndpoint")] public ConnectEndpoint? SystemEndpoint { get; set; }
    [JsonPropertyName("InitiationMethod")] public string? InitiationMethod { get; set; }
    [JsonPropertyName("InstanceARN")] public string? InstanceArn { get; set; }
    [JsonPropertyName("LanguageCode")] public string? LanguageCode { get; set; }
    [JsonPropertyName("Queue")] [JsonConverter(typeof(ConnectQueueConverter))] public ConnectQueue? Queue { get; set; }
}

public sealed class ConnectEndpoint
{
    [JsonPropertyName("Address")] public string? Address { get; set; }
    [JsonPropertyName("Type")] public string? Type { get; set; }
}

public sealed class ConnectQueue
{
    [JsonPropertyName("ARN")] public string? Arn { get; set; }
    [JsonPropertyName("Name")] public string? Name { get; set; }
}

/// <summary>An old documented shape sent <c>"Queue": "QueueName"</c>; read it as the name.</summary>
public sealed class ConnectQueueConverter : JsonConverter<ConnectQueue?>
{
    public override ConnectQueue? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return new ConnectQueue { Name = TolerantJson.ReadString(ref reader) };
            case JsonTokenType.StartObject:
                // Read on its own, tolerantly: a bad member inside costs only that member. An error from a nested read
                // would carry the nested path, which the event's own repair cannot place, so it is raised afresh here:
                // the whole queue then goes, never the whole event.
                using (var queue = JsonDocument.ParseValue(ref reader))
                {
                    try
                    {
                        return TolerantJson.Read(Encoding.UTF8.GetBytes(queue.RootElement.GetRawText()), ConnectJsonContext.Default.ConnectQueue);
                    }
                    catch (JsonException ex)
                    {
                        throw new JsonException("the queue is unreadable", ex);
                    }
                }

            default:
                throw new JsonException($"expected a queue object or name, found {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, ConnectQueue? value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, ConnectJsonContext.Default.ConnectQueue!);
}

/// <summary>
/// What a function returns to a STRING_MAP block: a flat map of strings, under 32 KB of UTF-8 in total.
/// Values past the budget are cut (and flagged) rather than letting Connect take the error branch.
/// </summary>
public static class ConnectResponse
{
    public const int MaxBytes = 32 * 1024;

    private const string Truncated = "truncated";

    public static byte[] Write(IReadOnlyDictionary<string, string> attributes)
    {
        var map = new Dictionary<string, string>(attributes, StringComparer.Ordinal);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(map, ConnectJsonContext.Default.DictionaryStringString);
        while (bytes.Length >= MaxBytes)
        {
            // Each pass halves the longest value or, once every value is empty, drops the longest key, so it ends:
            // {"truncated":"true"} alone is far under the budget.
            map[Truncated] = "true";
            var others = map.Where(p => p.Key != Truncated).ToList();
            if (others.Count > 0 && others.MaxBy(p => Encoding.UTF8.GetByteCount(p.Value)) is { Value.Length: > 0 } longest)
            {
                map[longest.Key] = Half(longest.Value);
            }
            else if (others.Count > 0)
            {
                map.Remove(others.MaxBy(p => Encoding.UTF8.GetByteCount(p.Key)).Key);
            }

            bytes = JsonSerializer.SerializeToUtf8Bytes(map, ConnectJsonContext.Default.DictionaryStringString);
        }

        return bytes;
    }

    /// <summary>The first half of a string, never ending in half of a surrogate pair.</summary>
    private static string Half(string value)
    {
        var cut = value.Length / 2;
        return cut > 0 && char.IsHighSurrogate(value[cut - 1]) ? value[..(cut - 1)] : value[..cut];
    }

    /// <summary>
    /// Tolerant (see <see cref="TolerantJson"/>): a number in the attributes, a boolean <c>InstanceARN</c>, an endpoint of
    /// an unexpected shape or a lone surrogate escape costs at most that one member, so the caller's number and the
    /// block's action still reach the function. Only an event that is no JSON object at all throws
    /// <see cref="JsonException"/>.
    /// </summary>
    public static ConnectEvent Read(ReadOnlySpan<byte> utf8) => TolerantJson.Read(utf8, ConnectJsonContext.Default.ConnectEvent);
}

[JsonSerializable(typeof(ConnectEvent))]
[JsonSerializable(typeof(ConnectQueue))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(LenientStringConverter), typeof(LenientStringMapConverter)])]
public sealed partial class ConnectJsonContext : JsonSerializerContext;
