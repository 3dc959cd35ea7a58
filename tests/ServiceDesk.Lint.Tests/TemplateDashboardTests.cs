using System.Text.Json;
using System.Text.RegularExpressions;
using ServiceDesk.Wire.Observability;
using ServiceDesk.Testing;
using YamlDotNet.RepresentationModel;

namespace ServiceDesk.Lint.Tests;

/// <summary>
/// The dashboard in template.yaml graphs what the code emits: its SEARCH expressions are checked against EMF lines
/// written by <see cref="EmfMetrics"/> itself (namespace, dimension sets, metric names), not against copied strings.
/// </summary>
public sealed partial class TemplateDashboardTests
{
    [Fact]
    public void DashboardSearches_NameANamespaceDimensionsAndMetricTheCodeEmits()
    {
        var emitted = Emitted();
        var searches = Searches();

        Assert.NotEmpty(searches);
        foreach (var (ns, dimensions, metric) in searches)
        {
            Assert.True(emitted.Namespaces.Contains(ns), $"the dashboard searches namespace {ns}; the code emits {string.Join(", ", emitted.Namespaces)}");
            Assert.True(emitted.DimensionSets.Contains(dimensions), $"the dashboard searches dimensions {dimensions}; the code emits {string.Join(" and ", emitted.DimensionSets)}");
            Assert.True(emitted.Metrics.Contains(metric), $"the dashboard searches metric {metric}; the code emits {string.Join(", ", emitted.Metrics)}");
        }

        Assert.All(emitted.Metrics, m => Assert.Contains(searches, s => s.Metric == m));
    }

    [Fact]
    public void OutcomesWidget_NamesEveryOutcomeTheCodeRecords()
    {
        var title = Widgets().Select(w => w.GetProperty("properties").GetProperty("title").GetString()!).Single(t => t.StartsWith("Outcomes", StringComparison.Ordinal));

        Assert.All(Enum.GetNames<CallOutcome>(), outcome => Assert.Contains(outcome, title, StringComparison.Ordinal));
    }

    private sealed record EmittedMetrics(HashSet<string> Namespaces, HashSet<string> DimensionSets, HashSet<string> Metrics);

    private static EmittedMetrics Emitted()
    {
        var output = new StringWriter();
        var metrics = new EmfMetrics(output, new ManualClock());
        foreach (var outcome in Enum.GetValues<CallOutcome>())
        {
            metrics.Record("LexFulfillment", "ReportIssue", outcome, TimeSpan.FromMilliseconds(5));
        }

        foreach (var outcome in Enum.GetValues<Core.Calls.CallSummaryOutcome>())
        {
            metrics.RecordCall(new Core.Calls.CallSummary { ContactId = "c", Outcome = outcome, TransferReason = "caller_request" });
        }

        metrics.RecordSchedulerError("LexFulfillment", nameof(Core.FailureKind.Unavailable));

        var result = new EmittedMetrics([], [], []);
        foreach (var line in output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var record = JsonDocument.Parse(line);
            foreach (var directive in record.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics").EnumerateArray())
            {
                result.Namespaces.Add(directive.GetProperty("Namespace").GetString()!);
                result.DimensionSets.UnionWith(directive.GetProperty("Dimensions").EnumerateArray().Select(set => string.Join(",", set.EnumerateArray().Select(d => d.GetString()))));
                result.Metrics.UnionWith(directive.GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString()!));
            }
        }

        return result;
    }

    /// <summary>Each <c>SEARCH('{Namespace,Dim1,Dim2} MetricName="Name"', ...)</c> in the dashboard's widgets.</summary>
    private static List<(string Namespace, string Dimensions, string Metric)> Searches() =>
        [.. Widgets()
            .SelectMany(w => w.GetProperty("properties").GetProperty("metrics").EnumerateArray())
            .SelectMany(row => row.EnumerateArray())
            .Where(item => item.ValueKind == JsonValueKind.Object && item.TryGetProperty("expression", out _))
            .Where(item => item.GetProperty("expression").GetString()!.Contains("SEARCH(", StringComparison.Ordinal))
            .Select(item => Search().Match(item.GetProperty("expression").GetString()!))
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value))];

    private static IEnumerable<JsonElement> Widgets()
    {
        var dashboard = TemplateYaml.Load().Resources().Children.Values.OfType<YamlMappingNode>()
            .Single(r => r["Type"].ToString() == "AWS::CloudWatch::Dashboard");
        var body = ((YamlMappingNode)dashboard["Properties"])["DashboardBody"].ToString();
        // A !Sub template: its ${...} sit inside JSON strings, so any stand-in keeps the JSON valid.
        using var json = JsonDocument.Parse(Regex.Replace(body, @"\$\{[^}]+\}", "x"));
        return [.. json.RootElement.GetProperty("widgets").EnumerateArray().Select(w => w.Clone())];
    }

    // {Namespace} alone searches the metrics written without a dimension (an EMF dimension set []).
    [GeneratedRegex("""SEARCH\('\{([^,}]+)(?:,([^}]+))?\} MetricName="([^"]+)"'""")]
    private static partial Regex Search();
}
