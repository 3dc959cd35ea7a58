using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDesk.Aws.Connect;
using ServiceDesk.Aws.Hosting;
using ServiceDesk.Core;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.ContactCenter;
using ServiceDesk.Functions;
using ServiceDesk.Functions.Connect;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests.Connect;

public class ContactFlowFunctionTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly QueueDouble _queue = new();

    private sealed class QueueDouble : IContactCenter
    {
        public Result<QueueStatus> Status { get; set; } = new QueueStatus(2, 3, 0, TimeSpan.FromSeconds(40));
        public bool Hang { get; set; }

        public Task<Result<bool>> UpdateContactAttributesAsync(string initialContactId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken) =>
            Task.FromResult(Result<bool>.Ok(true));

        public async Task<Result<QueueStatus>> GetQueueStatusAsync(string queueId, CancellationToken cancellationToken)
        {
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return Status;
        }
    }

    private ContactFlowFunction CreateSut() => new(
        new CallerLookup(InMemoryCallerDirectory.Demo()),
        _queue,
        new ServiceDeskSettings { ServiceDeskQueueId = "queue-1", CallbackOfferThreshold = TimeSpan.FromMinutes(5) },
        _time,
        NullLogger.Instance);

    private async Task<Dictionary<string, string>> InvokeAsync(byte[] payload)
    {
        var response = await CreateSut().InvokeAsync(payload, new LambdaInvocation("req", _time.GetUtcNow().AddSeconds(8)), TestContext.Current.CancellationToken);
        Assert.True(response.Length < ConnectResponse.MaxBytes);
        // STRING_MAP: a flat object whose values are all strings.
        using var doc = JsonDocument.Parse(response);
        Assert.All(doc.RootElement.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        return JsonSerializer.Deserialize(response, ConnectJsonContext.Default.DictionaryStringString)!;
    }

    private Task<Dictionary<string, string>> InvokeEventAsync(string file) => InvokeAsync(RepoPaths.ReadEvent("connect", file));

    [Fact]
    public async Task IdentifyCaller_KnownNumber_VerifiesByPhoneAndGivesOnlyTheFirstName()
    {
        var answer = await InvokeEventAsync("identify-known-caller.json");

        Assert.Equal("emp-1001", answer[SessionKeys.CallerId]);
        Assert.Equal("Ada", answer[SessionKeys.CallerName]);
        Assert.Equal("+14155550100", answer[SessionKeys.CallerPhone]);
        Assert.Equal("phone", answer[SessionKeys.CallerVerifiedBy]);
        Assert.Equal("true", answer[SessionKeys.CallerVip]);
        Assert.Equal("single", answer["callerMatch"]);
        Assert.DoesNotContain(answer.Values, v => v.Contains("Lovelace", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IdentifyCaller_SharedNumber_LeavesTheCallerUnverified()
    {
        var answer = await InvokeEventAsync("identify-shared-number.json");

        Assert.Equal(string.Empty, answer[SessionKeys.CallerId]);
        Assert.Equal("none", answer[SessionKeys.CallerVerifiedBy]);
        Assert.Equal("shared", answer["callerMatch"]);
        Assert.Equal("+14155550111", answer[SessionKeys.CallerPhone]);
    }

    [Theory]
    [InlineData("identify-unknown-number.json", "unknown")]
    [InlineData("identify-withheld-number.json", "withheld")]
    [InlineData("identify-no-endpoint.json", "withheld")]
    public async Task IdentifyCaller_UnidentifiableNumbers_AreUnverified(string file, string match)
    {
        var answer = await InvokeEventAsync(file);

        Assert.Equal("none", answer[SessionKeys.CallerVerifiedBy]);
        Assert.Equal(match, answer["callerMatch"]);
        Assert.Equal(string.Empty, answer[SessionKeys.CallerId]);
    }

    [Fact]
    public async Task CheckQueue_WithAgentsFree_TransfersWithoutACallbackOffer()
    {
        var answer = await InvokeEventAsync("check-queue.json");

        Assert.Equal("ok", answer["queueCheck"]);
        Assert.Equal("2", answer["agentsAvailable"]);
        Assert.Equal("false", answer["offerCallback"]);
    }

    [Fact]
    public async Task CheckQueue_WithNobodyFreeAndALongWait_OffersACallback()
    {
        _queue.Status = new QueueStatus(0, 3, 9, TimeSpan.FromMinutes(12));

        var answer = await InvokeEventAsync("check-queue.json");

        Assert.Equal("true", answer["offerCallback"]);
        Assert.Equal("720", answer["estimatedWaitSeconds"]);
    }

    [Fact]
    public async Task CheckQueue_WhenTheApiFails_StillLetsTheFlowTransfer()
    {
        _queue.Status = Failure.Unavailable();

        var answer = await InvokeEventAsync("check-queue.json");

        Assert.Equal("failed", answer["queueCheck"]);
        Assert.Equal("false", answer["offerCallback"]);
    }

    [Fact]
    public async Task CheckQueue_WhenTheApiHangs_AnswersWithinTheBudget()
    {
        _queue.Hang = true;

        var answer = await InvokeEventAsync("check-queue.json");

        Assert.Equal("failed", answer["queueCheck"]);
    }

    [Theory]
    [InlineData("unknown-action.json")]
    public async Task UnknownAction_IsAnErrorAttributeNotAnException(string file) =>
        Assert.Equal("unknown_action", (await InvokeEventAsync(file))["error"]);

    [Fact]
    public async Task MalformedEvent_IsAnErrorAttribute() =>
        Assert.Equal("bad_event", (await InvokeAsync(Encoding.UTF8.GetBytes("{nope")))["error"]);

    [Fact]
    public void Write_KeepsAHugeMapUnder32KilobytesAndFlagsTheCut()
    {
        var bytes = ConnectResponse.Write(new Dictionary<string, string> { ["summary"] = new string('x', 40_000), ["callerId"] = "emp-1001" });

        Assert.True(bytes.Length < ConnectResponse.MaxBytes);
        var map = JsonSerializer.Deserialize(bytes, ConnectJsonContext.Default.DictionaryStringString)!;
        Assert.Equal("true", map["truncated"]);
        Assert.Equal("emp-1001", map["callerId"]);
    }

    [Fact]
    [Trait("Category", ExternalCorpus.Trait)]
    public void EveryCorpusEvent_GetsAWellFormedFlatAnswer() =>
        ExternalCorpus.ForEach(ExternalCorpus.Files("connect-events"), file =>
        {
            var payload = File.ReadAllBytes(file);
            var parsed = ConnectResponse.Read(payload);
            Assert.NotNull(parsed.Details);
            var node = System.Text.Json.Nodes.JsonNode.Parse(payload.AsSpan(payload.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? 3 : 0).ToArray())!;
            node["Details"]!["Parameters"] = new System.Text.Json.Nodes.JsonObject { ["action"] = "identifyCaller" };
            var answer = InvokeAsync(Encoding.UTF8.GetBytes(node.ToJsonString())).GetAwaiter().GetResult();
            Assert.True(answer.ContainsKey(SessionKeys.CallerVerifiedBy), "no callerVerifiedBy");
        });
}
