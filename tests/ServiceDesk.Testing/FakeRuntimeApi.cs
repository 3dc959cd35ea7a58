using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ServiceDesk.Testing;

/// <summary>A loopback Lambda Runtime API: hands out queued events and records what the runtime posts back.</summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string RequestId, string Body, long DeadlineMs)> _events = new();
    private readonly LoopbackServer _server;

    public FakeRuntimeApi() => _server = new LoopbackServer(ServeAsync);

    /// <summary>host:port, as Lambda gives it in AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address => _server.Authority;

    public ConcurrentQueue<(string Path, string Body, string? ErrorType)> Posts { get; } = new();

    public void Enqueue(string requestId, string body, long deadlineMs) => _events.Enqueue((requestId, body, deadlineMs));

    private async Task ServeAsync(HttpListenerContext context, CancellationToken stopping)
    {
        var path = context.Request.Url!.AbsolutePath;
        try
        {
            if (context.Request.HttpMethod == "GET" && path.EndsWith("/invocation/next", StringComparison.Ordinal))
            {
                // Like the real API, "next" blocks until there is an event.
                (string RequestId, string Body, long DeadlineMs) next;
                while (!_events.TryDequeue(out next))
                {
                    await Task.Delay(10, stopping);
                }

                context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
                context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = next.DeadlineMs.ToString();
                context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:test";
                context.Response.Headers["Lambda-Runtime-Trace-Id"] = "Root=1-abc";
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(next.Body), stopping);
            }
            else if (context.Request.HttpMethod == "POST")
            {
                var body = await new StreamReader(context.Request.InputStream).ReadToEndAsync(stopping);
                Posts.Enqueue((path, body, context.Request.Headers["Lambda-Runtime-Function-Error-Type"]));
                context.Response.StatusCode = 202;
            }
            else
            {
                context.Response.StatusCode = 500;
            }
        }
        catch (OperationCanceledException)
        {
            context.Response.StatusCode = 503;
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
