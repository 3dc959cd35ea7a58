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
}
