using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ServiceDesk.Testing;

/// <summary>One request as the loopback server saw it, with the result of checking its signature.</summary>
public sealed record SignedRequest(string Method, string Path, string Body, string Authorization, string Scope, string SignedHeaders, bool SignatureValid);

/// <summary>
/// A loopback AWS endpoint: it recomputes every request's SigV4 signature on its own (independently of the client's
/// code) and answers with whatever the test queues: real response shapes, error bodies, event-stream frames, or silence.
/// </summary>
public sealed class SigV4Server : IAsyncDisposable
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private readonly ConcurrentQueue<Func<HttpListenerResponse, Task>> _answers = new();
    private readonly LoopbackServer _server;

    public SigV4Server() => _server = new LoopbackServer(ServeAsync);

    public Uri BaseAddress => _server.BaseAddress;

    public ConcurrentQueue<SignedRequest> Requests { get; } = new();

    /// <param name="onRequest">Runs when the request arrives, before the answer (say, to move a fake clock on).</param>
    public void Answer(int status, string body, string contentType = "application/json", string? errorType = null, Action? onRequest = null) =>
        _answers.Enqueue(async r =>
        {
            onRequest?.Invoke();
            r.StatusCode = status;
            r.ContentType = contentType;
            if (errorType is not null)
            {
                r.Headers["x-amzn-ErrorType"] = errorType;
            }

            await r.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
        });

    public void AnswerBytes(int status, byte[] body, string contentType) =>
        _answers.Enqueue(async r =>
        {
            r.StatusCode = status;
            r.ContentType = contentType;
            await r.OutputStream.WriteAsync(body);
        });

    /// <summary>Accepts the request and never answers (until the server stops).</summary>
    public void Hang() => _answers.Enqueue(_ => Task.Delay(Timeout.Infinite, _server.Stopping));

    private async Task ServeAsync(HttpListenerContext context, CancellationToken stopping)
    {
        var body = await new StreamReader(context.Request.InputStream).ReadToEndAsync(stopping);
        Requests.Enqueue(Check(context.Request, body));
        if (_answers.TryDequeue(out var answer))
        {
            await answer(context.Response);
        }
        else
        {
            context.Response.StatusCode = 500;
        }
    }

    private static SignedRequest Check(HttpListenerRequest request, string body)
    {
        var authorization = request.Headers["Authorization"] ?? string.Empty;
        var match = Regex.Match(authorization, @"^AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$");
        if (!match.Success)
        {
            return new SignedRequest(request.HttpMethod, request.Url!.AbsolutePath, body, authorization, string.Empty, string.Empty, false);
        }

        var (date, region, service, signedHeaders, signature) = (match.Groups[2].Value, match.Groups[3].Value, match.Groups[4].Value, match.Groups[5].Value, match.Groups[6].Value);
        var headers = signedHeaders.Split(';').Select(h => $"{h}:{(h == "host" ? request.Headers["Host"] : request.Headers[h])?.Trim()}\n");
        var path = string.Join('/', request.Url!.AbsolutePath.Split('/').Select(s => Uri.EscapeDataString(Uri.EscapeDataString(Uri.UnescapeDataString(s)))));
        var canonical = $"{request.HttpMethod}\n{path}\n\n{string.Concat(headers)}\n{signedHeaders}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}";
        var amzDate = request.Headers["x-amz-date"];
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{date}/{region}/{service}/aws4_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + SecretKey), date), region), service), "aws4_request");
        var valid = match.Groups[1].Value == AccessKey && Hex(Hmac(key, toSign)) == signature;
        return new SignedRequest(request.HttpMethod, request.Url.AbsolutePath, body, authorization, $"{region}/{service}", signedHeaders, valid);
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
