using System.Text.Json;

namespace ServiceDesk.Emulation.Flows;

public sealed record FlowCondition(string NextAction, string Operator, IReadOnlyList<string> Operands);

public sealed record FlowError(string NextAction, string ErrorType);

/// <summary>One block of a flow. Parameters stay JSON: real exports put numbers and booleans in strings, or not.</summary>
public sealed record FlowAction(string Identifier, string Type, JsonElement Parameters, string? NextAction, IReadOnlyList<FlowError> Errors, IReadOnlyList<FlowCondition> Conditions)
{
    public string? Param(string name) => Parameters.ValueKind == JsonValueKind.Object && Parameters.TryGetProperty(name, out var v)
        ? v.ValueKind switch { JsonValueKind.String => v.GetString(), JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(), _ => null }
        : null;

    public IReadOnlyDictionary<string, string> Map(string name) => Parameters.ValueKind == JsonValueKind.Object && Parameters.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
        ? v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? string.Empty : p.Value.GetRawText(), StringComparer.Ordinal)
        : new Dictionary<string, string>();

    public JsonElement? Child(string name) => Parameters.ValueKind == JsonValueKind.Object && Parameters.TryGetProperty(name, out var v) ? v : null;

    public string? ErrorTarget(string errorType) => Errors.FirstOrDefault(e => e.ErrorType == errorType)?.NextAction;

    /// <summary>All the actions this one can lead to.</summary>
    /// <summary>Where the action goes when it does not fail: its conditions' targets and its default.</summary>
    public IEnumerable<string> Successes => Conditions.Select(c => c.NextAction).Append(NextAction).OfType<string>();

    public IEnumerable<string> Targets => new[] { NextAction }.Concat(Errors.Select(e => e.NextAction)).Concat(Conditions.Select(c => c.NextAction)).OfType<string>();
}

/// <summary>A contact flow in the Amazon Connect Flow language (<c>Version</c> 2019-10-30).</summary>
public sealed record FlowDocument(string File, string StartAction, IReadOnlyList<FlowAction> Actions)
{
    /// <summary>The document's <c>Version</c>; the Flow language has one, <c>2019-10-30</c>.</summary>
    public string? Version { get; init; }

    private readonly Dictionary<string, FlowAction> _byId = Actions.GroupBy(a => a.Identifier).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public FlowAction? Find(string identifier) => _byId.GetValueOrDefault(identifier);

    public static FlowDocument Load(string file)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(Wire.Utf8Bom.Skip(System.IO.File.ReadAllBytes(file).AsMemory())).RootElement.Clone();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FlowException(file, "-", "no such flow file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FlowException(file, "-", "cannot be read");
        }
        catch (JsonException ex)
        {
            throw new FlowException(file, $"line {ex.LineNumber + 1}", "not valid JSON");
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(nameof(Actions), out var actions) || actions.ValueKind != JsonValueKind.Array)
        {
            throw new FlowException(file, "-", "not a Flow-language document (no Actions array)");
        }

        var list = new List<FlowAction>();
        var index = 0;
        foreach (var a in actions.EnumerateArray())
        {
            var where = $"Actions[{index++}]";
            var id = Str(a, "Identifier") ?? throw new FlowException(file, where, "action without an Identifier");
            var type = Str(a, "Type") ?? throw new FlowException(file, id, "action without a Type");
            var transitions = a.TryGetProperty("Transitions", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
            list.Add(new FlowAction(
                id,
                type,
                a.TryGetProperty("Parameters", out var p) ? p : default,
                transitions.ValueKind == JsonValueKind.Object ? Str(transitions, "NextAction") : null,
                [.. Items(transitions, "Errors").Select(e => new FlowError(Str(e, "NextAction") ?? string.Empty, Str(e, "ErrorType") ?? string.Empty))],
                [.. Items(transitions, "Conditions").Select(c => c.TryGetProperty("Condition", out var cond)
                    ? new FlowCondition(Str(c, "NextAction") ?? string.Empty, Str(cond, "Operator") ?? "Equals", [.. Items(cond, "Operands").Select(o => o.ValueKind == JsonValueKind.String ? o.GetString()! : o.GetRawText())])
                    : new FlowCondition(Str(c, "NextAction") ?? string.Empty, "Equals", []))]));
        }

        var start = Str(root, "StartAction") ?? throw new FlowException(file, "StartAction", "missing");
        return new FlowDocument(file, start, list) { Version = Str(root, "Version") };
    }

    private static string? Str(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IEnumerable<JsonElement> Items(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];
}

/// <summary>A flow problem, named by file and place (none for the file as a whole): one line for a person to act on.</summary>
public sealed class FlowException(string file, string location, string problem)
    : Exception(location is "" or "-" ? $"{file}: {problem}" : $"{file}: {location}: {problem}")
{
    public string File { get; } = file;
    public string Location { get; } = location;
}
