using System.Text;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Testing;

namespace ServiceDesk.Wire.Tests.Hosting;

public class LambdaRuntimeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Echo(Func<ReadOnlyMemory<byte>, LambdaInvocation, byte[]> respond) : ILambdaFunction
    {
        public LambdaInvocation? Last { get; private set; }

        public Task<byte[]> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaInvocation invocation, CancellationToken cancellationToken)
        {
            Last = invocation;
            return Task.FromResult(respond(payload, invocation));
        }
    }

    [Fact]
    public async Task ServeNext_PostsTheFunctionsResponseWithTheDeadlinePassedDown()
    {
        await using var api = new FakeRuntimeApi();
        var time = new ManualClock();
        var deadline = time.GetUtcNow().AddSeconds(5).ToUnixTimeMilliseconds();
        api.Enqueue("req-1", """{"hello":"world"}""", deadline);
        var function = new Echo((payload, _) => Encoding.UTF8.GetBytes("{\"echo\":" + Encoding.UTF8.GetString(payload.Span) + "}"));
        using var http = new HttpClient();

        await new LambdaRuntime(http, api.Address, time).ServeNextAsync(function, Ct);

        var post = Assert.Single(api.Posts);
        Assert.Equal("/2018-06-01/runtime/invocation/req-1/response", post.Path);
        Assert.Equal("""{"echo":{"hello":"world"}}""", post.Body);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(deadline), function.Last?.Deadline);
        Assert.Equal("Root=1-abc", function.Last?.TraceId);
    }

    [Fact]
    public async Task ServeNext_WhenTheFunctionThrows_PostsAnErrorWithoutEventData()
    {
        await using var api = new FakeRuntimeApi();
        var time = new ManualClock();
        api.Enqueue("req-2", """{"callerPhone":"+14155550100"}""", time.GetUtcNow().AddSeconds(5).ToUnixTimeMilliseconds());
        var function = new Echo((payload, _) => throw new InvalidOperationException("bad caller " + Encoding.UTF8.GetString(payload.Span)));
        using var http = new HttpClient();

        await new LambdaRuntime(http, api.Address, time).ServeNextAsync(function, Ct);

        var post = Assert.Single(api.Posts);
        Assert.Equal("/2018-06-01/runtime/invocation/req-2/error", post.Path);
        Assert.Contains("InvalidOperationException", post.Body);
        Assert.DoesNotContain("4155550100", post.Body);
        Assert.Equal("Unhandled", post.ErrorType);
    }

    [Fact]
    public async Task Run_WhenInitialisationFails_PostsAnInitErrorAndStops()
    {
        await using var api = new FakeRuntimeApi();
        using var http = new HttpClient();

        var ok = await new LambdaRuntime(http, api.Address, new ManualClock())
            .RunAsync(_ => throw new InvalidOperationException("TICKETS_TABLE is not set"), Ct);

        Assert.False(ok);
        var post = Assert.Single(api.Posts);
        Assert.Equal("/2018-06-01/runtime/init/error", post.Path);
        Assert.Contains("TICKETS_TABLE is not set", post.Body);
        Assert.Equal("Runtime.InitError", post.ErrorType);
    }

    [Fact]
    public async Task Run_ServesInvocationsOneAfterAnotherWithTheSameFunction()
    {
        await using var api = new FakeRuntimeApi();
        var time = new ManualClock();
        for (var i = 0; i < 3; i++)
        {
            api.Enqueue($"req-{i}", "{}", time.GetUtcNow().AddSeconds(5).ToUnixTimeMilliseconds());
        }

        var builds = 0;
        var function = new Echo((_, invocation) => Encoding.UTF8.GetBytes($"\"{invocation.RequestId}\""));
        using var http = new HttpClient();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var runtime = new LambdaRuntime(http, api.Address, time);

        var run = runtime.RunAsync(_ => { builds++; return Task.FromResult<ILambdaFunction>(function); }, stop.Token);
        while (api.Posts.Count < 3)
        {
            await Task.Delay(10, Ct);
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(1, builds);
        Assert.Equal(["\"req-0\"", "\"req-1\"", "\"req-2\""], api.Posts.Select(p => p.Body));
    }

    [Fact]
    public async Task Run_CancelledBetweenInvocations_EndsInCancellationWithoutFetchingAgain()
    {
        // The race CI once lost: cancellation landing after one response was posted and before the next fetch
        // ended the loop quietly; a host must see the same end however the timing falls.
        await using var api = new FakeRuntimeApi();
        var time = new ManualClock();
        api.Enqueue("req-0", "{}", time.GetUtcNow().AddSeconds(5).ToUnixTimeMilliseconds());
        using var http = new HttpClient();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var function = new Echo((_, _) => "{}"u8.ToArray());

        var run = new LambdaRuntime(http, api.Address, time).RunAsync(_ => { stop.Cancel(); return Task.FromResult<ILambdaFunction>(function); }, stop.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(api.Posts);
        Assert.Null(function.Last);
    }
}
