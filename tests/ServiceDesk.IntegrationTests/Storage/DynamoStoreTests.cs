using System.Net;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using ServiceDesk.Aws.Storage;
using ServiceDesk.Core;
using ServiceDesk.Core.Analytics;
using ServiceDesk.Core.Calls;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Local.Demo;
using ServiceDesk.Emulation.Http;
using ServiceDesk.Testing;

namespace ServiceDesk.IntegrationTests.Storage;

/// <summary>Fresh tables for one test, shaped by template.yaml: the contract suites run against DynamoDB (dynalite) over HTTP.</summary>
internal static class DynamoTestTables
{
    public static async Task<DynamoOptions> CreateAsync(IAmazonDynamoDB client)
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        var options = new DynamoOptions($"{prefix}-tickets", $"{prefix}-callers", $"{prefix}-idempotency") { CallTimeout = TimeSpan.FromSeconds(20), PinAttemptsTable = $"{prefix}-pins", CallSummariesTable = $"{prefix}-calls", VisitSessionsTable = $"{prefix}-visits" };
        await TemplateTables.CreateAsync(client, options, TestContext.Current.CancellationToken);
        return options;
    }
}

public sealed class DynamoTicketStoreTests(DynaliteFixture dynalite) : TicketStoreContract, IAsyncLifetime
{
    private readonly AmazonDynamoDBClient _client = dynalite.CreateClient();
    private DynamoOptions _options = null!;

    public async ValueTask InitializeAsync() => _options = await DynamoTestTables.CreateAsync(_client);

    protected override ITicketStore CreateStore() => new DynamoTicketStore(_client, _options, Time);

    [Fact]
    public async Task Create_WhenAClaimHasNoTicket_CompletesItWithTheClaimedNumber()
    {
        var ct = TestContext.Current.CancellationToken;
        await _client.PutItemAsync(new() { TableName = _options.IdempotencyTable, Item = new() { ["idempotency_key"] = new() { S = "crashed" }, ["ticket_id"] = new() { S = "INC0000777" } } }, ct);

        var result = await CreateSut().CreateAsync(new NewTicket("emp-1001", "Retried after a crash", IdempotencyKey: "crashed"), ct);

        Assert.Equal("INC0000777", result.Value?.Number.ToString());
        Assert.Single((await CreateSut().ListRecentByCallerAsync("emp-1001", 10, ct)).Value!);
    }

    [Fact]
    public async Task Create_WithAKey_WritesTheClaimAndTheTicket_AndTheCounterOncePerBlock()
    {
        var ct = TestContext.Current.CancellationToken;
        var calls = new CountingHttpClientFactory();
        using var client = dynalite.CreateClient(calls);
        var sut = new TicketDesk(new DynamoTicketStore(client, _options, Time), Time);

        for (var i = 0; i < 40; i++)
        {
            Assert.True((await sut.CreateAsync(new NewTicket("emp-1001", $"Issue {i}", IdempotencyKey: $"calls-{i}"), ct)).IsOk);
        }

        Assert.Equal(80, calls.Count("PutItem"));
        Assert.Equal(0, calls.Count("GetItem"));
        // Besides the counter's blocks, each create adds to two analytics counter items (status, and its month's days).
        Assert.InRange(calls.Count("UpdateItem") - (40 * 2), 1, 40 / TicketNumberBlocks.FirstBlock);
    }

    [Fact]
    public async Task Create_WhenTheKeyWasClaimedBefore_ReadsTheClaimAndItsTicketOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var calls = new CountingHttpClientFactory();
        using var client = dynalite.CreateClient(calls);
        var sut = new TicketDesk(new DynamoTicketStore(client, _options, Time), Time);
        var first = (await sut.CreateAsync(new NewTicket("emp-1001", "Printer jammed", IdempotencyKey: "again"), ct)).Value!;
        calls.Reset();

        var retried = await sut.CreateAsync(new NewTicket("emp-1001", "Printer jammed", IdempotencyKey: "again"), ct);

