using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDesk.Wire.Connect;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Core;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.ContactCenter;
using ServiceDesk.Functions;
using ServiceDesk.Functions.Connect;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests.Connect;

public partial class ContactFlowFunctionTests
{
    private readonly ManualClock _time = new();
    private readonly QueueDouble _queue;

    public ContactFlowFunctionTests() => _queue = new QueueDouble(_time);

    private sealed class QueueDouble(ManualClock clock) : IContactCenter
    {
        public Result<QueueStatus> Status { get; set; } = new QueueStatus(2, TimeSpan.FromSeconds(40));
        public bool Hang { get; set; }

        /// <summary>How long, on the test's clock, the hanging call waited before the function gave up on it.</summary>
        public TimeSpan? HungFor { get; private set; }

        public Task<Result<bool>> UpdateContactAttributesAsync(string initialContactId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken) =>
            Task.FromResult(Result<bool>.Ok(true));

        public async Task<Result<QueueStatus>> GetQueueStatusAsync(string queueId, CancellationToken cancellationToken)
        {
            if (Hang)
            {
                // The API never answers: the clock moves on in 100 ms steps until the function's budget runs out.
                var waited = TimeSpan.Zero;
                while (!cancellationToken.IsCancellationRequested && waited < TimeSpan.FromSeconds(8))
                {
                    clock.Advance(TimeSpan.FromMilliseconds(100));
                    waited += TimeSpan.FromMilliseconds(100);
                }

                HungFor = waited;
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return Status;
        }
    }

    private ContactFlowFunction CreateSut() => new(
        new CallerLookup(InMemoryCallerDirectory.Demo()),
        _queue,
        new ServiceDeskSettings { ServiceDeskQueueId = "queue-1", CallbackOfferThreshold = TimeSpan.FromMinutes(5) },
        FunctionContext.Of(FunctionCatalog.ContactFlow, time: _time));

