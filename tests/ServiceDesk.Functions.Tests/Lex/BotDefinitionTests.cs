using System.Text.Json;
using System.Text.RegularExpressions;
using ServiceDesk.Functions.Lex;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests.Lex;

/// <summary>The bot export is well-formed and agrees with the handler (the flows and the lint rely on the names).</summary>
public partial class BotDefinitionTests
{
    private static string Bot(params string[] parts) => RepoPaths.Of(["lex-bots", "ServiceDeskBot", .. parts]);

    private static string Locale => Bot("ServiceDeskBot", "BotLocales", "en_US");

    private static JsonElement Read(string path) => JsonDocument.Parse(File.ReadAllBytes(path)).RootElement;

    [Fact]
    public void Manifest_IsTheRealExportShape()
    {
        var meta = Read(Bot("Manifest.json")).GetProperty("metaData");

        Assert.Equal(("1", "BOT", "LexJson"), (meta.GetProperty("schemaVersion").GetString(), meta.GetProperty("resourceType").GetString(), meta.GetProperty("fileFormat").GetString()));
        Assert.Equal("ServiceDeskBot", Read(Bot("ServiceDeskBot", "Bot.json")).GetProperty("name").GetString());
        Assert.Equal("en_US", Read(Path.Combine(Locale, "BotLocale.json")).GetProperty("identifier").GetString());
    }

    [Fact]
    public void Intents_AreExactlyTheOnesTheHandlerRoutes()
    {
        var intents = Directory.GetDirectories(Path.Combine(Locale, "Intents")).Select(Path.GetFileName).Order().ToList();

        Assert.Equal(BotContract.Intents.Order(), intents);
        Assert.Equal("AMAZON.FallbackIntent", Read(IntentFile(BotContract.FallbackIntent)).GetProperty("parentIntentSignature").GetString());
    }

