using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceDesk.Wire.Lex;

/// <summary>The Lex V2 wire family's source-generated serializer context.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    Converters = [typeof(LenientStringConverter), typeof(LenientStringMapConverter)])]
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

    /// <summary>
    /// Tolerant (see <see cref="TolerantJson"/>): session attributes stay a string map (nulls dropped, numbers and
    /// booleans as text), and a member of the wrong type is read as absent rather than losing the whole turn, the
    /// caller's identity with it.
    /// </summary>
    public static LexEvent ReadEvent(ReadOnlySpan<byte> utf8) => WithoutNullItems(TolerantJson.Read(utf8, Context.LexEvent));

    /// <summary>A <c>null</c> in a list of hypotheses, interpretations or contexts is no item at all: handlers walk them unguarded.</summary>
    private static LexEvent WithoutNullItems(LexEvent lexEvent)
    {
        lexEvent.Interpretations?.RemoveAll(i => i is null);
        lexEvent.Transcriptions?.RemoveAll(t => t is null);
        lexEvent.SessionState?.ActiveContexts?.RemoveAll(c => c is null);
        foreach (var intent in (lexEvent.Interpretations ?? []).Select(i => i.Intent).Append(lexEvent.SessionState?.Intent))
        {
            foreach (var slot in intent?.Slots?.Values ?? (IEnumerable<LexSlot?>)[])
            {
                slot?.Values?.RemoveAll(v => v is null);
            }
        }

        return lexEvent;
    }

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
