using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Callers;
using ServiceDesk.Functions.Lex;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests.Lex;

/// <summary>Session attributes are a string map on the way in and on the way out, whatever a flow or a client put there.</summary>
public class SessionAttributeTests
{
    private static byte[] WithAttribute(string file, string key, JsonNode? value)
    {
        var root = JsonNode.Parse(RepoPaths.ReadEvent("lex", file))!;
        root["sessionState"]!["sessionAttributes"]![key] = value;
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static void AssertStringMap(byte[] response)
    {
        using var doc = JsonDocument.Parse(response);
        var attributes = doc.RootElement.GetProperty("sessionState").GetProperty("sessionAttributes");
        Assert.All(attributes.EnumerateObject(), a => Assert.Equal(JsonValueKind.String, a.Value.ValueKind));
    }

    [Fact]
    public async Task NullAttribute_IsNotEchoedAsJsonNull()
    {
        var harness = new LexHarness();

        await harness.InvokeAsync(WithAttribute("check-status-dialog-speech.json", LexTurn.AfterHoursKey, null));

        AssertStringMap(harness.LastBytes);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("true")]
    [InlineData("{\"nested\":1}")]
    public async Task NonStringAttribute_KeepsTheCallersIdentity(string json)
    {
        var plain = await new LexHarness().InvokeAsync("check-status-dialog-speech.json");
        var harness = new LexHarness();

        var response = await harness.InvokeAsync(WithAttribute("check-status-dialog-speech.json", SessionKeys.CallerVip, JsonNode.Parse(json)));

        AssertStringMap(harness.LastBytes);
        Assert.Equal("emp-1001", LexHarness.Attribute(response, SessionKeys.CallerId));
        Assert.Equal("phone", LexHarness.Attribute(response, SessionKeys.CallerVerifiedBy));
        Assert.Equal(plain.SessionState.DialogAction!.Type, response.SessionState.DialogAction!.Type);
        Assert.Equal(LexHarness.Spoken(plain), LexHarness.Spoken(response));
    }

    [Fact]
    public void ReadEvent_NumberAndBooleanAttributes_AreReadAsTheirText()
    {
        var lexEvent = LexJson.ReadEvent(WithAttribute("check-status-dialog-speech.json", "retries", 2));

        Assert.Equal("2", lexEvent.SessionState!.SessionAttributes!["retries"]);
        Assert.Equal("emp-1001", lexEvent.SessionState.SessionAttributes[SessionKeys.CallerId]);
    }

    [Fact]
    public void ReadEvent_LoneSurrogateInTheTranscript_KeepsTheRestOfTheEvent()
    {
        var text = Encoding.UTF8.GetString(RepoPaths.ReadEvent("lex", "check-status-dialog-speech.json"));
        var spoiled = text.Replace("\"what's the status", "\"\\ud800 what's the status", StringComparison.Ordinal);

        var lexEvent = LexJson.ReadEvent(Encoding.UTF8.GetBytes(spoiled));

        Assert.StartsWith("\uFFFD what's", lexEvent.InputTranscript, StringComparison.Ordinal);
        Assert.Equal("emp-1001", lexEvent.SessionState!.SessionAttributes![SessionKeys.CallerId]);
    }
}
