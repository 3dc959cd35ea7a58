using System.Text.Json;

namespace ServiceDesk.Wire.Observability;

/// <summary>How a call (or one handler turn) ended, as the dashboard counts them.</summary>
public enum CallOutcome
{
    /// <summary>The caller got what they asked for without a person.</summary>
    SelfServed,
    /// <summary>Handed to a person (asked for, or a failure path that transfers).</summary>
    HandedOff,
    /// <summary>Something broke: the caller heard an apology.</summary>
    Failed,
}

/// <summary>
/// CloudWatch Embedded Metric Format: one JSON line per record on stdout, which Lambda ships to CloudWatch Logs and
/// CloudWatch turns into metrics, with no SDK call and no latency on the call path.
/// Namespace <c>ServiceDesk</c>; dimension sets (Function, Intent) and (Function, Outcome); metrics <c>Calls</c>
/// (Count) and <c>HandlerLatency</c> (Milliseconds).
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
/// </summary>
public sealed class EmfMetrics(TextWriter output, TimeProvider time)
{
    public const string Namespace = "ServiceDesk";
    public const string CallsMetric = "Calls";
    public const string LatencyMetric = "HandlerLatency";
    public const string CallsEndedMetric = "CallsEnded";
    public const string ContainedMetric = "Contained";
    public const string TicketsPerCallMetric = "TicketsPerCall";
    public const string AgentAnswersMetric = "AgentAnswers";
    public const string CallTurnsMetric = "CallTurns";
    public const string CallDurationMetric = "CallDuration";
    public const string TransfersMetric = "Transfers";
    /// <summary>Calls to the external visit scheduler that failed (down, timed out, token refused); the template alarms on it.</summary>
    public const string SchedulerErrorsMetric = "SchedulerErrors";

    // CloudWatch rejects dimension values over 1 KiB; intents are a small fixed set, so a long one is a bug, not data.
    private const int MaxDimensionValue = 256;
    private readonly Lock _gate = new();

    private static readonly string[][] TurnDimensions = [["Function", "Intent"], ["Function", "Outcome"]];
    private static readonly (string Name, string Unit)[] TurnMetrics = [(CallsMetric, "Count"), (LatencyMetric, "Milliseconds")];

    /// <summary>Writes one record for one handled turn.</summary>
    public void Record(string function, string? intent, CallOutcome outcome, TimeSpan handlerLatency)
    {
        // Written without a closure: this runs on every turn.
        using var line = JsonLine.Start();
        var json = line.Writer;
        json.WriteStartObject();
        WriteHeader(json, TurnDimensions, TurnMetrics);
        json.WriteString("Function", Dimension(function));
        json.WriteString("Intent", Dimension(intent));
        json.WriteString("Outcome", OutcomeNames[(int)outcome]);
        json.WriteNumber(CallsMetric, 1);
        json.WriteNumber(LatencyMetric, Math.Round(Math.Max(0, handlerLatency.TotalMilliseconds), 3));
        json.WriteEndObject();
        line.WriteTo(output, _gate);
    }

    private static readonly string[] OutcomeNames = [.. Enum.GetValues<CallOutcome>().Order().Select(o => o.ToString())];

    /// <summary>
    /// One record per ended call: <c>CallsEnded</c>, <c>Contained</c> (1 when no person was needed: its average is the
    /// containment rate), <c>TicketsPerCall</c>, <c>AgentAnswers</c>, <c>CallTurns</c> and <c>CallDuration</c>, with no
    /// dimension and by <c>Outcome</c>; and for a transfer, <c>Transfers</c> by <c>TransferReason</c>.
    /// </summary>
    public void RecordCall(Core.Calls.CallSummary call)
    {
        var outcome = JsonNamingPolicy.SnakeCaseLower.ConvertName(call.Outcome.ToString());
        Write(json =>
        {
            WriteHeader(json, [[], ["Outcome"]], [(CallsEndedMetric, "Count"), (ContainedMetric, "Count"), (TicketsPerCallMetric, "Count"), (AgentAnswersMetric, "Count"), (CallTurnsMetric, "Count"), (CallDurationMetric, "Seconds")]);
            json.WriteString("Outcome", outcome);
            json.WriteNumber(CallsEndedMetric, 1);
            json.WriteNumber(ContainedMetric, call.Contained ? 1 : 0);
            json.WriteNumber(TicketsPerCallMetric, call.TicketsCreated);
            json.WriteNumber(AgentAnswersMetric, call.AgentAnswers);
            json.WriteNumber(CallTurnsMetric, call.Turns);
            json.WriteNumber(CallDurationMetric, call.DurationSeconds);
        });
        if (call.Outcome is Core.Calls.CallSummaryOutcome.Transferred or Core.Calls.CallSummaryOutcome.Callback)
        {
            Write(json =>
            {
                WriteHeader(json, [["TransferReason"]], [(TransfersMetric, "Count")]);
                json.WriteString("TransferReason", Dimension(call.TransferReason ?? "flow"));
                json.WriteNumber(TransfersMetric, 1);
            });
        }
    }

    /// <summary>One failed scheduler call, by function and by what went wrong (<c>Unavailable</c>, <c>Refused</c>, ...).</summary>
    public void RecordSchedulerError(string function, string kind) =>
        Write(json =>
        {
            WriteHeader(json, [["Function"], ["Function", "Kind"]], [(SchedulerErrorsMetric, "Count")]);
            json.WriteString("Function", Dimension(function));
            json.WriteString("Kind", Dimension(kind));
            json.WriteNumber(SchedulerErrorsMetric, 1);
        });

    private void Write(Action<Utf8JsonWriter> body)
    {
        using var line = JsonLine.Start();
        line.Writer.WriteStartObject();
        body(line.Writer);
        line.Writer.WriteEndObject();
        line.WriteTo(output, _gate);
    }

    private void WriteHeader(Utf8JsonWriter json, string[][] dimensionSets, (string Name, string Unit)[] metrics)
    {
        json.WriteStartObject("_aws");
        json.WriteNumber("Timestamp", time.GetUtcNow().ToUnixTimeMilliseconds());
        json.WriteStartArray("CloudWatchMetrics");
        json.WriteStartObject();
        json.WriteString("Namespace", Namespace);
        json.WriteStartArray("Dimensions");
        foreach (var set in dimensionSets)
        {
            WriteDimensionSet(json, set);
        }

        json.WriteEndArray();
        json.WriteStartArray("Metrics");
        foreach (var (name, unit) in metrics)
        {
            WriteMetric(json, name, unit);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Dimension(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "None" : value.Length > MaxDimensionValue ? value[..MaxDimensionValue] : value;

    private static void WriteDimensionSet(Utf8JsonWriter json, string[] keys)
    {
        json.WriteStartArray();
        foreach (var key in keys)
        {
            json.WriteStringValue(key);
        }

        json.WriteEndArray();
    }

    private static void WriteMetric(Utf8JsonWriter json, string name, string unit)
    {
        json.WriteStartObject();
        json.WriteString("Name", name);
        json.WriteString("Unit", unit);
        json.WriteEndObject();
    }
}
