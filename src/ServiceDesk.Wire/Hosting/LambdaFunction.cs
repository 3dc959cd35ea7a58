using System.Text.Json;
using Microsoft.Extensions.Logging;
using ServiceDesk.Wire.Observability;

namespace ServiceDesk.Wire.Hosting;

/// <summary>What every function's pipeline needs: its name, the log, the metrics and the clock.</summary>
public sealed record FunctionContext(string Name, ILogger Logger, EmfMetrics? Metrics, TimeProvider Time)
{
    /// <summary>A function on its own (a test, a tool): the given log or none, no metrics, the system clock unless given.</summary>
    public static FunctionContext Of(string name, ILogger? logger = null, TimeProvider? time = null) =>
        new(name, logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, null, time ?? TimeProvider.System);
}

/// <summary>
/// One typed pipeline for every function: bytes to a typed event (an unreadable one gets the function's own answer,
/// never an exception), a log scope for the invocation, the deadline less the function's response margin, the handler,
/// one EMF record (operation, outcome, latency) and the response bytes within the caller's limits. A function writes
/// only what is its own: how to read and write its wire format, and what to do.
/// </summary>
public abstract class LambdaFunction<TEvent, TResponse>(FunctionContext context) : ILambdaFunction
    where TEvent : class
{
    protected ILogger Logger => context.Logger;
    protected TimeProvider Time => context.Time;
    protected EmfMetrics? Metrics => context.Metrics;

    /// <summary>Kept back from the Lambda deadline to write the answer: the handler sees the deadline less this.</summary>
    protected abstract TimeSpan ResponseMargin { get; }

    /// <summary>Reads the event; throws <see cref="JsonException"/> when the bytes are not one.</summary>
    protected abstract TEvent Read(ReadOnlySpan<byte> payload);

    /// <summary>The answer to bytes that are not an event, in the caller's own format.</summary>
    protected abstract TResponse Unreadable();

    protected abstract Task<TResponse> HandleAsync(TEvent request, LambdaInvocation invocation, CancellationToken cancellationToken);

    /// <summary>The response bytes, kept within what the caller accepts (Lex, Connect and API Gateway each have limits).</summary>
    protected abstract byte[] Write(TResponse response);

    /// <summary>The fields every log line of this invocation carries (a contact id, an intent, a route).</summary>
    protected abstract KeyValuePair<string, object?>[] Scope(TEvent request);

    /// <summary>What the metrics count this invocation as: the operation (intent, action, tool, route) and the outcome.</summary>
    protected abstract (string? Operation, CallOutcome Outcome) Measure(TEvent request, TResponse response);

    public async Task<byte[]> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        TEvent request;
        try
        {
            request = Read(payload.Span);
        }
        catch (JsonException ex)
        {
            // The position says where the bytes broke; the bytes themselves (a caller's words) are not logged.
            Logger.LogWarning("Unreadable {Function} event at byte {Position}", context.Name, ex.BytePositionInLine);
            context.Metrics?.Record(context.Name, "unreadable", CallOutcome.Failed, Time.GetElapsedTime(started));
            return Write(Unreadable());
        }

        using var scope = Logger.BeginScope(Scope(request));
        var response = await HandleAsync(request, invocation with { Deadline = invocation.Deadline - ResponseMargin }, cancellationToken);
        var (operation, outcome) = Measure(request, response);
        context.Metrics?.Record(context.Name, operation, outcome, Time.GetElapsedTime(started));
        return Write(response);
    }
}
