using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Observability;
using ServiceDesk.Functions;

namespace ServiceDesk.Lambda;

/// <summary>
/// The executable as a Lambda custom runtime (<c>provided.al2023</c>): the function is the one <c>_HANDLER</c> names,
/// built once per container, then served through the Runtime API until Lambda freezes or ends the container.
/// </summary>
public static class LambdaHost
{
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";

    public static async Task<int> RunAsync(string runtimeApi, CancellationToken cancellationToken)
    {
        var handler = Environment.GetEnvironmentVariable("_HANDLER") ?? string.Empty;
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var runtime = new LambdaRuntime(http, runtimeApi, TimeProvider.System);
        // Lambda ships stdout to CloudWatch Logs: log lines and EMF metric lines both go there, masked.
        using var logging = new JsonLoggerFactory(new JsonLoggerProvider(Console.Out, TimeProvider.System, JsonLoggerProvider.ParseLevel(Environment.GetEnvironmentVariable("LOG_LEVEL"))));
        var metrics = new EmfMetrics(Console.Out, TimeProvider.System);
        var ok = await runtime.RunAsync(async ct =>
        {
            var services = await AwsComposition.CreateAsync(AwsSettings.FromEnvironment(handler), logging, ct) with { Metrics = metrics };
            return FunctionCatalog.TryCreate(handler, services, out var function)
                ? function!
                : throw new InvalidOperationException($"_HANDLER '{handler}' is not one of {string.Join(", ", FunctionCatalog.Names)}");
        }, cancellationToken);
        return ok ? 0 : 1;
    }
}
