using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ServiceDesk.Wire;

/// <summary>
/// Reads an event the way a caller-facing function must: one member of the wrong type (a boolean where a string was
/// expected, an object where a list was) is treated as absent, and everything else in the event is kept. Only JSON that
/// is not JSON at all, or whose root is not an object, still throws <see cref="JsonException"/>.
/// </summary>
public static class TolerantJson
{
    /// <summary>More bad members than this and the event is taken as hostile noise, not a slightly wrong event.</summary>
    private const int MaxRepairs = 16;

    public static T Read<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        utf8 = Utf8Bom.Skip(utf8);
        try
        {
            return JsonSerializer.Deserialize(utf8, typeInfo) ?? throw new JsonException("the event is null");
        }
        catch (JsonException first)
        {
            try
            {
                return Repair(utf8, typeInfo, first);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                // A key twice, or text the tree cannot hold: there is nothing sound to repair.
                throw new JsonException(first.Message, ex);
            }
        }
    }

    private static T Repair<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo, JsonException first)
        where T : class
    {
        var sound = WellFormedEscapes(utf8);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(sound, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException)
        {
            throw first;
        }

        if (root is not JsonObject)
        {
            throw first;
        }

        // The escapes made sound first, then one bad member removed at a time, each where the serializer stopped.
        for (var repairs = 0; ; repairs++)
        {
            JsonException error;
            try
            {
                return root.Deserialize(typeInfo) ?? throw new JsonException("the event is null");
            }
            catch (JsonException next)
            {
                error = next;
            }

            if (repairs == MaxRepairs || !Remove(root, error.Path))
            {
                throw error;
            }
        }
    }

    /// <summary>
    /// The JSON with every unpaired surrogate escape (<c>\ud800</c> alone, in a key or a value) rewritten as
    /// <c>\ufffd</c>: the same length, and readable by every part of System.Text.Json.
    /// </summary>
    private static byte[] WellFormedEscapes(ReadOnlySpan<byte> utf8)
    {
        var bytes = utf8.ToArray();
        for (var i = 0; i < bytes.Length - 1; i++)
        {
            if (bytes[i] != (byte)'\\')
            {
                continue;
            }

            if (bytes[i + 1] != (byte)'u' || !Surrogate(bytes, i, out var code))
            {
                i++;
                continue;
            }

            if (char.IsHighSurrogate(code) && Surrogate(bytes, i + 6, out var next) && char.IsLowSurrogate(next))
            {
                i += 11;
                continue;
            }

            "\\ufffd"u8.CopyTo(bytes.AsSpan(i));
            i += 5;
        }

        return bytes;
    }

    private static bool Surrogate(byte[] bytes, int at, out char code)
    {
        code = default;
        if (at + 6 > bytes.Length || bytes[at] != (byte)'\\' || bytes[at + 1] != (byte)'u'
            || !ushort.TryParse(bytes.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        code = (char)value;
        return char.IsSurrogate(code);
    }

    /// <summary>Removes the member at a System.Text.Json error path (<c>$.a.b[2]['c.d']</c>); false if there is none.</summary>
    private static bool Remove(JsonNode root, string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return false;
        }

        var steps = new List<object>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                steps.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return false;
                }

                steps.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return false;
                }

                steps.Add(index);
                i = end + 1;
            }
            else
            {
                return false;
            }
        }

        if (steps.Count == 0)
        {
            return false;
        }

        var parent = root;
        foreach (var step in steps.Take(steps.Count - 1))
        {
            parent = step switch
            {
                string name when parent is JsonObject o && o.TryGetPropertyValue(name, out var child) => child,
                int index when parent is JsonArray a && index < a.Count => a[index],
                _ => null,
            };
            if (parent is null)
            {
                return false;
            }
        }

        switch (steps[^1], parent)
        {
            case (string name, JsonObject o) when o.ContainsKey(name):
                o.Remove(name);
                return true;
            case (int index, JsonArray a) when index < a.Count:
                a.RemoveAt(index);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A JSON string as text, with a lone surrogate escape (<c>\ud800</c>, which .NET cannot hold in a well-formed
    /// string) read as U+FFFD instead of failing the whole event.
    /// </summary>
    internal static string ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
            return WellFormed(Unescape(raw));
        }
    }

    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        while (raw.Length > 0)
        {
            var slash = raw.IndexOf((byte)'\\');
            if (slash < 0 || slash + 1 >= raw.Length)
            {
                text.Append(Encoding.UTF8.GetString(raw));
                break;
            }

            text.Append(Encoding.UTF8.GetString(raw[..slash]));
            var escape = (char)raw[slash + 1];
            if (escape == 'u' && slash + 6 <= raw.Length
                && ushort.TryParse(Encoding.ASCII.GetString(raw.Slice(slash + 2, 4)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                text.Append((char)code);
                raw = raw[(slash + 6)..];
                continue;
            }

            text.Append(escape switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'f' => '\f', _ => escape });
            raw = raw[(slash + 2)..];
        }

        return text.ToString();
    }

    /// <summary>The text with every unpaired surrogate replaced by U+FFFD.</summary>
    public static string WellFormed(string text)
    {
        char[]? fixedUp = null;
        for (var i = 0; i < text.Length; i++)
        {
            var paired = char.IsHighSurrogate(text[i]) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                : !char.IsLowSurrogate(text[i]) || (i > 0 && char.IsHighSurrogate(text[i - 1]));
            if (!paired)
            {
                fixedUp ??= text.ToCharArray();
                fixedUp[i] = '\uFFFD';
            }
            else if (char.IsHighSurrogate(text[i]))
            {
                i++;
            }
        }

        return fixedUp is null ? text : new string(fixedUp);
    }
}

/// <summary>
/// A string member that also accepts a number or a boolean (as its JSON text) and a lone surrogate escape; an object
/// or an array is a wrong type and fails, which <see cref="TolerantJson"/> treats as the member being absent.
/// </summary>
public sealed class LenientStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => TolerantJson.ReadString(ref reader),
        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"expected a string, found {reader.TokenType}"),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => TolerantJson.ReadString(ref reader);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}

/// <summary>
/// A string-to-string map (session attributes) that stays one: a null value is dropped, a number or boolean becomes
/// its JSON text, an object or array value is dropped. The rest of the map, the caller's identity with it, is kept.
/// </summary>
public sealed class LenientStringMapConverter : JsonConverter<Dictionary<string, string>>
{
    public override Dictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"expected an object of strings, found {reader.TokenType}");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = TolerantJson.ReadString(ref reader);
            reader.Read();
            string? value = reader.TokenType switch
            {
                JsonTokenType.String => TolerantJson.ReadString(ref reader),
                JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => Encoding.UTF8.GetString(reader.ValueSpan),
                _ => null,
            };
            reader.Skip();
            if (value is not null)
            {
                map[key] = value;
            }
        }

        return map;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, text) in value)
        {
            if (text is not null)
            {
                writer.WriteString(key, text);
            }
        }

        writer.WriteEndObject();
    }
}
