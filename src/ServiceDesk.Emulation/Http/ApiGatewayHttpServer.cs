using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ServiceDesk.Wire.ApiGateway;
using ServiceDesk.Wire.Hosting;

namespace ServiceDesk.Emulation.Http;

/// <summary>
/// Serves a Lambda function that expects API Gateway REST proxy events over plain HTTP/1.1 on loopback: each request
/// becomes the event JSON API Gateway would send, and the function's response JSON becomes the HTTP response. One
/// request per connection. The front's own refusals are JSON in the API's error shape, never an HTML page: 400 for a
/// malformed request or a body shorter than its Content-Length, 411 for a POST, PUT or PATCH with neither a
/// Content-Length nor chunked coding, 413 for a body over the limit (refused from its length, never buffered). A body
/// that is not UTF-8 reaches the function base64-encoded, so the function sees the bytes that were sent.
/// </summary>
public sealed class ApiGatewayHttpServer : IAsyncDisposable
{
    /// <summary>API Gateway's own payload quota.</summary>
    public const int DefaultMaxBodyBytes = 10 * 1024 * 1024;

    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(1);
    private readonly TcpListener _listener;
    private readonly ILambdaFunction _function;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly int _maxBodyBytes;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ApiGatewayHttpServer(ILambdaFunction function, int port, TimeProvider time, TimeSpan timeout, int maxBodyBytes)
    {
        _function = function;
        _time = time;
        _timeout = timeout;
        _maxBodyBytes = maxBodyBytes;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts on <paramref name="port"/>, or on a free loopback port when it is 0; throws <see cref="SocketException"/> when the port is taken.</summary>
    public static ApiGatewayHttpServer Start(ILambdaFunction function, int port = 0, TimeProvider? time = null, TimeSpan? timeout = null, int maxBodyBytes = DefaultMaxBodyBytes) =>
        new(function, port, time ?? TimeProvider.System, timeout ?? TimeSpan.FromSeconds(29), maxBodyBytes);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(_timeout);
        var stream = client.GetStream();
        var reader = new HttpRequestReader(stream, _maxBodyBytes);
        try
        {
            var request = await reader.ReadAsync(() => stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), timeout.Token).AsTask(), timeout.Token);
            if (request is null)
            {
                return;
            }

            var response = await InvokeAsync(request, (IPEndPoint?)client.Client.RemoteEndPoint, timeout.Token);
            await HttpResponseWriter.WriteAsync(stream, response, timeout.Token);
        }
        catch (HttpRequestRejectedException rejected)
        {
            await TryAnswerAsync(stream, HttpResponseWriter.Error(rejected.Status, rejected.Message, rejected.Field), timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
            // The client went away or never finished; there is no one left to answer.
            return;
        }
        catch (Exception)
        {
            // Mirrors API Gateway: a function that fails or answers garbage is a 502 with no detail.
            await TryAnswerAsync(stream, HttpResponseWriter.BadGateway(), timeout.Token);
        }

        if (!reader.Complete)
        {
            await DrainAsync(client, stream);
        }
    }

    private async Task<ApiGatewayProxyResponse> InvokeAsync(HttpRequestMessageData request, IPEndPoint? remote, CancellationToken ct)
    {
        var proxy = ToProxyRequest(request, remote);
        var payload = JsonSerializer.SerializeToUtf8Bytes(proxy, ApiGatewayJsonContext.Default.ApiGatewayProxyRequest);
        var output = await _function.InvokeAsync(payload, new LambdaInvocation(proxy.RequestContext!.RequestId!, _time.GetUtcNow() + _timeout), ct);
        return JsonSerializer.Deserialize(output, ApiGatewayJsonContext.Default.ApiGatewayProxyResponse)!;
    }

    private static async Task TryAnswerAsync(Stream stream, ApiGatewayProxyResponse response, CancellationToken ct)
    {
        try
        {
            await HttpResponseWriter.WriteAsync(stream, response, ct);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
            // The client went away before its answer.
        }
    }

    /// <summary>
    /// After refusing a body, reads and discards what the client still sends for a moment: closing with unread bytes
    /// resets the connection, and a reset can reach the client before it has read the answer.
    /// </summary>
    private static async Task DrainAsync(TcpClient client, Stream stream)
    {
        try
        {
            client.Client.Shutdown(SocketShutdown.Send);
            using var drain = new CancellationTokenSource(DrainTime);
            var scratch = new byte[8192];
            while (await stream.ReadAsync(scratch, drain.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Drained as far as the client allowed.
        }
    }

    private static ApiGatewayProxyRequest ToProxyRequest(HttpRequestMessageData request, IPEndPoint? remote)
    {
        var headers = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            headers[name] = value;
        }

        var (path, query) = SplitTarget(request.Target);
        var text = request.Body is { } bytes && Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : null;
        return new ApiGatewayProxyRequest
        {
            HttpMethod = request.Method,
            Path = path,
            Resource = path,
            Headers = headers,
            QueryStringParameters = query.Count == 0 ? null : query,
            Body = request.Body is null ? null : text ?? Convert.ToBase64String(request.Body),
            IsBase64Encoded = request.Body is not null && text is null,
            RequestContext = new ApiGatewayRequestContext
            {
                RequestId = Guid.NewGuid().ToString(),
                Stage = "local",
                HttpMethod = request.Method,
                Identity = new ApiGatewayIdentity { SourceIp = remote?.Address.ToString(), ApiKey = headers.GetValueOrDefault("x-api-key") },
            },
        };
    }

    /// <summary>The path as sent, and the query decoded; a repeated name keeps its last value, as API Gateway's queryStringParameters do.</summary>
    private static (string Path, Dictionary<string, string?> Query) SplitTarget(string target)
    {
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var query = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (question < 0)
        {
            return (target, query);
        }

        foreach (var pair in target[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = WebUtility.UrlDecode(equals < 0 ? pair : pair[..equals]);
            query[name] = equals < 0 ? string.Empty : WebUtility.UrlDecode(pair[(equals + 1)..]);
        }

        return (target[..question], query);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
