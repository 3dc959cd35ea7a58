using System.Text.Json;
using Microsoft.Extensions.Logging;
using ServiceDesk.Wire.Observability;
using ServiceDesk.Testing;

namespace ServiceDesk.Wire.Tests.Observability;

public sealed class ObservabilityTests
{
    [Fact]
    public void Log_WithPhoneAndCallerName_NeverWritesEither()
    {
        var output = new StringWriter();
        var logger = new JsonLoggerProvider(output, new ManualClock()).CreateLogger("test");
        using (logger.BeginScope(new Dictionary<string, object?> { ["ContactId"] = "c-1", ["Intent"] = "ReportIssue" }))
        {
            logger.LogInformation("call from {Phone} by {CallerName}, also 415 555 0100", "+14155550100", "Ada Lovelace");
        }

        var line = output.ToString().Trim();
        Assert.DoesNotContain("14155550100", line);
        Assert.DoesNotContain("555 0100", line);
        Assert.DoesNotContain("Ada", line);
        using var doc = JsonDocument.Parse(line);
        Assert.Equal("c-1", doc.RootElement.GetProperty("contactId").GetString());
        Assert.Equal("ReportIssue", doc.RootElement.GetProperty("intent").GetString());
    }

    [Theory]
    [InlineData(456_789, "2026-12-02T07:05:09.045Z")]
    [InlineData(0, "2026-12-02T07:05:09.000Z")]
    public void Log_StampsTheLineInUtcToTheMillisecond(long ticks, string expected)
    {
        var output = new StringWriter();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 8, 5, 9, TimeSpan.FromHours(1)).AddTicks(ticks));
        new JsonLoggerProvider(output, clock).CreateLogger("test").LogInformation("tick");

        using var doc = JsonDocument.Parse(output.ToString().Trim());
        Assert.Equal(expected, doc.RootElement.GetProperty("timestamp").GetString());
    }

    [Fact]
    public void Log_InAScopeGivenAsAList_WritesItsFieldsAndTheInnerScopeWins()
    {
        var output = new StringWriter();
        var logger = new JsonLoggerProvider(output, new ManualClock()).CreateLogger("test");
        KeyValuePair<string, object?>[] outer = [new("contactId", "c-1"), new("intent", "ReportIssue")];
        using (logger.BeginScope(outer))
        using (logger.BeginScope(new List<KeyValuePair<string, object?>> { new("intent", "CheckTicketStatus") }))
        {
            logger.LogInformation("turn done");
        }

        using var doc = JsonDocument.Parse(output.ToString().Trim());
        Assert.Equal("c-1", doc.RootElement.GetProperty("contactId").GetString());
        Assert.Equal("CheckTicketStatus", doc.RootElement.GetProperty("intent").GetString());
    }

    [Fact]
    public void Record_WritesOneLineInTheEmfSpecShape()
    {
        var output = new StringWriter();
        new EmfMetrics(output, new ManualClock()).Record("LexFulfillment", "ReportIssue", CallOutcome.HandedOff, TimeSpan.FromMilliseconds(42));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var root = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        var aws = root.GetProperty("_aws");
        Assert.Equal(JsonValueKind.Number, aws.GetProperty("Timestamp").ValueKind);
        foreach (var directive in aws.GetProperty("CloudWatchMetrics").EnumerateArray())
        {
            Assert.Equal("ServiceDesk", directive.GetProperty("Namespace").GetString());
            foreach (var set in directive.GetProperty("Dimensions").EnumerateArray())
            {
                Assert.All(set.EnumerateArray(), d => Assert.Equal(JsonValueKind.String, root.GetProperty(d.GetString()!).ValueKind));
            }

            Assert.All(directive.GetProperty("Metrics").EnumerateArray(), m => Assert.Equal(JsonValueKind.Number, root.GetProperty(m.GetProperty("Name").GetString()!).ValueKind));
        }

        Assert.Equal("HandedOff", root.GetProperty("Outcome").GetString());
    }

    [Fact]
    public void RecordCall_WritesTheCallsMetrics_AndATransferByItsReason()
    {
        var output = new StringWriter();
        var call = new ServiceDesk.Core.Calls.CallSummary
        {
            ContactId = "c-1",
            Outcome = ServiceDesk.Core.Calls.CallSummaryOutcome.Transferred,
            TransferReason = "backend_unavailable",
            TicketsCreated = 1,
            AgentAnswers = 2,
            Turns = 5,
            DurationSeconds = 75,
        };

        new EmfMetrics(output, new ManualClock()).RecordCall(call);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        foreach (var root in lines)
        {
            var directive = Assert.Single(root.GetProperty("_aws").GetProperty("CloudWatchMetrics").EnumerateArray());
            Assert.All(directive.GetProperty("Dimensions").EnumerateArray().SelectMany(set => set.EnumerateArray()), d => Assert.Equal(JsonValueKind.String, root.GetProperty(d.GetString()!).ValueKind));
            Assert.All(directive.GetProperty("Metrics").EnumerateArray(), m => Assert.Equal(JsonValueKind.Number, root.GetProperty(m.GetProperty("Name").GetString()!).ValueKind));
        }

        Assert.Equal("transferred", lines[0].GetProperty("Outcome").GetString());
        Assert.Equal(0, lines[0].GetProperty(EmfMetrics.ContainedMetric).GetInt32());
        Assert.Equal(1, lines[0].GetProperty(EmfMetrics.TicketsPerCallMetric).GetInt32());
        Assert.Equal(2, lines[0].GetProperty(EmfMetrics.AgentAnswersMetric).GetInt32());
        Assert.Equal("backend_unavailable", lines[1].GetProperty("TransferReason").GetString());
        Assert.Equal(1, lines[1].GetProperty(EmfMetrics.TransfersMetric).GetInt32());
    }

    [Fact]
    public void RecordCall_ForAContainedCall_CountsItContained_WithNoTransferLine()
    {
        var output = new StringWriter();

        new EmfMetrics(output, new ManualClock()).RecordCall(new ServiceDesk.Core.Calls.CallSummary { ContactId = "c-2", Outcome = ServiceDesk.Core.Calls.CallSummaryOutcome.SelfServed });

        var root = JsonDocument.Parse(Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(1, root.GetProperty(EmfMetrics.ContainedMetric).GetInt32());
        Assert.Equal("self_served", root.GetProperty("Outcome").GetString());
    }
}
