using System.Text.Json;
using System.Text.RegularExpressions;

namespace ServiceDesk.Emulation.Lex;

public sealed record SlotTypeDefinition(string Name, string? Parent, IReadOnlyList<(string Value, IReadOnlyList<string> Synonyms)> Values, bool TopResolution, Regex? Filter);

/// <summary>A slot of an intent; <see cref="Obfuscated"/> when Lex masks its value in conversation logs (a PIN).</summary>
public sealed record SlotDefinition(string Name, string TypeName, bool Required, string? Prompt, int MaxRetries, bool Obfuscated = false);

public sealed record IntentDefinition(
    string Name,
    string? ParentSignature,
    IReadOnlyList<string> Utterances,
    IReadOnlyList<SlotDefinition> Slots,
    bool DialogHook,
    bool FulfillmentHook)
{
    public bool IsFallback => ParentSignature == "AMAZON.FallbackIntent";
}

/// <summary>
/// A Lex V2 bot read from its export (the LexJson layout: Manifest.json, Bot.json, BotLocales/...), enough to emulate
/// a conversation: intents with sample utterances and slots in priority order, slot types, prompts and code hooks.
/// </summary>
public sealed record BotDefinition(string Name, string LocaleId, double ConfidenceThreshold, IReadOnlyList<IntentDefinition> Intents, IReadOnlyDictionary<string, SlotTypeDefinition> SlotTypes)
{
    public IntentDefinition? Intent(string name) => Intents.FirstOrDefault(i => i.Name == name);

    public IntentDefinition? Fallback => Intents.FirstOrDefault(i => i.IsFallback);

