using System.Text;
using System.Text.Json;

namespace ServiceDesk.Core.Agents;

/// <summary>The shape every tool answers in: one small JSON object a model reads, and the reprompt for unusable requests.</summary>
internal static class ToolJson
{
    public static string Object(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static ToolResult Reprompt(string reason) => new(ToolStatus.Reprompt, Object(w => w.WriteString("error", reason)), 400);

    /// <summary>A parameter's value, or null when it is missing or blank.</summary>
    public static string? Param(IReadOnlyDictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
