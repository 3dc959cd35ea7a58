namespace ServiceDesk.Wire.Hosting;

/// <summary>One invocation as the Lambda Runtime API describes it.</summary>
/// <param name="RequestId">Lambda-Runtime-Aws-Request-Id.</param>
/// <param name="Deadline">Lambda-Runtime-Deadline-Ms: every downstream call must finish before it.</param>
public sealed record LambdaInvocation(string RequestId, DateTimeOffset Deadline, string? InvokedFunctionArn = null, string? TraceId = null);

/// <summary>
/// A function the single executable hosts: raw event bytes in, raw response bytes out, so the runtime loop,
/// <c>servicedesk invoke</c> and the local call all drive it through the same serializer the cloud uses.
/// Expected outcomes are answered in the response; only real faults throw (and become a Runtime API error).
/// </summary>
public interface ILambdaFunction
{
    Task<byte[]> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaInvocation invocation, CancellationToken cancellationToken);
}
