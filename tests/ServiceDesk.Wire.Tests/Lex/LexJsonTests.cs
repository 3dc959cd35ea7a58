using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceDesk.Wire.Lex;
using ServiceDesk.Testing;

namespace ServiceDesk.Wire.Tests.Lex;

public class LexJsonCorpusTests
{
    [Fact]
    [Trait("Category", ExternalCorpus.Trait)]
    public void ReadEvent_ReadsEveryRealEvent() =>
        ExternalCorpus.ForEach(ExternalCorpus.Files("lexv2-events"), file =>
        {
            var lexEvent = LexJson.ReadEvent(File.ReadAllBytes(file));

            Assert.False(string.IsNullOrEmpty(lexEvent.SessionId));
            Assert.Contains(lexEvent.InvocationSource, new[] { LexValues.DialogCodeHook, LexValues.FulfillmentCodeHook });
            Assert.False(string.IsNullOrEmpty(lexEvent.SessionState?.Intent?.Name));
            Assert.NotEmpty(lexEvent.Interpretations!);
            Assert.Contains(lexEvent.Interpretations!, i => i.NluConfidence is > 0);
        });

    [Fact]
    [Trait("Category", ExternalCorpus.Trait)]
    public void ReadEvent_RoundTripsEveryRealEvent_WithConfidenceWrittenAsNumber() =>
        ExternalCorpus.ForEach(ExternalCorpus.Files("lexv2-events"), file =>
        {
            var bytes = File.ReadAllBytes(file);
            var written = LexJson.Write(LexJson.ReadEvent(bytes));

            var expected = NormalizeConfidence(JsonNode.Parse(Strip(bytes))!);
            AssertSameJson(expected, JsonNode.Parse(written)!);
        });

    [Fact]
    [Trait("Category", ExternalCorpus.Trait)]
    public void ReadResponse_RoundTripsEveryRealResponse() =>
        ExternalCorpus.ForEach(ExternalCorpus.Files("lexv2-responses"), file =>
        {
            var bytes = File.ReadAllBytes(file);
            var written = LexJson.Write(LexJson.ReadResponse(bytes));

            AssertSameJson(JsonNode.Parse(Strip(bytes))!, JsonNode.Parse(written)!);
        });

    private static void AssertSameJson(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}{Environment.NewLine}actual   {actual.ToJsonString()}");

    private static byte[] Strip(byte[] bytes) => bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;

    private static JsonNode NormalizeConfidence(JsonNode root)
    {
        foreach (var interpretation in root["interpretations"]?.AsArray() ?? [])
        {
            if (interpretation?["nluConfidence"] is JsonObject wrapped)
            {
                interpretation["nluConfidence"] = wrapped["score"]!.GetValue<double>();
            }
        }

        return root;
    }
}

public class LexJsonTests
{
    [Theory]
    [InlineData("""{"interpretations":[{"nluConfidence":0.79}]}""", 0.79)]
    [InlineData("""{"interpretations":[{"nluConfidence":{"score":0.95}}]}""", 0.95)]
    [InlineData("""{"interpretations":[{"nluConfidence":{"other":1,"score":1}}]}""", 1.0)]
    [InlineData("""{"interpretations":[{"nluConfidence":null}]}""", null)]
    [InlineData("""{"interpretations":[{}]}""", null)]
    public void ReadEvent_AcceptsBothConfidenceShapes(string json, double? expected)
    {
        var lexEvent = LexJson.ReadEvent(Encoding.UTF8.GetBytes(json));

        Assert.Equal(expected, lexEvent.Interpretations![0].NluConfidence);
    }

    [Fact]
    public void ReadEvent_ToleratesNullsUnknownFieldsMissingShapeAndBom()
    {
        var json = "\uFEFF" + """
            {"sessionId":null,"bot":null,"interpretations":null,"newField":{"deep":[1,2]},
             "sessionState":{"sessionAttributes":null,"intent":{"name":"CheckTicketStatus","slots":{"TicketNumber":{"value":{"originalValue":"12345"}},"Other":null}}},
             "transcriptions":[{"transcription":"x","resolvedSlots":null,"resolvedContext":null}]}
            """;

        var lexEvent = LexJson.ReadEvent(Encoding.UTF8.GetBytes(json));

        var slots = lexEvent.SessionState!.Intent!.Slots!;
        Assert.Null(slots["TicketNumber"]!.Shape);
        Assert.Equal("12345", slots["TicketNumber"]!.Value!.OriginalValue);
        Assert.Null(slots["Other"]);
    }

    [Fact]
    public void Write_OmitsNullsButKeepsUnfilledSlots()
    {
        var response = new LexResponse
        {
            SessionState = new LexSessionState
            {
                DialogAction = new LexDialogAction { Type = LexValues.ElicitSlot, SlotToElicit = "Problem" },
                Intent = new LexIntent { Name = "ReportIssue", Slots = new() { ["Problem"] = null } },
            },
        };

        var json = Encoding.UTF8.GetString(LexJson.Write(response));

        Assert.Equal("""{"sessionState":{"dialogAction":{"type":"ElicitSlot","slotToElicit":"Problem"},"intent":{"name":"ReportIssue","slots":{"Problem":null}}}}""", json);
    }

    [Fact]
    public void ReadEvent_WhenNotJson_Throws() =>
        Assert.ThrowsAny<JsonException>(() => LexJson.ReadEvent("not json"u8));
}