    private async Task<Dictionary<string, string>> InvokeAsync(byte[] payload)
    {
        var response = await CreateSut().InvokeAsync(payload, new LambdaInvocation("req", _time.GetUtcNow().AddSeconds(8)), TestContext.Current.CancellationToken);
        Assert.True(response.Length < ConnectResponse.MaxBytes);
        // STRING_MAP: a flat object whose values are all strings.
        using var doc = JsonDocument.Parse(response);
        Assert.All(doc.RootElement.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        AwsServiceModel.AssertValidResponseWhereChecked(LambdaResponseKind.Connect, response);
        return JsonSerializer.Deserialize(response, ConnectJsonContext.Default.DictionaryStringString)!;
    }

    private Task<Dictionary<string, string>> InvokeEventAsync(string file) => InvokeAsync(RepoPaths.ReadEvent("connect", file));

    [Fact]
    public async Task EndCall_AHangUpBeforeTheBot_ClosesAnAbandonedSummaryOnce_AndCountsItOnce()
    {
        var store = new InMemoryCallSummaryStore();
        var emf = new StringWriter();
        var sut = new ContactFlowFunction(
            new CallerLookup(InMemoryCallerDirectory.Demo()),
            _queue,
            new ServiceDeskSettings(),
            new FunctionContext(FunctionCatalog.ContactFlow, NullLogger.Instance, new Wire.Observability.EmfMetrics(emf, _time), _time),
            new Core.Calls.CallSummaries(store, _time));
        var payload = RepoPaths.ReadEvent("connect", "end-call-hangup.json");

        var first = await sut.InvokeAsync(payload, new LambdaInvocation("req", _time.GetUtcNow().AddSeconds(3)), TestContext.Current.CancellationToken);
        var again = await sut.InvokeAsync(payload, new LambdaInvocation("req", _time.GetUtcNow().AddSeconds(3)), TestContext.Current.CancellationToken);

        Assert.Equal("abandoned", JsonDocument.Parse(first).RootElement.GetProperty("callOutcome").GetString());
        Assert.Equal("already_ended", JsonDocument.Parse(again).RootElement.GetProperty("callSummary").GetString());
        var summary = (await store.GetAsync("b7d1f3c2-5a4e-4c1b-9a0e-2f6d8e1a9c01", TestContext.Current.CancellationToken)).Value!;
        Assert.Equal("emp-1001", summary.CallerId);
        Assert.Equal("+1********00", summary.CallerPhone);
        Assert.Single(emf.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("\"CallsEnded\":1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sideways", "unknown_ending")]
    [InlineData(null, "unknown_ending")]
    public async Task EndCall_WithAnEndingTheFlowDoesNotSend_IsAnErrorAttribute(string? ending, string error)
    {
        var node = JsonNode.Parse(RepoPaths.ReadEvent("connect", "end-call-hangup.json"))!;
        node["Details"]!["Parameters"]!["ending"] = ending;

        var answer = await InvokeAsync(Encoding.UTF8.GetBytes(node.ToJsonString()));

        Assert.Equal(error, answer["error"]);
    }

    [Fact]
    public async Task EndCall_WithoutAStore_SaysSummariesAreOff()
    {
        var answer = await InvokeEventAsync("end-call-hangup.json");

        Assert.Equal("off", answer["callSummary"]);
    }

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
    public async Task IdentifyCaller_ReturnsOnlyWhatTheInboundFlowStores()
    {
        var stored = ExternalReference().Matches(File.ReadAllText(RepoPaths.Of("contact-flows", "ServiceDesk-Inbound.json"))).Select(m => m.Groups[1].Value).ToHashSet();

        var answer = await InvokeEventAsync("identify-known-caller.json");

        Assert.Subset(stored, answer.Keys.ToHashSet());
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\$\.External\.([A-Za-z0-9_]+)")]
    private static partial System.Text.RegularExpressions.Regex ExternalReference();

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
        _queue.Status = new QueueStatus(0, TimeSpan.FromMinutes(12));

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
        Assert.Equal("false", answer["offerCallback"]);
        Assert.Equal(TimeSpan.FromSeconds(2.5), _queue.HungFor);
    }

    [Theory]
    [InlineData("unknown-action.json")]
    public async Task UnknownAction_IsAnErrorAttributeNotAnException(string file) =>
        Assert.Equal("unknown_action", (await InvokeEventAsync(file))["error"]);

    /// <summary>A recorded event with one member changed; <c>LONE</c> becomes a lone surrogate escape on the wire.</summary>
    private static byte[] Mutated(string file, Action<JsonObject> change)
    {
        var root = JsonNode.Parse(RepoPaths.ReadEvent("connect", file))!.AsObject();
        change(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString().Replace("\"LONE\"", "\"\\ud800\"", StringComparison.Ordinal));
    }

    private static JsonObject ContactData(JsonObject root) => root["Details"]!["ContactData"]!.AsObject();

    /// <summary>Members the function does not read, each of a type Connect does not send: one must never cost the answer.</summary>
    public static TheoryData<string> OneWrongMember() => new(
        "number in Attributes", "boolean InstanceARN", "number in Parameters", "object as CustomerEndpoint.Type",
        "CustomerEndpoint with a nested member", "number as Queue", "array as SystemEndpoint", "lone surrogate in ContactId");

    private static void Spoil(JsonObject root, string how)
    {
        var contact = ContactData(root);
        switch (how)
        {
            case "number in Attributes":
                contact["Attributes"] = new JsonObject { ["callerVip"] = 1, ["retries"] = 2.5 };
                break;
            case "boolean InstanceARN":
                contact["InstanceARN"] = true;
                break;
            case "number in Parameters":
                root["Details"]!["Parameters"]!["retries"] = 2;
                break;
            case "object as CustomerEndpoint.Type":
                contact["CustomerEndpoint"]!["Type"] = new JsonObject { ["Value"] = "TELEPHONE_NUMBER" };
                break;
            case "CustomerEndpoint with a nested member":
                contact["CustomerEndpoint"]!["Details"] = new JsonArray(1, 2);
                break;
            case "number as Queue":
                contact["Queue"] = 7;
                break;
            case "array as SystemEndpoint":
                contact["SystemEndpoint"] = new JsonArray("+18005550199");
                break;
            default:
                contact["ContactId"] = "LONE";
                break;
        }
    }

    [Theory]
    [MemberData(nameof(OneWrongMember))]
    public async Task IdentifyCaller_OneWrongMemberItDoesNotRead_StillKnowsTheCaller(string how)
    {
        var answer = await InvokeAsync(Mutated("identify-known-caller.json", root => Spoil(root, how)));

        Assert.Equal("emp-1001", answer[SessionKeys.CallerId]);
        Assert.Equal("+14155550100", answer[SessionKeys.CallerPhone]);
        Assert.Equal("phone", answer[SessionKeys.CallerVerifiedBy]);
        Assert.Equal("single", answer["callerMatch"]);
    }

    [Theory]
    [MemberData(nameof(OneWrongMember))]
    public async Task CheckQueue_OneWrongMemberItDoesNotRead_StillChecksTheQueue(string how)
    {
        var answer = await InvokeAsync(Mutated("check-queue.json", root => Spoil(root, how)));

        Assert.Equal("ok", answer["queueCheck"]);
        Assert.Equal("2", answer["agentsAvailable"]);
    }

    [Fact]
    public async Task IdentifyCaller_AParameterWithoutAValue_StillIdentifies()
    {
        var answer = await InvokeAsync(Mutated("identify-known-caller.json", root => root["Details"]!["Parameters"]!["queueId"] = null));

        Assert.Equal("emp-1001", answer[SessionKeys.CallerId]);
    }

    /// <summary>What the function truly needs: without the action it cannot know the question, and says so.</summary>
    [Theory]
    [InlineData("null")]
    [InlineData("\"identifyCaller\"")]
    [InlineData("[\"identifyCaller\"]")]
    public async Task Parameters_Unusable_IsTheUnknownActionAnswer(string parameters)
    {
        var answer = await InvokeAsync(Mutated("identify-known-caller.json", root => root["Details"]!["Parameters"] = JsonNode.Parse(parameters)));

        Assert.Equal("unknown_action", Assert.Single(answer).Value);
    }

    /// <summary>Without a usable number the caller is treated as withheld: unverified, so the bot asks who they are.</summary>
    [Theory]
    [InlineData("{\"Address\":{\"Value\":\"+14155550100\"},\"Type\":\"TELEPHONE_NUMBER\"}")]
    [InlineData("\"+14155550100\"")]
    [InlineData("[]")]
    public async Task IdentifyCaller_CustomerEndpointUnusable_AnswersUnverified(string endpoint)
    {
        var answer = await InvokeAsync(Mutated("identify-known-caller.json", root => ContactData(root)["CustomerEndpoint"] = JsonNode.Parse(endpoint)));

        Assert.Equal("withheld", answer["callerMatch"]);
        Assert.Equal("none", answer[SessionKeys.CallerVerifiedBy]);
        Assert.Equal(string.Empty, answer[SessionKeys.CallerId]);
    }

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
    public async Task Write_WhenTheKeysAloneAreOver32Kilobytes_DropsKeysAndEnds()
    {
        var attributes = Enumerable.Range(0, 40).ToDictionary(i => $"k{i:D2}-" + new string('k', 1000), _ => string.Empty);

        // Guards the test run only: before the fix this loop never ended.
        var bytes = await Task.Run(() => ConnectResponse.Write(attributes), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(bytes.Length < ConnectResponse.MaxBytes);
        var map = JsonSerializer.Deserialize(bytes, ConnectJsonContext.Default.DictionaryStringString)!;
        Assert.Equal("true", map["truncated"]);
        Assert.InRange(map.Count, 2, 40);
    }

    [Fact]
    public void Write_NeverCutsASurrogatePairInHalf()
    {
        // "x" then 10,000 emoji: the first halving falls between the two halves of an emoji.
        var summary = "x" + string.Concat(Enumerable.Repeat("\U0001F600", 10_000));

        var bytes = ConnectResponse.Write(new Dictionary<string, string> { ["summary"] = summary });

        Assert.True(bytes.Length < ConnectResponse.MaxBytes);
        var cut = JsonSerializer.Deserialize(bytes, ConnectJsonContext.Default.DictionaryStringString)!["summary"];
        Assert.StartsWith(cut, summary, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(cut[^1]), "the value ends in half of an emoji");
        new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(cut);
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