        Assert.Equal(first.Number, retried.Value?.Number);
        Assert.Equal(1, calls.Count("PutItem"));
        Assert.Equal(2, calls.Count("GetItem"));
    }

    [Fact]
    public async Task Create_OnTwoInstances_EachNumbersFromItsOwnBlock()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (CreateSut(), CreateSut());

        var a1 = (await a.CreateAsync(new NewTicket("emp-1001", "A one"), ct)).Value!;
        var b1 = (await b.CreateAsync(new NewTicket("emp-1001", "B one"), ct)).Value!;
        var a2 = (await a.CreateAsync(new NewTicket("emp-1001", "A two"), ct)).Value!;

        Assert.Equal([1, 1 + TicketNumberBlocks.FirstBlock, 2], new[] { a1, b1, a2 }.Select(t => t.Number.Sequence));
    }

    [Fact]
    public async Task Create_AfterTheOneAtATimeCounter_ContinuesPastIt()
    {
        // Tables written by the store before blocks: the counter held the last number given, and still does.
        var ct = TestContext.Current.CancellationToken;
        await _client.PutItemAsync(new() { TableName = _options.TicketsTable, Item = new() { ["ticket_id"] = new() { S = "#counter" }, ["next_sequence"] = new() { N = "500" } } }, ct);

        var created = await CreateSut().CreateAsync(new NewTicket("emp-1001", "After the upgrade"), ct);

        Assert.Equal("INC0000501", created.Value?.Number.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("after-reset")]
    public async Task Create_WhenTheCounterWasSetBackBelowTicketsInUse_FailsRatherThanAnswerWithAnotherTicket(string? key)
    {
        var ct = TestContext.Current.CancellationToken;
        var someoneElses = (await CreateSut().CreateAsync(new NewTicket("emp-1002", "Grace's ticket", IdempotencyKey: "graces"), ct)).Value!;
        await _client.DeleteItemAsync(new() { TableName = _options.TicketsTable, Key = new() { ["ticket_id"] = new() { S = "#counter" } } }, ct);

        var created = await CreateSut().CreateAsync(new NewTicket("emp-1001", "Mine", IdempotencyKey: key), ct);
        var retried = await CreateSut().CreateAsync(new NewTicket("emp-1001", "Mine", IdempotencyKey: key), ct);

        Assert.Equal(1, someoneElses.Number.Sequence);
        Assert.Equal(FailureKind.Unavailable, created.Failure?.Kind);
        Assert.True(!retried.IsOk || retried.Value.CallerId == "emp-1001", "a retry must never answer with Grace's ticket");
        Assert.Equal("Grace's ticket", (await CreateSut().GetAsync(someoneElses.Number, ct)).Value?.Description);
    }

    [Fact]
    public async Task Counters_AreSpreadOverShardsByTicketNumber_AndSummedWithTheUnshardedItem()
    {
        // A store before sharding counted in one item per family: its counts still add up with the shards'.
        var ct = TestContext.Current.CancellationToken;
        var key = TicketCounters.StatusKey(TicketStatus.New, TicketPriority.P3);
        await _client.PutItemAsync(new() { TableName = _options.TicketsTable, Item = new() { ["ticket_id"] = new() { S = "#counters#status" }, [key] = new() { N = "5" } } }, ct);
        var store = new DynamoTicketStore(_client, _options, Time);
        var sut = new TicketDesk(store, Time);

        for (var i = 0; i < 2 * DynamoTicketStore.CounterShards; i++)
        {
            Assert.Equal(TicketPriority.P3, (await sut.CreateAsync(new NewTicket("emp-1001", $"Issue {i}"), ct)).Value?.Priority);
        }

        var counters = (await store.ReadCountersAsync([TicketCounters.StatusFamily], ct)).Value!;
        var shards = await _client.ScanAsync(new() { TableName = _options.TicketsTable, FilterExpression = "begins_with(ticket_id, :shard)", ExpressionAttributeValues = new() { [":shard"] = new() { S = "#counters#status#" } } }, ct);
        Assert.Equal(5 + (2 * DynamoTicketStore.CounterShards), counters[key]);
        Assert.Equal(DynamoTicketStore.CounterShards, shards.Count);
        Assert.All(shards.Items, item => Assert.Equal("2", item[key].N));
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Counts the DynamoDB operations a client sends (by <c>X-Amz-Target</c>), to pin how many round trips a store makes.</summary>
internal sealed class CountingHttpClientFactory : HttpClientFactory
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public int Count(string operation) => _calls.GetValueOrDefault(operation);

    public void Reset() => _calls.Clear();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Counter(this, new SocketsHttpHandler()));

    private sealed class Counter(CountingHttpClientFactory owner, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.TryGetValues("X-Amz-Target", out var targets))
            {
                owner._calls.AddOrUpdate(targets.First().Split('.')[^1], 1, (_, n) => n + 1);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

public sealed class DynamoCallerDirectoryTests(DynaliteFixture dynalite) : CallerDirectoryContract, IAsyncLifetime
{
    private readonly AmazonDynamoDBClient _client = dynalite.CreateClient();
    private DynamoOptions _options = null!;

    public async ValueTask InitializeAsync()
    {
        _options = await DynamoTestTables.CreateAsync(_client);
        await new DynamoCallerDirectory(_client, _options, TimeProvider.System).UpsertAsync(DemoDirectory.Load(RepoPaths.Of("deploy", "demo-callers.json")), TestContext.Current.CancellationToken);
    }

    protected override ICallerDirectory CreateSut() => new DynamoCallerDirectory(_client, _options, TimeProvider.System);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class DynamoThrottlingTests
{
    [Fact]
    public async Task Get_WhenDynamoKeepsThrottling_RetriesThenReportsThrottled()
    {
        var requests = 0;
        await using var dynamo = new LoopbackServer(async (context, stopping) =>
        {
            Interlocked.Increment(ref requests);
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/x-amz-json-1.0";
            await context.Response.OutputStream.WriteAsync("""{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate exceeded"}"""u8.ToArray(), stopping);
        });
        using var client = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig { ServiceURL = dynamo.BaseAddress.ToString().TrimEnd('/'), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var store = new DynamoTicketStore(client, new DynamoOptions("t", "c", "i") { CallTimeout = TimeSpan.FromSeconds(1) }, TimeProvider.System);

        var result = await store.GetAsync(TicketNumber.FromSequence(1), TestContext.Current.CancellationToken);

        Assert.Equal(FailureKind.Throttled, result.Failure?.Kind);
        Assert.True(requests > 1, $"expected retries, saw {requests} request(s)");
    }

    [Fact]
    public void Options_WithoutTableNames_FailNamingTheVariables() =>
        Assert.Contains("TICKETS_TABLE", Assert.Throws<InvalidOperationException>(() => new DynamoTicketStore(null!, new DynamoOptions("", "c", "i"), TimeProvider.System)).Message);
}

public sealed class DynamoPinAttemptsTests(DynaliteFixture dynalite) : PinAttemptStoreContract, IAsyncLifetime
{
    private readonly AmazonDynamoDBClient _client = dynalite.CreateClient();
    private DynamoOptions _options = null!;

    public async ValueTask InitializeAsync() => _options = await DynamoTestTables.CreateAsync(_client);

    protected override IPinAttemptStore CreateSut() => new DynamoPinAttempts(_client, _options, Time);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class DynamoCallSummaryStoreTests(DynaliteFixture dynalite) : CallSummaryStoreContract, IAsyncLifetime
{
    private readonly AmazonDynamoDBClient _client = dynalite.CreateClient();
    private DynamoOptions _options = null!;

    public async ValueTask InitializeAsync() => _options = await DynamoTestTables.CreateAsync(_client);

    protected override ICallSummaryStore CreateSut() => new DynamoCallSummaryStore(_client, _options, Time);

    [Fact]
    public async Task Save_SetsTheTtlFromTheStartAndTheRetention_AndAnExpiredRecordIsGone()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new DynamoCallSummaryStore(_client, _options with { CallSummaryRetention = TimeSpan.FromDays(30) }, Time);
        await store.SaveAsync(new CallSummary { ContactId = "ttl-1", CallerId = "emp-1001", StartedAt = Time.GetUtcNow() }, ct);

        var item = await _client.GetItemAsync(new() { TableName = _options.CallSummariesTable, Key = new() { ["contact_id"] = new() { S = "ttl-1" } } }, ct);
        Time.Advance(TimeSpan.FromDays(31));

        Assert.Equal((Time.GetUtcNow() - TimeSpan.FromDays(1)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), item.Item["expires_at"].N);
        Assert.Null((await store.GetAsync("ttl-1", ct)).Value);
        Assert.Empty((await store.ListByCallerAsync("emp-1001", 10, ct)).Value!);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class DynamoVisitSessionStoreTests(DynaliteFixture dynalite) : VisitSessionStoreContract, IAsyncLifetime
{
    private readonly AmazonDynamoDBClient _client = dynalite.CreateClient();
    private DynamoOptions _options = null!;

    public async ValueTask InitializeAsync() => _options = await DynamoTestTables.CreateAsync(_client);

    protected override Core.Visits.IVisitSessionStore CreateSut() => new DynamoVisitSessionStore(_client, _options, Time);

    [Fact]
    public async Task Put_SetsExpiresAtToTheLastWritePlusTheTimeToLive_InEpochSeconds()
    {
        await CreateSut().PutAsync(Booked, Ct);
        Time.Advance(TimeSpan.FromMinutes(7));
        await CreateSut().PutAsync(Booked, Ct);

        var item = await _client.GetItemAsync(new() { TableName = _options.VisitSessionsTable, Key = new() { ["session_id"] = new() { S = "call-1" } } }, Ct);

        Assert.Equal((Time.GetUtcNow() + Core.Visits.IVisitSessionStore.TimeToLive).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), item.Item["expires_at"].N);
    }

    [Fact]
    public async Task Get_WhenTtlHasNotDeletedAnExpiredItemYet_IsNull()
    {
        // DynamoDB deletes expired items lazily (up to days later): the item is still there, and must not count.
        await _client.PutItemAsync(new()
        {
            TableName = _options.VisitSessionsTable,
            Item = new()
            {
                ["session_id"] = new() { S = "stale" },
                ["record"] = new() { S = """{"SessionId":"stale","Token":"old"}""" },
                ["expires_at"] = new() { N = Time.GetUtcNow().AddSeconds(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
        }, Ct);

        Assert.Null(await CreateSut().GetAsync("stale", Ct));
    }

    [Fact]
    public async Task Get_WhenTheRecordIsUnreadable_IsNullRatherThanAFailedCall()
    {
        await _client.PutItemAsync(new()
        {
            TableName = _options.VisitSessionsTable,
            Item = new()
            {
                ["session_id"] = new() { S = "garbled" },
                ["record"] = new() { S = "{not json" },
                ["expires_at"] = new() { N = Time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
        }, Ct);

        Assert.Null(await CreateSut().GetAsync("garbled", Ct));
    }

    [Fact]
    public async Task Put_WhenDynamoIsDown_FailsWithoutTheToken()
    {
        await using var dynamo = new LoopbackServer(async (context, stopping) =>
        {
            context.Response.StatusCode = 500;
            context.Response.ContentType = "application/x-amz-json-1.0";
            await context.Response.OutputStream.WriteAsync("""{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"down"}"""u8.ToArray(), stopping);
        });
        using var client = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig { ServiceURL = dynamo.BaseAddress.ToString().TrimEnd('/'), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var store = new DynamoVisitSessionStore(client, _options with { CallTimeout = TimeSpan.FromSeconds(2) }, TimeProvider.System);

        var put = await Assert.ThrowsAsync<InvalidOperationException>(() => store.PutAsync(Booked, Ct));
        var get = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetAsync("call-1", Ct));

        Assert.Contains("unavailable", put.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bearer-abc", put.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("bearer-abc", get.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_WithoutTheTable_FailNamingTheVariable() =>
        Assert.Contains("VISIT_SESSIONS_TABLE", Assert.Throws<InvalidOperationException>(() => new DynamoVisitSessionStore(_client, _options with { VisitSessionsTable = "" }, Time)).Message);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
