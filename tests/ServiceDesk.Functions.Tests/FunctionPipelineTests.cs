using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Observability;
using ServiceDesk.Core.ContactCenter;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests;

/// <summary>Every hosted function goes through the one pipeline: a metric per invocation, and an answer to bytes that are no event.</summary>
public class FunctionPipelineTests
{
    public static TheoryData<string, string, string> Functions => new()
    {
        { FunctionCatalog.LexFulfillment, "lex", "check-status-dialog-no-number.json" },
        { FunctionCatalog.ContactFlow, "connect", "identify-known-caller.json" },
        { FunctionCatalog.AgentActions, "agent", "api-get-ticket-status.json" },
        { FunctionCatalog.TicketsApi, "api", "get-ticket.json" },
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task EveryFunction_WritesOneMetricRecordPerInvocation(string name, string family, string file)
    {
        var (function, emf) = Create(name);

        await function.InvokeAsync(RepoPaths.ReadEvent(family, file), Invocation(), TestContext.Current.CancellationToken);

        var record = JsonDocument.Parse(Assert.Single(Lines(emf))).RootElement;
        Assert.Equal(name, record.GetProperty("Function").GetString());
        Assert.Equal(1, record.GetProperty(EmfMetrics.CallsMetric).GetInt32());
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task EveryFunction_AnswersBytesThatAreNoEvent_InItsOwnFormat_AndCountsThem(string name, string family, string file)
    {
        _ = (family, file);
        var (function, emf) = Create(name);

        var output = await function.InvokeAsync("{not json"u8.ToArray(), Invocation(), TestContext.Current.CancellationToken);

        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(output).RootElement.ValueKind);
        var record = JsonDocument.Parse(Assert.Single(Lines(emf))).RootElement;
        Assert.Equal("unreadable", record.GetProperty("Intent").GetString());
    }

    private static (ILambdaFunction Function, StringWriter Emf) Create(string name)
    {
        var emf = new StringWriter();
        var time = new ManualClock();
        var tickets = new InMemoryTicketBackend(time);
        var services = new ServiceDeskServices(tickets, InMemoryCallerDirectory.Demo(), new InMemoryPinAttempts(time), new Lex.FakeAgent(),
            new NoContactCenter(), time, NullLoggerFactory.Instance, new ServiceDeskSettings { TicketsApiKey = "dev-key", ServiceDeskQueueId = "queue-1" })
        {
            Metrics = new EmfMetrics(emf, time),
            Desk = tickets,
        };
        Assert.True(FunctionCatalog.TryCreate(name, services, out var function));
        return (function!, emf);
    }

    private static LambdaInvocation Invocation() => new("req", new ManualClock().GetUtcNow().AddSeconds(8));

    private static string[] Lines(StringWriter emf) => emf.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
