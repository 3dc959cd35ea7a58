using System.Text.Json;
using Microsoft.Extensions.Logging;
using ServiceDesk.Core;
using ServiceDesk.Core.Visits;

namespace ServiceDesk.Aws.Secrets;

/// <summary>
/// The visit scheduler's bearer tokens from one Secrets Manager secret for all tenants: a JSON object mapping each
/// <c>client_id</c> to its token (<c>{"acme": "..."}</c>). Read on first use and kept for <see cref="CacheFor"/>, so a
/// call pays for Secrets Manager at most once in that time and a token put with <c>put-secret-value</c> is used within
/// it. A client id the secret does not have (the template's placeholder, say) is <see cref="FailureKind.Refused"/>;
/// Secrets Manager failing or slow is <see cref="FailureKind.Unavailable"/>. Tokens are never logged: only the secret's
/// ARN and the client id are.
/// </summary>
public sealed class SecretsSchedulerTokens(SecretsManagerReader reader, string secretArn, TimeProvider time, ILogger logger) : ISchedulerTokens
{
    /// <summary>How long the tokens read are used before the secret is read again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    // The read sits on a caller's turn, before the scheduler's own 2.5 s: Secrets Manager answers in tens of ms.
    private static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(2);

    private Snapshot? _cached;

    public async Task<Result<string>> GetTokenAsync(string clientId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tokens = Volatile.Read(ref _cached) is { } cached && now - cached.ReadAt < CacheFor ? cached : null;
        if (tokens is null)
        {
            var secret = await reader.TryReadAsync(secretArn, now + ReadBudget, cancellationToken);
            if (!secret.IsOk)
            {
                logger.LogWarning("The scheduler tokens in {SecretArn} could not be read", secretArn);
                return new Failure(FailureKind.Unavailable, "the scheduler's credentials could not be read");
            }

            tokens = new Snapshot(Parse(secret.Value), now);
            Volatile.Write(ref _cached, tokens);
        }

        if (tokens.ByClient.TryGetValue(clientId, out var token))
        {
            return token;
        }

        logger.LogWarning("The scheduler token secret {SecretArn} has no token for client {ClientId}", secretArn, clientId);
        return new Failure(FailureKind.Refused, "no scheduler token for this tenant");
    }

    private IReadOnlyDictionary<string, string> Parse(string secret)
    {
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(secret);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in document.RootElement.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.String && entry.Value.GetString() is { Length: > 0 } token)
                    {
                        tokens[entry.Name] = token;
                    }
                }

                return tokens;
            }
        }
        catch (JsonException)
        {
            // Falls through: the exception's text could quote the secret.
        }

        logger.LogWarning("The scheduler token secret {SecretArn} is not a JSON object of client ids to tokens", secretArn);
        return tokens;
    }

    /// <summary>The tokens as read, and when; a class without a generated ToString, so no token can be printed.</summary>
    private sealed class Snapshot(IReadOnlyDictionary<string, string> byClient, DateTimeOffset readAt)
    {
        public IReadOnlyDictionary<string, string> ByClient { get; } = byClient;

        public DateTimeOffset ReadAt { get; } = readAt;
    }
}
