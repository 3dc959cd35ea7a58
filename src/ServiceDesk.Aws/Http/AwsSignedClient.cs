using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using ServiceDesk.Core.Resilience;

namespace ServiceDesk.Aws.Http;

/// <summary>Where a service lives and what it signs as (Bedrock agent runtime signs as <c>bedrock</c>).</summary>
public sealed record AwsEndpoint(string SigningName, string Region, Uri BaseAddress)
{
    public static AwsEndpoint For(string signingName, string hostPrefix, string region) =>
        new(signingName, region, new Uri($"https://{hostPrefix}.{region}.amazonaws.com/"));
}

/// <summary>A service's answer: the status, the body, and the AWS error type when it failed.</summary>
public sealed record AwsResponse(HttpStatusCode Status, byte[] Body, string? ErrorType)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public bool IsThrottling => Status == HttpStatusCode.TooManyRequests
        || ErrorType is "ThrottlingException" or "TooManyRequestsException" or "throttlingException" or "LimitExceededException";
}

/// <summary>
/// Sends JSON requests to AWS services, signed with Signature Version 4. The canonical request is built here (our
/// requests are simple: no query string, a handful of headers); the signing key and signature come from AWSSDK.Core's
/// <see cref="AWS4Signer"/>, with credentials from its default chain. Throttling is retried with jittered backoff while
/// the caller's deadline allows; every other answer is returned for the caller to map to a domain outcome.
/// </summary>
public sealed class AwsSignedClient(HttpClient http, Func<CancellationToken, Task<ImmutableCredentials>> credentials, TimeProvider time, Func<double>? jitter = null)
{
    private static readonly ServiceDesk.Core.Resilience.RetryPolicy Throttling = new() { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(100) };
    private readonly DeadlineRetry _retry = new(Throttling, time, jitter);

    /// <summary>
    /// The SDK's default credential chain (Lambda's environment, profiles, container and instance roles), resolved on
    /// first use: a function that never signs a request needs no credentials.
    /// </summary>
    public static Func<CancellationToken, Task<ImmutableCredentials>> DefaultCredentials()
    {
        var chain = new Lazy<AWSCredentials>(() => new Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null));
        return _ => chain.Value.GetCredentialsAsync();
    }

    public Task<AwsResponse> SendAsync(AwsEndpoint endpoint, HttpMethod method, string path, byte[] body, string contentType, IReadOnlyDictionary<string, string>? headers, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        _retry.RunAsync(deadline, async attempt =>
        {
            // Signed per attempt: the signature carries the time, and a retry is a new request.
            using var request = await SignAsync(endpoint, method, path, body, contentType, headers, attempt);
            AwsResponse answer;
            try
            {
                using var response = await http.SendAsync(request, attempt);
                var bytes = await response.Content.ReadAsByteArrayAsync(attempt);
                answer = new AwsResponse(response.StatusCode, bytes, response.IsSuccessStatusCode ? null : ErrorType(response, bytes));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Attempt<AwsResponse>.Final(DeadlineExceeded);
            }
            catch (HttpRequestException)
            {
                answer = new AwsResponse(HttpStatusCode.ServiceUnavailable, [], "ConnectionFailure");
            }

            return new Attempt<AwsResponse>(answer, answer.IsThrottling || answer.Status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway);
        }, () => DeadlineExceeded, cancellationToken);

    private static readonly AwsResponse DeadlineExceeded = new(HttpStatusCode.RequestTimeout, [], "DeadlineExceeded");

    /// <summary>Builds the request with SigV4 headers: host, x-amz-date, the session token if any, and Authorization.</summary>
    public async Task<HttpRequestMessage> SignAsync(AwsEndpoint endpoint, HttpMethod method, string path, byte[] body, string contentType, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        var identity = await credentials(cancellationToken);
        var uri = new Uri(endpoint.BaseAddress, path);
        var now = time.GetUtcNow().UtcDateTime;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = host, ["x-amz-date"] = amzDate };
        if (!string.IsNullOrEmpty(identity.Token))
        {
            signed["x-amz-security-token"] = identity.Token;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            signed[name.ToLowerInvariant()] = value.Trim();
        }

        var signedHeaders = string.Join(';', signed.Keys);
        var canonical = CanonicalRequest(method.Method, uri.AbsolutePath, signed, body);
        var signature = AWS4Signer.ComputeSignature(identity, endpoint.Region, now, endpoint.SigningName, signedHeaders, canonical);

        var request = new HttpRequestMessage(method, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in signed.Where(h => h.Key != "host"))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
        return request;
    }

    /// <summary>
    /// The SigV4 canonical request. Paths are normalised and each segment URI-encoded twice, as every service but S3
    /// expects; our paths only ever hold unreserved characters, so both encodings leave them as they are.
    /// </summary>
    public static string CanonicalRequest(string method, string path, IReadOnlyDictionary<string, string> signedHeaders, byte[] body)
    {
        var canonicalPath = string.Join('/', path.Split('/').Select(segment => Uri.EscapeDataString(Uri.EscapeDataString(Uri.UnescapeDataString(segment)))));
        var canonicalHeaders = string.Concat(signedHeaders.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}:{h.Value}\n"));
        return $"{method}\n{(canonicalPath.Length == 0 ? "/" : canonicalPath)}\n\n{canonicalHeaders}\n{string.Join(';', signedHeaders.Keys.Order(StringComparer.Ordinal))}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
    }

    /// <summary>rest-json and awsJson errors name their type in <c>x-amzn-ErrorType</c>, <c>__type</c> or <c>code</c>.</summary>
    private static string? ErrorType(HttpResponseMessage response, byte[] body)
    {
        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var values) && values.FirstOrDefault() is { Length: > 0 } header)
        {
            return Short(header.Split(':')[0]);
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            foreach (var name in new[] { "__type", "code", "Code" })
            {
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var type) && type.ValueKind == JsonValueKind.String)
                {
                    return Short(type.GetString()!);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the status code is all there is.
        }

        return null;
    }

    private static string Short(string type) => type[(type.LastIndexOf('#') + 1)..];
}
