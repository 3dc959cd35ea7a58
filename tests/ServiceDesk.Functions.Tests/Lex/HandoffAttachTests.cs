using Microsoft.Extensions.Logging.Abstractions;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.ContactCenter;
using ServiceDesk.Functions.Lex;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests.Lex;

public class HandoffAttachTests
{
    private sealed class RecordingContactCenter(bool fail = false) : IContactCenter
    {
        public List<(string ContactId, IReadOnlyDictionary<string, string> Attributes)> Updates { get; } = [];

        public Task<Result<bool>> UpdateContactAttributesAsync(string initialContactId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken)
        {
            Updates.Add((initialContactId, attributes));
            return Task.FromResult(fail ? Result<bool>.Fail(Failure.Unavailable()) : Result<bool>.Ok(true));
        }

        public Task<Result<QueueStatus>> GetQueueStatusAsync(string queueId, CancellationToken cancellationToken) => Task.FromResult<Result<QueueStatus>>(Failure.Unavailable());
    }

    private static async Task<LexResponse> InvokeAsync(IContactCenter contactCenter, string? contactId, Wire.Observability.EmfMetrics? metrics = null, Microsoft.Extensions.Logging.ILoggerFactory? logging = null)
    {
        var lexEvent = LexHarness.Load("speak-to-agent-fulfillment.json");
        if (contactId is not null)
        {
            lexEvent.SessionState!.SessionAttributes![SessionKeys.InitialContactId] = contactId;
        }

        var services = new ServiceDeskServices(new InMemoryTicketBackend(), InMemoryCallerDirectory.Demo(), new InMemoryPinAttempts(), new FakeAgent(), contactCenter, TimeProvider.System, logging ?? NullLoggerFactory.Instance, new ServiceDeskSettings()) { Metrics = metrics };
        var output = await new LexFulfillmentFunction(services).InvokeAsync(LexJson.Write(lexEvent), new LambdaInvocation("req", DateTimeOffset.UtcNow.AddSeconds(8)), TestContext.Current.CancellationToken);
        return LexJson.ReadResponse(output);
    }

    [Fact]
    public async Task Handoff_IsAttachedToTheConnectContact()
    {
        var connect = new RecordingContactCenter();

        var response = await InvokeAsync(connect, "contact-42");

        var (contactId, attributes) = Assert.Single(connect.Updates);
        Assert.Equal("contact-42", contactId);
        Assert.Equal("agent", attributes[SessionKeys.Handoff]);
        Assert.Equal(response.SessionState!.SessionAttributes![SessionKeys.HandoffSummary], attributes[SessionKeys.HandoffSummary]);
    }

    private sealed class HangingContactCenter : IContactCenter
    {
        public int Calls { get; private set; }

        public async Task<Result<bool>> UpdateContactAttributesAsync(string initialContactId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken)
        {
            Calls++;
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return Result<bool>.Ok(true);
        }

        public Task<Result<QueueStatus>> GetQueueStatusAsync(string queueId, CancellationToken cancellationToken) => Task.FromResult<Result<QueueStatus>>(Failure.Unavailable());
    }

    [Theory]
    [InlineData(200)] // no time left: the attach is skipped
    [InlineData(980)] // under a second: the attach may be tried, and is given up before the deadline
    public async Task Handoff_NearTheDeadline_IsAnsweredBeforeTheRuntimeCancels(int millisecondsLeft)
    {
        var connect = new HangingContactCenter();
        var lexEvent = LexHarness.Load("speak-to-agent-fulfillment.json");
        lexEvent.SessionState!.SessionAttributes![SessionKeys.InitialContactId] = "contact-42";
        var services = new ServiceDeskServices(new InMemoryTicketBackend(), InMemoryCallerDirectory.Demo(), new InMemoryPinAttempts(), new FakeAgent(), connect, TimeProvider.System, NullLoggerFactory.Instance, new ServiceDeskSettings());
        var deadline = DateTimeOffset.UtcNow.AddMilliseconds(millisecondsLeft);
        // What the Lambda runtime does: its token fires at the deadline.
        using var runtime = new CancellationTokenSource(deadline - DateTimeOffset.UtcNow);

        var output = await new LexFulfillmentFunction(services).InvokeAsync(LexJson.Write(lexEvent), new LambdaInvocation("req", deadline), runtime.Token);

        var response = LexJson.ReadResponse(output);
        Assert.Equal("agent", response.SessionState!.SessionAttributes![SessionKeys.Handoff]);
        Assert.InRange(connect.Calls, 0, millisecondsLeft > 750 ? 1 : 0);
    }

    [Fact]
    public async Task Handoff_WhenTheConnectApiFails_StillClosesWithTheHandoff()
    {
        var response = await InvokeAsync(new RecordingContactCenter(fail: true), "contact-42");

        Assert.Equal(LexValues.Close, response.SessionState!.DialogAction!.Type);
        Assert.Equal("agent", response.SessionState.SessionAttributes![SessionKeys.Handoff]);
    }

    [Fact]
    public async Task EveryTurn_WritesOneMetricLineWithItsIntentAndOutcome()
    {
        using var output = new StringWriter();

        await InvokeAsync(new RecordingContactCenter(), "contact-42", new Wire.Observability.EmfMetrics(output, TimeProvider.System));

        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var record = System.Text.Json.JsonDocument.Parse(line).RootElement;
        Assert.Equal("SpeakToAgent", record.GetProperty("Intent").GetString());
        Assert.Equal("HandedOff", record.GetProperty("Outcome").GetString());
        Assert.Equal("ServiceDesk", record.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
    }

    [Fact]
    public async Task LogLines_CarryTheContactAndIntent_ButNeverTheCallersNumberOrName()
    {
        using var output = new StringWriter();
        using var logging = new Wire.Observability.JsonLoggerFactory(new Wire.Observability.JsonLoggerProvider(output, TimeProvider.System, Microsoft.Extensions.Logging.LogLevel.Debug));

        await InvokeAsync(new RecordingContactCenter(fail: true), "contact-42", logging: logging);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            var entry = System.Text.Json.JsonDocument.Parse(line).RootElement;
            Assert.Equal("contact-42", entry.GetProperty("contactId").GetString());
            Assert.Equal("SpeakToAgent", entry.GetProperty("intent").GetString());
            Assert.DoesNotContain("4155550100", line);
            Assert.DoesNotContain("Lovelace", line);
        });
    }

    [Fact]
    public async Task Handoff_WithoutAContactId_DoesNotCallConnect()
    {
        var connect = new RecordingContactCenter();

        await InvokeAsync(connect, contactId: null);

        Assert.Empty(connect.Updates);
    }
}
