using System.Text.Json;
using Microsoft.Extensions.Logging;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Observability;
using ServiceDesk.Wire.Scheduling;
using ServiceDesk.Core.Escalation;

namespace ServiceDesk.Functions.Escalation;

/// <summary>
/// The escalation sweep on its schedule: one pass of <see cref="EscalationSweep"/> inside the invocation's deadline. What
/// it could not reach before the deadline waits for the next run (it is still due, so it is read first).
/// </summary>
public sealed class EscalationSweepFunction(EscalationSweep sweep, FunctionContext context) : LambdaFunction<ScheduledEvent, SweepResponse>(context)
{
    protected override TimeSpan ResponseMargin => Core.Resilience.Deadlines.FunctionResponseMargin;

    protected override ScheduledEvent Read(ReadOnlySpan<byte> payload) =>
        JsonSerializer.Deserialize(payload, ScheduledEventJsonContext.Default.ScheduledEvent) ?? throw new JsonException("null event");

    /// <summary>Bytes that are no event start no sweep: the schedule's own events always read.</summary>
    protected override SweepResponse Unreadable() => new(0, 0, 0, More: false, "not a scheduled event");

    protected override byte[] Write(SweepResponse response) => JsonSerializer.SerializeToUtf8Bytes(response, ScheduledEventJsonContext.Default.SweepResponse);

    protected override KeyValuePair<string, object?>[] Scope(ScheduledEvent request) =>
        [new("schedule", request.Resources?.FirstOrDefault()), new("scheduledFor", request.Time)];

    protected override (string? Operation, CallOutcome Outcome) Measure(ScheduledEvent request, SweepResponse response) =>
        ("sweep", response.Error is null ? CallOutcome.SelfServed : CallOutcome.Failed);

    protected override async Task<SweepResponse> HandleAsync(ScheduledEvent request, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        var report = await sweep.RunAsync(invocation.Deadline, cancellationToken);
        if (report.Failure is { } failure)
        {
            Logger.LogWarning("escalation sweep stopped: {Reason}; escalated {Escalated}, the rest wait for the next run", failure.Reason, report.Escalated);
        }
        else
        {
            Logger.LogInformation("escalation sweep escalated {Escalated}, notified {Notified}, {AlreadyHandled} already handled, more left: {More}", report.Escalated, report.Notified, report.AlreadyHandled, report.More);
        }

        if (report.Notified < report.Escalated)
        {
            Logger.LogWarning("escalation notices not sent: {Missing} (the escalations and their history are stored)", report.Escalated - report.Notified);
        }

        return new SweepResponse(report.Escalated, report.Notified, report.AlreadyHandled, report.More, report.Failure?.Reason);
    }
}