    /// <summary>
    /// What the real Lex learns from: callers' own ways of saying it (at least 40 per intent, no two alike), in the form
    /// Lex accepts (letters and apostrophes, numbers spelled out, no free-form slot in a sample).
    /// </summary>
    [Theory]
    [InlineData(BotContract.ReportIssue)]
    [InlineData(BotContract.CheckTicketStatus)]
    [InlineData(BotContract.AddTicketComment)]
    [InlineData(BotContract.ListRecentTickets)]
    [InlineData(BotContract.SpeakToAgent)]
    [InlineData(BotContract.Goodbye)]
    public void SampleUtterances_AreManyVariedAndValid(string intent)
    {
        var utterances = Read(IntentFile(intent)).GetProperty("sampleUtterances").EnumerateArray().Select(u => u.GetProperty("utterance").GetString()!).ToList();

        Assert.True(utterances.Count >= 40, $"{intent} has {utterances.Count} sample utterances");
        Assert.Equal(utterances.Count, utterances.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(utterances, u => Assert.Matches(@"^(?:[A-Za-z']+|\{(?:TicketNumber|EmployeeId|Impact)\})(?: (?:[A-Za-z']+|\{(?:TicketNumber|EmployeeId|Impact)\}))*$", u));
    }

    [Fact]
    public void EveryIntent_IsWellFormed()
    {
        var slotTypes = Directory.GetDirectories(Path.Combine(Locale, "SlotTypes")).Select(Path.GetFileName).ToHashSet();
        foreach (var name in BotContract.Intents)
        {
            var intent = Read(IntentFile(name));
            Assert.Equal(name, intent.GetProperty("name").GetString());
            Assert.True(intent.GetProperty("dialogCodeHook").GetProperty("enabled").GetBoolean(), name);
            Assert.True(intent.GetProperty("fulfillmentCodeHook").GetProperty("enabled").GetBoolean(), name);

            var slotDir = Path.Combine(Path.GetDirectoryName(IntentFile(name))!, "Slots");
            var slots = Directory.Exists(slotDir) ? Directory.GetDirectories(slotDir).Select(Path.GetFileName).ToHashSet() : [];
            var priorities = intent.GetProperty("slotPriorities").EnumerateArray().Select(p => p.GetProperty("slotName").GetString()).ToList();
            Assert.Equal(slots.Order(), priorities.Order());
            Assert.Equal(priorities.Count, priorities.Distinct().Count());

            foreach (var slot in slots)
            {
                var definition = Read(Path.Combine(slotDir, slot!, "Slot.json"));
                Assert.Equal(slot, definition.GetProperty("name").GetString());
                var type = definition.GetProperty("slotTypeName").GetString()!;
                Assert.True(type.StartsWith("AMAZON.", StringComparison.Ordinal) || slotTypes.Contains(type), $"{name}/{slot}: {type}");
                var prompt = definition.GetProperty("valueElicitationSetting").GetProperty("promptSpecification");
                Assert.NotEmpty(prompt.GetProperty("messageGroupsList").EnumerateArray());
                Assert.True(prompt.GetProperty("maxRetries").GetInt32() >= 1);

                // A retry prompt: Lex plays the prompt, then on a retry the next variation in order.
                Assert.Equal("Ordered", prompt.GetProperty("messageSelectionStrategy").GetString());
                Assert.NotEmpty(prompt.GetProperty("messageGroupsList")[0].GetProperty("variations").EnumerateArray());

                // As in real exports, a capture that goes to the dialog code hook has an active slot code hook.
                var capture = definition.GetProperty("valueElicitationSetting").GetProperty("slotCaptureSetting");
                if (capture.GetProperty("captureNextStep").GetProperty("dialogAction").GetProperty("type").GetString() == "InvokeDialogCodeHook")
                {
                    Assert.True(capture.GetProperty("codeHook").GetProperty("isActive").GetBoolean(), $"{name}/{slot}");
                    Assert.True(capture.GetProperty("codeHook").GetProperty("enableCodeHookInvocation").GetBoolean(), $"{name}/{slot}");
                }
            }

            // When the initial hook delegates, Lex must go on with the intent, not end the conversation.
            if (name != BotContract.FallbackIntent)
            {
                var next = intent.GetProperty("initialResponseSetting").GetProperty("codeHook").GetProperty("postCodeHookSpecification")
                    .GetProperty("successNextStep").GetProperty("dialogAction").GetProperty("type").GetString();
                Assert.True(next is "ElicitSlot" or "FulfillIntent", $"{name}: {next}");
            }

            if (name == BotContract.FallbackIntent)
            {
                // Lex refuses sample utterances on the built-in fallback intent.
                Assert.Equal(JsonValueKind.Null, intent.GetProperty("sampleUtterances").ValueKind);
                continue;
            }

            var utterances = intent.GetProperty("sampleUtterances").EnumerateArray().Select(u => u.GetProperty("utterance").GetString()!).ToList();
            Assert.True(utterances.Count >= 15, $"{name} has {utterances.Count} utterances");
            Assert.Equal(utterances.Count, utterances.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            foreach (var reference in utterances.SelectMany(u => SlotReference().Matches(u)).Select(m => m.Groups[1].Value))
            {
                Assert.Contains(reference, slots);
            }
        }
    }

    [Fact]
    public void TicketIntents_CanAskForTheEmployeeId()
    {
        foreach (var name in BotContract.TicketIntents)
        {
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(IntentFile(name))!, "Slots", BotContract.Slots.EmployeeId, "Slot.json")), name);
        }
    }

    [Fact]
    public void SampleUtterances_AreUniqueAcrossIntents()
    {
        var all = BotContract.Intents.Where(i => i != BotContract.FallbackIntent)
            .SelectMany(i => Read(IntentFile(i)).GetProperty("sampleUtterances").EnumerateArray().Select(u => u.GetProperty("utterance").GetString()!.ToLowerInvariant()))
            .ToList();

        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void ImpactType_CoversTheThreeImpacts()
    {
        var values = Read(Path.Combine(Locale, "SlotTypes", "ImpactType", "SlotType.json")).GetProperty("slotTypeValues").EnumerateArray()
            .Select(v => v.GetProperty("sampleValue").GetProperty("value").GetString()).ToList();

        Assert.Equal(["just me", "my team", "the whole office"], values);
    }

    private static string IntentFile(string name) => Path.Combine(Locale, "Intents", name, "Intent.json");

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex SlotReference();
}
