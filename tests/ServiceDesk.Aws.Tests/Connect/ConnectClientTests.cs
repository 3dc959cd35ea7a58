using ServiceDesk.Testing;
using System.Text.Json;
using ServiceDesk.Aws.Connect;
using ServiceDesk.Aws.Http;
using ServiceDesk.Aws.Secrets;
using ServiceDesk.Aws.Tests.Http;
using ServiceDesk.Core;

namespace ServiceDesk.Aws.Tests.Connect;

public sealed class ConnectClientTests : IAsyncDisposable
{
    private const string Instance = "11111111-2222-3333-4444-555555555555";
    private readonly SigV4Server _server = new();
    private readonly HttpClient _http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ConnectClient CreateSut() => new(AwsSignedClientTests.Client(_http), new AwsEndpoint("connect", "us-east-1", _server.BaseAddress), Instance, TimeProvider.System);

    [Fact]
    public async Task UpdateContactAttributes_SendsASignedRequestInConnectsShape()
    {
        _server.Answer(200, "{}");

        var result = await CreateSut().UpdateContactAttributesAsync("contact-1", new Dictionary<string, string> { ["handoffSummary"] = "Ada, VPN" }, Ct);

        Assert.True(result.IsOk);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(("POST", "/contact/attributes"), (request.Method, request.Path));
        Assert.True(request.SignatureValid);
        Assert.Equal("us-east-1/connect", request.Scope);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(Instance, body.GetProperty("InstanceId").GetString());
        Assert.Equal("contact-1", body.GetProperty("InitialContactId").GetString());
        Assert.Equal("Ada, VPN", body.GetProperty("Attributes").GetProperty("handoffSummary").GetString());
    }

