using System.Text.Json;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Scheduling;
using ServiceDesk.Core;
using ServiceDesk.Core.Escalation;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.Escalation;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests.Escalation;

public sealed class EscalationSweepFunctionTests
{
    private readonly ManualClock _time = new();
    private readonly List<EscalationNotice> _notices = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EscalationSweepFunction CreateSut(InMemoryTicketBackend tickets) =>
        new(new EscalationSweep(tickets, new ListNotifier(_notices), new EscalationPolicy(), _time), FunctionContext.Of(FunctionCatalog.EscalationSweep, time: _time));

    [Fact]
    public async Task RecordedScheduleEvent_RunsOneSweep_AndAnswersWhatItDid()
    {
        var tickets = new InMemoryTicketBackend(_time);
        var due = (await tickets.CreateAsync(new NewTicket("emp-1001", "Core switch down", Priority: TicketPriority.P1), Ct)).Value!;
        await tickets.CreateAsync(new NewTicket("emp-1002", "Slow printer", Priority: TicketPriority.P3), Ct);
        _time.Advance(TimeSpan.FromMinutes(70));

        var response = await InvokeAsync(CreateSut(tickets), RepoPaths.ReadEvent("scheduled", "escalation-sweep.json"));

        Assert.Equal(new SweepResponse(1, 1, 0, false), response);
        Assert.Equal([due.Number], _notices.Select(n => n.Number));
    }

    [Fact]
    public async Task BytesThatAreNoEvent_StartNoSweep()
    {
        var tickets = new InMemoryTicketBackend(_time);
        await tickets.CreateAsync(new NewTicket("emp-1001", "Core switch down", Priority: TicketPriority.P1), Ct);
        _time.Advance(TimeSpan.FromHours(2));

        var response = await InvokeAsync(CreateSut(tickets), "[1,2"u8.ToArray());

        Assert.Equal(0, response.Escalated);
        Assert.NotNull(response.Error);
        Assert.Empty(_notices);
    }

    [Fact]
    public async Task WhenTheStoreIsDown_AnswersTheReason_NotAnException()
    {
        var tickets = new InMemoryTicketBackend(_time) { FailWith = FailureKind.Unavailable };

        var response = await InvokeAsync(CreateSut(tickets), RepoPaths.ReadEvent("scheduled", "escalation-sweep.json"));

        Assert.Equal((0, true), (response.Escalated, response.More));
        Assert.Equal("simulated", response.Error);
    }

    private async Task<SweepResponse> InvokeAsync(EscalationSweepFunction sut, byte[] payload)
    {
        var output = await sut.InvokeAsync(payload, new LambdaInvocation("req", _time.GetUtcNow().AddSeconds(60)), Ct);
        return JsonSerializer.Deserialize(output, ScheduledEventJsonContext.Default.SweepResponse)!;
    }

    private sealed class ListNotifier(List<EscalationNotice> notices) : IEscalationNotifier
    {
        public Task<Result<bool>> NotifyAsync(EscalationNotice notice, CancellationToken cancellationToken)
        {
            lock (notices)
            {
                notices.Add(notice);
            }

            return Task.FromResult(Result<bool>.Ok(true));
        }
    }
}
