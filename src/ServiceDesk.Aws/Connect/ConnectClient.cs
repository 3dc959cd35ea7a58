using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceDesk.Aws.Http;
using ServiceDesk.Core;
using ServiceDesk.Core.ContactCenter;

namespace ServiceDesk.Aws.Connect;

/// <summary>
/// The Amazon Connect API calls the service desk needs (rest-json, signing name <c>connect</c>):
/// UpdateContactAttributes for the handoff summary, GetCurrentMetricData for the queue check (agents available and
/// the estimated wait).
/// https://docs.aws.amazon.com/connect/latest/APIReference/API_GetCurrentMetricData.html
/// </summary>
public sealed class ConnectClient(AwsSignedClient client, AwsEndpoint endpoint, string instanceId, TimeProvider time, TimeSpan? callBudget = null) : IContactCenter
{
    private const string VoiceChannel = "VOICE";

    private readonly TimeSpan _budget = callBudget ?? Core.Resilience.Deadlines.ConnectCall;

    public async Task<Result<bool>> UpdateContactAttributesAsync(string initialContactId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new UpdateContactAttributesRequest(instanceId, initialContactId, attributes), ConnectApiJsonContext.Default.UpdateContactAttributesRequest);
        var response = await client.SendAsync(endpoint, HttpMethod.Post, "contact/attributes", body, "application/json", null, time.GetUtcNow() + _budget, cancellationToken);
        return response.IsSuccess ? true : Map(response);
    }

    public async Task<Result<QueueStatus>> GetQueueStatusAsync(string queueId, CancellationToken cancellationToken)
    {
        var request = new GetCurrentMetricDataRequest(
            new MetricFilters([queueId], [VoiceChannel]),
            ["QUEUE", "CHANNEL"],
            [
                new CurrentMetric("AGENTS_AVAILABLE", "COUNT"), new CurrentMetric("ESTIMATED_WAIT_TIME", "SECONDS"), new CurrentMetric("OLDEST_CONTACT_AGE", "SECONDS"),
            ]);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, ConnectApiJsonContext.Default.GetCurrentMetricDataRequest);
        var response = await client.SendAsync(endpoint, HttpMethod.Post, $"metrics/current/{Uri.EscapeDataString(instanceId)}", body, "application/json", null, time.GetUtcNow() + _budget, cancellationToken);
        if (!response.IsSuccess)
        {
            return Map(response);
        }

        GetCurrentMetricDataResponse? data;
        try
        {
            data = JsonSerializer.Deserialize(response.Body, ConnectApiJsonContext.Default.GetCurrentMetricDataResponse);
        }
        catch (JsonException)
        {
            return Failure.Unavailable();
        }

        // ESTIMATED_WAIT_TIME is only served grouped by QUEUE and CHANNEL, so each row is one queue on one channel: the
        // voice row is the caller's. No such row means no contact and no agent activity there right now: all counts are zero.
        var voice = data?.MetricResults?.FirstOrDefault(r => r.Dimensions?.Channel == VoiceChannel);
        var values = (voice?.Collections ?? [])
            .Where(c => c.Metric?.Name is not null)
            .GroupBy(c => c.Metric!.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        return new QueueStatus(
            (int)(values.GetValueOrDefault("AGENTS_AVAILABLE") ?? 0),
            EstimatedWait(values));
    }

    /// <summary>
    /// Connect's own ESTIMATED_WAIT_TIME when it has one. The API returns a null value when "the calculation cannot be
    /// performed due to divide by zero or insufficient data" (a quiet queue), so the age of the oldest waiting contact
    /// stands in then; grouped (by queue and channel), both are in seconds.
    /// </summary>
    private static TimeSpan? EstimatedWait(Dictionary<string, double?> values) =>
        values.GetValueOrDefault("ESTIMATED_WAIT_TIME") is double estimate and >= 0 ? TimeSpan.FromSeconds(estimate)
        : values.GetValueOrDefault("OLDEST_CONTACT_AGE") is double oldest and > 0 ? TimeSpan.FromSeconds(oldest)
        : null;

    /// <summary>The one place Connect's errors become domain failures.</summary>
    private static Failure Map(AwsResponse response) => response switch
    {
        { IsThrottling: true } => Failure.Throttled(),
        { Status: HttpStatusCode.NotFound } or { ErrorType: "ResourceNotFoundException" } => Failure.NotFound("no such contact or queue"),
        { Status: HttpStatusCode.BadRequest } => Failure.Invalid("request", response.ErrorType ?? "invalid request"),
        _ => Failure.Unavailable(),
    };
}

internal sealed record UpdateContactAttributesRequest(
    [property: JsonPropertyName("InstanceId")] string InstanceId,
    [property: JsonPropertyName("InitialContactId")] string InitialContactId,
    [property: JsonPropertyName("Attributes")] IReadOnlyDictionary<string, string> Attributes);

internal sealed record GetCurrentMetricDataRequest(
    [property: JsonPropertyName("Filters")] MetricFilters Filters,
    [property: JsonPropertyName("Groupings")] IReadOnlyList<string> Groupings,
    [property: JsonPropertyName("CurrentMetrics")] IReadOnlyList<CurrentMetric> CurrentMetrics);

internal sealed record MetricFilters(
    [property: JsonPropertyName("Queues")] IReadOnlyList<string> Queues,
    [property: JsonPropertyName("Channels")] IReadOnlyList<string> Channels);

internal sealed record CurrentMetric(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("Unit")] string Unit);

internal sealed class GetCurrentMetricDataResponse
{
    [JsonPropertyName("MetricResults")] public List<MetricResult>? MetricResults { get; set; }
}

internal sealed class MetricResult
{
    [JsonPropertyName("Dimensions")] public MetricDimensions? Dimensions { get; set; }
    [JsonPropertyName("Collections")] public List<MetricCollection>? Collections { get; set; }
}

internal sealed class MetricDimensions
{
    [JsonPropertyName("Channel")] public string? Channel { get; set; }
}

internal sealed class MetricCollection
{
    [JsonPropertyName("Metric")] public CurrentMetricName? Metric { get; set; }
    [JsonPropertyName("Value")] public double? Value { get; set; }
}

internal sealed class CurrentMetricName
{
    [JsonPropertyName("Name")] public string? Name { get; set; }
}

[JsonSerializable(typeof(UpdateContactAttributesRequest))]
[JsonSerializable(typeof(GetCurrentMetricDataRequest))]
[JsonSerializable(typeof(GetCurrentMetricDataResponse))]
internal sealed partial class ConnectApiJsonContext : JsonSerializerContext;
