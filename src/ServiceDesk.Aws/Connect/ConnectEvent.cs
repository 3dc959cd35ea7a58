using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceDesk.Aws.Connect;

/// <summary>
/// The event Amazon Connect's InvokeLambdaFunction block sends (PascalCase). Every object may be null or missing.
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
    [JsonPropertyName("Parameters")] public Dictionary<string, string?>? Parameters { get; set; }
}

public sealed class ConnectContactData
{
    [JsonPropertyName("Attributes")] public Dictionary<string, string?>? Attributes { get; set; }
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
    public override ConnectQueue? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => new ConnectQueue { Name = reader.GetString() },
        _ => JsonSerializer.Deserialize(ref reader, ConnectJsonContext.Default.ConnectQueue),
    };

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

    public static ConnectEvent Read(ReadOnlySpan<byte> utf8)
    {
        return JsonSerializer.Deserialize(Utf8Bom.Skip(utf8), ConnectJsonContext.Default.ConnectEvent)
            ?? throw new JsonException("the Connect event is null");
    }
}

[JsonSerializable(typeof(ConnectEvent))]
[JsonSerializable(typeof(ConnectQueue))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
public sealed partial class ConnectJsonContext : JsonSerializerContext;
