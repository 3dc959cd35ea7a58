using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ServiceDesk.Aws.ApiGateway;
using ServiceDesk.Aws.Hosting;

namespace ServiceDesk.Local.Http;

/// <summary>
/// Serves a Lambda function that expects API Gateway REST proxy events over plain HTTP on loopback: each request
/// becomes the event JSON API Gateway would send, and the function's response JSON becomes the HTTP response.
/// </summary>
public sealed class ApiGatewayHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ILambdaFunction _function;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ApiGatewayHttpServer(ILambdaFunction function, int port, TimeProvider time, TimeSpan timeout)
    {
        _function = function;
        _time = time;
        _timeout = timeout;
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts on <paramref name="port"/>, or on a free loopback port when it is 0.</summary>
    public static ApiGatewayHttpServer Start(ILambdaFunction function, int port = 0, TimeProvider? time = null, TimeSpan? timeout = null) =>
        new(function, port == 0 ? FreePort() : port, time ?? TimeProvider.System, timeout ?? TimeSpan.FromSeconds(29));

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            var proxy = await ToProxyRequestAsync(context.Request);
            var payload = JsonSerializer.SerializeToUtf8Bytes(proxy, ApiGatewayJsonContext.Default.ApiGatewayProxyRequest);
            var deadline = _time.GetUtcNow() + _timeout;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(_timeout);
            var output = await _function.InvokeAsync(payload, new LambdaInvocation(proxy.RequestContext!.RequestId!, deadline), timeout.Token);
            var response = JsonSerializer.Deserialize(output, ApiGatewayJsonContext.Default.ApiGatewayProxyResponse)!;
            context.Response.StatusCode = response.StatusCode;
            foreach (var (name, value) in response.Headers ?? [])
            {
                context.Response.Headers[name] = value;
            }

            var body = response.Body is null ? [] : response.IsBase64Encoded ? Convert.FromBase64String(response.Body) : Encoding.UTF8.GetBytes(response.Body);
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body, _stop.Token);
        }
        catch (Exception)
        {
            // Mirrors API Gateway: a function that fails or answers garbage is a 502 with no detail.
            TryWriteBadGateway(context.Response);
        }
        finally
        {
            context.Response.Close();
        }
    }

    private static void TryWriteBadGateway(HttpListenerResponse response)
    {
        try
        {
            response.StatusCode = (int)HttpStatusCode.BadGateway;
            response.ContentType = "application/json";
            var body = """{"message":"Internal server error"}"""u8.ToArray();
            response.OutputStream.Write(body);
        }
        catch (InvalidOperationException)
        {
            // Headers were already sent; closing the response is all that is left.
        }
    }

    private static async Task<ApiGatewayProxyRequest> ToProxyRequestAsync(HttpListenerRequest request)
    {
        string? body = null;
        if (request.HasEntityBody)
        {
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            body = await reader.ReadToEndAsync();
        }

        var headers = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in request.Headers.AllKeys.OfType<string>())
        {
            headers[name] = request.Headers[name];
        }

        var query = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in request.QueryString.AllKeys.OfType<string>())
        {
            query[name] = request.QueryString[name];
        }

        var path = request.Url?.AbsolutePath ?? "/";
        return new ApiGatewayProxyRequest
        {
            HttpMethod = request.HttpMethod,
            Path = path,
            Resource = path,
            Headers = headers,
            QueryStringParameters = query.Count == 0 ? null : query,
            Body = body,
            RequestContext = new ApiGatewayRequestContext
            {
                RequestId = Guid.NewGuid().ToString(),
                Stage = "local",
                HttpMethod = request.HttpMethod,
                Identity = new ApiGatewayIdentity { SourceIp = request.RemoteEndPoint?.Address.ToString(), ApiKey = headers.GetValueOrDefault("x-api-key") },
            },
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        await _loop;
        _stop.Dispose();
    }
}