    [Fact]
    public async Task GetQueueStatus_AsksForTheQueuesVoiceMetricsIncludingTheEstimatedWait()
    {
        _server.Answer(200, """{"MetricResults":[],"DataSnapshotTime":1.7639E9,"ApproximateTotalCount":0}""");

        await CreateSut().GetQueueStatusAsync("q-1", Ct);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("POST", $"/metrics/current/{Instance}"), (request.Method, request.Path));
        Assert.True(request.SignatureValid);
        Assert.Equal("us-east-1/connect", request.Scope);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(new[] { "q-1" }, body.GetProperty("Filters").GetProperty("Queues").EnumerateArray().Select(q => q.GetString()));
        Assert.Equal(new[] { "VOICE" }, body.GetProperty("Filters").GetProperty("Channels").EnumerateArray().Select(c => c.GetString()));
        // The Connect API model serves ESTIMATED_WAIT_TIME for a list of queues and channels only grouped by
        // ["QUEUE", "CHANNEL"]; grouped, OLDEST_CONTACT_AGE comes back in seconds (ungrouped it would be milliseconds).
        Assert.Equal(new[] { "QUEUE", "CHANNEL" }, body.GetProperty("Groupings").EnumerateArray().Select(g => g.GetString()));
        var metrics = body.GetProperty("CurrentMetrics").EnumerateArray().ToDictionary(m => m.GetProperty("Name").GetString()!, m => m.GetProperty("Unit").GetString());
        Assert.Equal("SECONDS", metrics["ESTIMATED_WAIT_TIME"]);
        Assert.Equal("SECONDS", metrics["OLDEST_CONTACT_AGE"]);
        Assert.Equal("COUNT", metrics["AGENTS_AVAILABLE"]);
    }

    [Fact]
    public async Task GetQueueStatus_UsesConnectsEstimatedWait()
    {
        _server.Answer(200, Metrics(estimatedWait: "420.0", oldestContactAge: "540.0"));

        var result = await CreateSut().GetQueueStatusAsync("q-1", Ct);

        Assert.Equal(new Core.ContactCenter.QueueStatus(0, TimeSpan.FromSeconds(420)), result.Value);
    }

    [Fact]
    public async Task GetQueueStatus_WhenTheEstimateIsNull_FallsBackToTheOldestContactsAge()
    {
        // The API's own note: a null value means "insufficient data" for the calculation.
        _server.Answer(200, Metrics(estimatedWait: "null", oldestContactAge: "540.0"));

        var result = await CreateSut().GetQueueStatusAsync("q-1", Ct);

        Assert.Equal(TimeSpan.FromSeconds(540), result.Value?.EstimatedWait);
    }

    [Fact]
    public async Task GetQueueStatus_WithNoEstimateAndNobodyWaiting_HasNoEstimate()
    {
        _server.Answer(200, Metrics(estimatedWait: "null", oldestContactAge: "0.0"));

        var result = await CreateSut().GetQueueStatusAsync("q-1", Ct);

        Assert.Null(result.Value?.EstimatedWait);
    }

    [Fact]
    public async Task GetQueueStatus_ReadsTheVoiceChannelsRow()
    {
        _server.Answer(200, $$"""
            {"MetricResults":[{{Row("CHAT", agentsAvailable: "9.0", estimatedWait: "30.0", oldestContactAge: "45.0")}},{{Row("VOICE", agentsAvailable: "2.0", estimatedWait: "420.0", oldestContactAge: "540.0")}}],
             "DataSnapshotTime":1.7639E9,"ApproximateTotalCount":2}
            """);

        var result = await CreateSut().GetQueueStatusAsync("q-1", Ct);

        Assert.Equal(new Core.ContactCenter.QueueStatus(2, TimeSpan.FromSeconds(420)), result.Value);
    }

    [Fact]
    public async Task GetQueueStatus_WithOnlyAnotherChannelsRow_CountsNothing()
    {
        _server.Answer(200, $$"""{"MetricResults":[{{Row("CHAT", agentsAvailable: "9.0", estimatedWait: "30.0", oldestContactAge: "45.0")}}]}""");

        var result = await CreateSut().GetQueueStatusAsync("q-1", Ct);

        Assert.Equal(new Core.ContactCenter.QueueStatus(0, null), result.Value);
    }

    /// <summary>A GetCurrentMetricData answer for one queue grouped by QUEUE and CHANNEL: every requested metric, in Connect's shape.</summary>
    private static string Metrics(string estimatedWait, string oldestContactAge) => $$"""
        {"MetricResults":[{{Row("VOICE", "0.0", estimatedWait, oldestContactAge)}}],"DataSnapshotTime":1.7639E9,"ApproximateTotalCount":1}
        """;

    private static string Row(string channel, string agentsAvailable, string estimatedWait, string oldestContactAge) => $$"""
        {"Dimensions":{"Queue":{"Id":"q-1","Arn":"arn:aws:connect:us-east-1:1:instance/i/queue/q-1"},"Channel":"{{channel}}","RoutingProfile":null},
         "Collections":[{"Metric":{"Name":"AGENTS_AVAILABLE","Unit":"COUNT"},"Value":{{agentsAvailable}}},{"Metric":{"Name":"AGENTS_ONLINE","Unit":"COUNT"},"Value":4.0},
                        {"Metric":{"Name":"CONTACTS_IN_QUEUE","Unit":"COUNT"},"Value":7.0},{"Metric":{"Name":"ESTIMATED_WAIT_TIME","Unit":"SECONDS"},"Value":{{estimatedWait}}},
                        {"Metric":{"Name":"OLDEST_CONTACT_AGE","Unit":"SECONDS"},"Value":{{oldestContactAge}}}]}
        """;

    [Fact]
    public async Task GetQueueStatus_WhenThrottledThenFine_Succeeds()
    {
        _server.Answer(429, """{"message":"Rate exceeded"}""", errorType: "ThrottlingException");
        _server.Answer(200, """{"MetricResults":[]}""");

        var result = await CreateSut().GetQueueStatusAsync("q-1", Ct);

        Assert.Equal(0, result.Value?.AgentsAvailable);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task GetQueueStatus_ThrottledUntilTheDeadline_IsThrottled()
    {
        // Each throttled answer takes 0.9 s of the two-second budget on the fake clock and the first pause 0.1 s: after
        // the second answer (at 1.9 s) a 0.2 s pause leaves no room for a third attempt, so the client stops there
        // rather than at its retry limit, and says throttled, not timed out.
        var time = new ManualClock { SkipPausesUpTo = TimeSpan.FromMilliseconds(500) };
        _server.Answer(429, """{"message":"Rate exceeded"}""", errorType: "ThrottlingException", onRequest: () => time.Advance(TimeSpan.FromMilliseconds(900)));
        _server.Answer(429, """{"message":"Rate exceeded"}""", errorType: "ThrottlingException", onRequest: () => time.Advance(TimeSpan.FromMilliseconds(900)));
        _server.Answer(200, """{"MetricResults":[]}""");
        var sut = new ConnectClient(AwsSignedClientTests.Client(_http, time, jitter: () => 0.5), new AwsEndpoint("connect", "us-east-1", _server.BaseAddress), Instance, time, TimeSpan.FromSeconds(2));

        var result = await sut.GetQueueStatusAsync("q-1", Ct);

        Assert.Equal(FailureKind.Throttled, result.Failure?.Kind);
        Assert.Equal(2, _server.Requests.Count);
        Assert.All(_server.Requests, r => Assert.True(r.SignatureValid));
    }

    [Theory]
    [InlineData(404, """{"message":"Queue not found"}""", "ResourceNotFoundException", FailureKind.NotFound)]
    [InlineData(500, """{"message":"Internal"}""", "InternalServiceException", FailureKind.Unavailable)]
    [InlineData(400, """{"message":"bad"}""", "InvalidParameterException", FailureKind.Invalid)]
    public async Task GetQueueStatus_MapsErrorsToDomainOutcomes(int status, string body, string type, FailureKind kind)
    {
        _server.Answer(status, body, errorType: type);
        _server.Answer(status, body, errorType: type);
        _server.Answer(status, body, errorType: type);
        _server.Answer(status, body, errorType: type);

        var result = await CreateSut().GetQueueStatusAsync("q-1", Ct);

        Assert.Equal(kind, result.Failure?.Kind);
    }

    [Fact]
    public async Task SecretsManager_ReadsTheSecretStringWithASignedAwsJsonCall()
    {
        // The shape template.yaml's GenerateSecretString makes: a JSON object with the generated "apiKey".
        _server.Answer(200, """{"ARN":"arn:aws:secretsmanager:us-east-1:1:secret:key","Name":"key","SecretString":"{\"apiKey\":\"s3cr3t\"}","VersionId":"v1"}""", "application/x-amz-json-1.1");
        var reader = new SecretsManagerReader(AwsSignedClientTests.Client(_http), new AwsEndpoint("secretsmanager", "us-east-1", _server.BaseAddress), TimeProvider.System);

        var secret = await reader.ReadAsync("arn:aws:secretsmanager:us-east-1:1:secret:key", "apiKey", Ct);

        Assert.Equal("s3cr3t", secret);
        var request = Assert.Single(_server.Requests);
        Assert.True(request.SignatureValid);
        Assert.Equal("us-east-1/secretsmanager", request.Scope);
        Assert.Contains("x-amz-target", request.SignedHeaders.Split(';'));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }
}
