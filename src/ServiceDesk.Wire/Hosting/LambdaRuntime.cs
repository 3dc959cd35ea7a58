using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace ServiceDesk.Wire.Hosting;

/// <summary>
/// A client of the Lambda Runtime API for the <c>provided.al2023</c> custom runtime: fetch the next event, hand it to
/// the function with its deadline, post the response or a scrubbed error, forever. One function per process; its
/// clients and serializer contexts live as long as the container.
/// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
/// </summary>
public sealed class LambdaRuntime(HttpClient http, string runtimeApi, TimeProvider time)
{
    private const string Version = "2018-06-01";
    private readonly Uri _base = new($"http://{runtimeApi}/{Version}/runtime/");

    /// <summary>
    /// Builds the function (reporting an init error if that fails) and serves invocations until cancelled, which always
    /// ends in <see cref="OperationCanceledException"/> (whether it came mid-request or between two).
    /// Returns false when initialisation failed: the process should exit and let Lambda start a fresh one.
    /// </summary>
    public async Task<bool> RunAsync(Func<CancellationToken, Task<ILambdaFunction>> initialize, CancellationToken cancellationToken)
    {
        ILambdaFunction function;
        try
        {
            function = await initialize(cancellationToken);
        }
        catch (Exception ex)
        {
            // The message may be ours (a missing setting names the variable), never caller data: nothing was invoked yet.
            await PostErrorAsync(new Uri(_base, "init/error"), ex.GetType().Name, ex.Message, "Runtime.InitError", cancellationToken);
            return false;
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await ServeNextAsync(function, cancellationToken);
        }
    }

    /// <summary>One turn of the loop: next → invoke → response or error.</summary>
    public async Task ServeNextAsync(ILambdaFunction function, CancellationToken cancellationToken)
    {
        using var next = await http.GetAsync(new Uri(_base, "invocation/next"), HttpCompletionOption.ResponseContentRead, cancellationToken);
        next.EnsureSuccessStatusCode();
        var requestId = Header(next, "Lambda-Runtime-Aws-Request-Id") ?? throw new InvalidOperationException("the Runtime API sent no request id");
        var deadline = long.TryParse(Header(next, "Lambda-Runtime-Deadline-Ms"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : time.GetUtcNow().AddSeconds(3);
        var traceId = Header(next, "Lambda-Runtime-Trace-Id");
        if (traceId is not null)
        {
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", traceId);
        }

        var invocation = new LambdaInvocation(requestId, deadline, Header(next, "Lambda-Runtime-Invoked-Function-Arn"), traceId);
        var payload = await next.Content.ReadAsByteArrayAsync(cancellationToken);
        byte[] response;
        try
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var remaining = deadline - time.GetUtcNow();
            budget.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
            response = await function.InvokeAsync(payload, invocation, budget.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Exception messages can quote the event (and so a caller's words or number): only the type leaves the process.
            await PostErrorAsync(new Uri(_base, $"invocation/{requestId}/error"), ex.GetType().Name, $"The function failed on request {requestId}; see its logs.", "Unhandled", cancellationToken);
            return;
        }

        using var content = new ByteArrayContent(response);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var posted = await http.PostAsync(new Uri(_base, $"invocation/{requestId}/response"), content, cancellationToken);
    }

    private async Task PostErrorAsync(Uri uri, string errorType, string message, string functionErrorType, CancellationToken cancellationToken)
    {
        var json = $"{{\"errorType\":{Quote(errorType)},\"errorMessage\":{Quote(message)}}}";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        content.Headers.Add("Lambda-Runtime-Function-Error-Type", functionErrorType);
        using var posted = await http.PostAsync(uri, content, cancellationToken);
    }

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text, HostingJsonContext.Default.String);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class HostingJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
