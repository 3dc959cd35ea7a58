using System.Text.Json.Serialization;

namespace ServiceDesk.Wire.Scheduling;

/// <summary>
/// The event an EventBridge schedule rule sends a Lambda target
/// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html). Nothing in it is needed to
/// run a sweep; it is read for the log (which rule, scheduled for when).
/// </summary>
public sealed record ScheduledEvent
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("detail-type")] public string? DetailType { get; init; }
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonPropertyName("time")] public string? Time { get; init; }
    [JsonPropertyName("resources")] public List<string>? Resources { get; init; }
}

/// <summary>What a sweep did, as the function answers it (the invoke result and the log).</summary>
public sealed record SweepResponse(
    [property: JsonPropertyName("escalated")] int Escalated,
    [property: JsonPropertyName("notified")] int Notified,
    [property: JsonPropertyName("already_handled")] int AlreadyHandled,
    [property: JsonPropertyName("more")] bool More,
    [property: JsonPropertyName("error")] string? Error = null);

[JsonSerializable(typeof(ScheduledEvent))]
[JsonSerializable(typeof(SweepResponse))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
public sealed partial class ScheduledEventJsonContext : JsonSerializerContext;