    /// <summary>Loads the export folder (the one holding Manifest.json) for one locale (the first when none is given).</summary>
    public static BotDefinition Load(string folder, string? localeId = null)
    {
        var manifest = Directory.EnumerateFiles(folder).FirstOrDefault(f => string.Equals(Path.GetFileName(f), "manifest.json", StringComparison.OrdinalIgnoreCase))
            ?? throw new BotDefinitionException(folder, "no Manifest.json: not a Lex V2 bot export");
        var botFolder = Directory.EnumerateDirectories(folder).FirstOrDefault(d => File.Exists(Path.Combine(d, "Bot.json")))
            ?? throw new BotDefinitionException(manifest, "no <BotName>/Bot.json beside the manifest");
        var bot = Read(Path.Combine(botFolder, "Bot.json"));
        var locales = Path.Combine(botFolder, "BotLocales");
        var localeFolder = (localeId is null
            ? Directory.EnumerateDirectories(locales).Order(StringComparer.Ordinal).FirstOrDefault()
            : Path.Combine(locales, localeId)) ?? throw new BotDefinitionException(locales, "no locale");
        var locale = Read(Path.Combine(localeFolder, "BotLocale.json"));
        var threshold = locale.TryGetProperty("nluConfidenceThreshold", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : 0.4;

        var slotTypes = new Dictionary<string, SlotTypeDefinition>(StringComparer.Ordinal);
        var slotTypesFolder = Path.Combine(localeFolder, "SlotTypes");
        foreach (var file in Directory.Exists(slotTypesFolder) ? Directory.EnumerateFiles(slotTypesFolder, "SlotType.json", SearchOption.AllDirectories) : [])
        {
            var type = ReadSlotType(file);
            slotTypes[type.Name] = type;
        }

        var intents = new List<IntentDefinition>();
        foreach (var intentFolder in Directory.EnumerateDirectories(Path.Combine(localeFolder, "Intents")).Order(StringComparer.Ordinal))
        {
            intents.Add(ReadIntent(intentFolder));
        }

        return new BotDefinition(Str(bot, "name") ?? Path.GetFileName(botFolder), Str(locale, "identifier") ?? Path.GetFileName(localeFolder), threshold, intents, slotTypes);
    }

    private static IntentDefinition ReadIntent(string folder)
    {
        var file = Path.Combine(folder, "Intent.json");
        var intent = Read(file);
        var name = Str(intent, "name") ?? throw new BotDefinitionException(file, "intent without a name");
        var utterances = Array(intent, "sampleUtterances").Select(u => Str(u, "utterance")).OfType<string>().ToList();
        var slots = new Dictionary<string, SlotDefinition>(StringComparer.Ordinal);
        var slotsFolder = Path.Combine(folder, "Slots");
        foreach (var slotFile in Directory.Exists(slotsFolder) ? Directory.EnumerateFiles(slotsFolder, "Slot.json", SearchOption.AllDirectories) : [])
        {
            var slot = ReadSlot(slotFile);
            slots[slot.Name] = slot;
        }

        // Lex elicits slots in slotPriorities order; slots missing from it come last.
        var ordered = Array(intent, "slotPriorities")
            .OrderBy(p => p.TryGetProperty("priority", out var pr) && pr.ValueKind == JsonValueKind.Number ? pr.GetInt32() : int.MaxValue)
            .Select(p => Str(p, "slotName")).OfType<string>().Where(slots.ContainsKey).Select(n => slots[n]).ToList();
        ordered.AddRange(slots.Values.Where(s => !ordered.Contains(s)));
        return new IntentDefinition(name, Str(intent, "parentIntentSignature"), utterances, ordered, Enabled(intent, "dialogCodeHook"), Enabled(intent, "fulfillmentCodeHook"));
    }

    private static SlotDefinition ReadSlot(string file)
    {
        var slot = Read(file);
        var elicitation = slot.TryGetProperty("valueElicitationSetting", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
        var required = elicitation.ValueKind == JsonValueKind.Object && Str(elicitation, "slotConstraint") == "Required";
        string? prompt = null;
        var retries = 2;
        if (elicitation.ValueKind == JsonValueKind.Object && elicitation.TryGetProperty("promptSpecification", out var spec) && spec.ValueKind == JsonValueKind.Object)
        {
            retries = spec.TryGetProperty("maxRetries", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : 2;
            prompt = Array(spec, "messageGroupsList").Select(g => g.TryGetProperty("message", out var m) ? MessageText(m) : null).OfType<string>().FirstOrDefault();
        }

        var obfuscated = slot.TryGetProperty("obfuscationSetting", out var o) && o.ValueKind == JsonValueKind.Object && Str(o, "obfuscationSettingType") == "DefaultObfuscation";
        return new SlotDefinition(Str(slot, "name") ?? throw new BotDefinitionException(file, "slot without a name"), Str(slot, "slotTypeName") ?? "AMAZON.FreeFormInput", required, prompt, retries, obfuscated);
    }

    private static SlotTypeDefinition ReadSlotType(string file)
    {
        var type = Read(file);
        var values = Array(type, "slotTypeValues").Select(v => (
            Value: v.TryGetProperty("sampleValue", out var s) ? Str(s, "value") ?? string.Empty : string.Empty,
            Synonyms: (IReadOnlyList<string>)[.. Array(v, "synonyms").Select(x => Str(x, "value")).OfType<string>()])).Where(v => v.Value.Length > 0).ToList();
        var selection = type.TryGetProperty("valueSelectionSetting", out var vs) && vs.ValueKind == JsonValueKind.Object ? vs : default;
        Regex? filter = null;
        if (selection.ValueKind == JsonValueKind.Object && selection.TryGetProperty("regexFilter", out var rf) && rf.ValueKind == JsonValueKind.Object && Str(rf, "pattern") is { } pattern)
        {
            filter = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }

        var top = selection.ValueKind == JsonValueKind.Object && Str(selection, "resolutionStrategy") == "TOP_RESOLUTION";
        return new SlotTypeDefinition(Str(type, "name") ?? throw new BotDefinitionException(file, "slot type without a name"), Str(type, "parentSlotTypeSignature"), values, top, filter);
    }

    private static string? MessageText(JsonElement message)
    {
        foreach (var kind in new[] { "ssmlMessage", "plainTextMessage" })
        {
            if (message.TryGetProperty(kind, out var m) && m.ValueKind == JsonValueKind.Object && Str(m, "value") is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private static bool Enabled(JsonElement owner, string hook) =>
        owner.TryGetProperty(hook, out var h) && h.ValueKind == JsonValueKind.Object && h.TryGetProperty("enabled", out var e) && e.ValueKind == JsonValueKind.True;

    private static string? Str(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IEnumerable<JsonElement> Array(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    private static JsonElement Read(string file)
    {
        try
        {
            return JsonDocument.Parse(Wire.Utf8Bom.Skip(File.ReadAllBytes(file).AsMemory())).RootElement.Clone();
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new BotDefinitionException(file, ex is JsonException j ? $"not valid JSON (line {j.LineNumber + 1})" : "cannot be read");
        }
    }
}

/// <summary>A bot export the emulator cannot use, with the file that is wrong.</summary>
public sealed class BotDefinitionException(string file, string problem) : Exception($"{file}: {problem}")
{
    public string File { get; } = file;
}
