using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceDesk.Aws.Http;

namespace ServiceDesk.Aws.Secrets;

/// <summary>
/// Reads secrets with Secrets Manager's GetSecretValue (awsJson 1.1): the ticket API's key at cold start
/// (<see cref="ReadAsync"/>, which fails the start), the scheduler's tokens while running (<see cref="TryReadAsync"/>).
/// AWSSDK.SecretsManager is not available here; this is the one call we need.
/// </summary>
public sealed class SecretsManagerReader(AwsSignedClient client, AwsEndpoint endpoint, TimeProvider time)
{
    /// <param name="jsonKey">When the secret is a JSON object (as CloudFormation's GenerateSecretString makes it), the key to read.</param>
    public async Task<string> ReadAsync(string secretId, string? jsonKey, CancellationToken cancellationToken)
    {
        var response = await GetSecretValueAsync(secretId, time.GetUtcNow().AddSeconds(5), cancellationToken);
        if (!response.IsSuccess)
        {
            // Fails the cold start (an init error names the secret, not its value): no caller should meet a function without its key.
            throw new InvalidOperationException($"cannot read secret {secretId}: {response.ErrorType ?? response.Status.ToString()}");
        }

        var secret = JsonSerializer.Deserialize(response.Body, SecretsJsonContext.Default.GetSecretValueResponse)?.SecretString
            ?? throw new InvalidOperationException($"secret {secretId} has no SecretString");
        if (jsonKey is null)
        {
            return secret;
        }

        try
        {
            using var document = JsonDocument.Parse(secret);
            return document.RootElement.TryGetProperty(jsonKey, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new InvalidOperationException($"secret {secretId} has no '{jsonKey}'");
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"secret {secretId} is not the JSON object with '{jsonKey}' the template creates");
        }
    }

    /// <summary>
    /// The secret's string while the function runs (the scheduler's tokens, say): Secrets Manager failing or not
    /// answering by <paramref name="deadline"/> is <see cref="Core.FailureKind.Unavailable"/>, never an exception.
    /// </summary>
    public async Task<Core.Result<string>> TryReadAsync(string secretId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var response = await GetSecretValueAsync(secretId, deadline, cancellationToken);
        var secret = response.IsSuccess ? Parse(response.Body) : null;
        return secret is not null ? secret : new Core.Failure(Core.FailureKind.Unavailable, "the secret could not be read");
    }

    private Task<AwsResponse> GetSecretValueAsync(string secretId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new GetSecretValueRequest(secretId), SecretsJsonContext.Default.GetSecretValueRequest);
        var headers = new Dictionary<string, string> { ["x-amz-target"] = "secretsmanager.GetSecretValue" };
        return client.SendAsync(endpoint, HttpMethod.Post, string.Empty, body, "application/x-amz-json-1.1", headers, deadline, cancellationToken);
    }

    private static string? Parse(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, SecretsJsonContext.Default.GetSecretValueResponse)?.SecretString;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record GetSecretValueRequest([property: JsonPropertyName("SecretId")] string SecretId);

internal sealed record GetSecretValueResponse([property: JsonPropertyName("SecretString")] string? SecretString);

[JsonSerializable(typeof(GetSecretValueRequest))]
[JsonSerializable(typeof(GetSecretValueResponse))]
internal sealed partial class SecretsJsonContext : JsonSerializerContext;
