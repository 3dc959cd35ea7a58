using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceDesk.Aws.Lex;

/// <summary>The Lex V2 wire family's source-generated serializer context.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(LexEvent))]
[JsonSerializable(typeof(LexResponse))]
public sealed partial class LexJsonContext : JsonSerializerContext;

/// <summary>Reads and writes Lex V2 payloads; the function, the tests and the benchmark all go through here.</summary>
public static class LexJson
{

    /// <summary>
    /// SSML is full of <c>&lt;</c>, <c>&quot;</c> and <c>'</c>; the default encoder writes each as <c>\u003C</c>, which
    /// costs bytes against Lex's 25 KB limit for nothing: these payloads never reach an HTML page.
    /// </summary>
    private static readonly LexJsonContext Context = new(new JsonSerializerOptions(LexJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static LexEvent ReadEvent(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(Utf8Bom.Skip(utf8), Context.LexEvent) ?? throw new JsonException("the Lex event is null");

    public static LexResponse ReadResponse(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(Utf8Bom.Skip(utf8), Context.LexResponse) ?? throw new JsonException("the Lex response is null");

    public static byte[] Write(LexResponse response) => JsonSerializer.SerializeToUtf8Bytes(response, Context.LexResponse);

    public static byte[] Write(LexEvent lexEvent) => JsonSerializer.SerializeToUtf8Bytes(lexEvent, Context.LexEvent);

}

/// <summary>Reads <c>nluConfidence</c> as a number or as <c>{"score": n}</c>; writes a number.</summary>
public sealed class NluConfidenceConverter : JsonConverter<double?>
{
    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.GetDouble();
            case JsonTokenType.StartObject:
                double? score = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    if (reader.TokenType != JsonTokenType.PropertyName)
                    {
                        continue;
                    }

                    var isScore = reader.ValueTextEquals("score"u8);
                    reader.Read();
                    if (isScore && reader.TokenType == JsonTokenType.Number)
                    {
                        score = reader.GetDouble();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                return score;
            case JsonTokenType.Null:
                return null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
    {
        if (value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
