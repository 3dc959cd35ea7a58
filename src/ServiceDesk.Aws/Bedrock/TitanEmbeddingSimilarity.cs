using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceDesk.Aws.Http;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Aws.Bedrock;

/// <summary>Which embedding model, where, and how long one comparison may take.</summary>
public sealed record TitanEmbeddingOptions(AwsEndpoint Endpoint)
{
    public string ModelId { get; init; } = "amazon.titan-embed-text-v2:0";

    /// <summary>Titan Text Embeddings V2 returns 256, 512 or 1024 numbers; 512 keeps nearly all of the ranking at half the size.</summary>
    public int Dimensions { get; init; } = 512;

    /// <summary>All the embeddings of one comparison (the report's and the candidates' not yet cached).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(2);

    public int MaxConcurrentCalls { get; init; } = 8;

    /// <summary>Embeddings kept per container, by a hash of their text (a report is compared again with each later one).</summary>
    public int CacheSize { get; init; } = 2000;
}

/// <summary>
/// Similarity as the cosine of Titan Text Embeddings V2 vectors (Bedrock runtime InvokeModel,
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html, signed like the other clients).
/// Scores are cosines (-1..1); <see cref="OutagePolicy.Threshold"/> is set to 0.9 for it. Any failure, or the budget
/// running out, answers unavailable: the report is then a ticket of its own.
/// </summary>
public sealed class TitanEmbeddingSimilarity(AwsSignedClient client, TitanEmbeddingOptions options, TimeProvider time) : ITicketSimilarity, IDisposable
{
    private readonly ConcurrentDictionary<string, float[]> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _calls = new(options.MaxConcurrentCalls);

    public async Task<Result<IReadOnlyList<double>>> ScoreAsync(string description, IReadOnlyList<string> candidates, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.Budget;
        var vectors = await Task.WhenAll(new[] { description }.Concat(candidates).Select(text => EmbedAsync(text, deadline, cancellationToken)));
        if (vectors.Any(v => v is null))
        {
            return Failure.Unavailable();
        }

        var report = vectors[0]!;
        return Result<IReadOnlyList<double>>.Ok([.. vectors.Skip(1).Select(v => Cosine(report, v!))]);
    }

    public void Dispose() => _calls.Dispose();

    public static double Cosine(float[] a, float[] b)
    {
        if (a.Length != b.Length || a.Length == 0)
        {
            return 0;
        }

        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return na == 0 || nb == 0 ? 0 : dot / (Math.Sqrt(na) * Math.Sqrt(nb));
    }

    private async Task<float[]?> EmbedAsync(string text, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        await _calls.WaitAsync(cancellationToken);
        try
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new EmbeddingRequest(text, options.Dimensions, Normalize: true), TitanJsonContext.Default.EmbeddingRequest);
            var response = await client.SendAsync(options.Endpoint, HttpMethod.Post, $"model/{Uri.EscapeDataString(options.ModelId)}/invoke", body, "application/json", null, deadline, cancellationToken);
            if (!response.IsSuccess)
            {
                return null;
            }

            var vector = JsonSerializer.Deserialize(response.Body, TitanJsonContext.Default.EmbeddingResponse)?.Embedding;
            if (vector is not { Length: > 0 })
            {
                return null;
            }

            if (_cache.Count >= options.CacheSize)
            {
                _cache.Clear();
            }

            _cache[key] = vector;
            return vector;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            _calls.Release();
        }
    }
}

internal sealed record EmbeddingRequest(
    [property: JsonPropertyName("inputText")] string InputText,
    [property: JsonPropertyName("dimensions")] int Dimensions,
    [property: JsonPropertyName("normalize")] bool Normalize);

internal sealed record EmbeddingResponse(
    [property: JsonPropertyName("embedding")] float[]? Embedding,
    [property: JsonPropertyName("inputTextTokenCount")] int InputTextTokenCount);

[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(EmbeddingResponse))]
internal sealed partial class TitanJsonContext : JsonSerializerContext;
