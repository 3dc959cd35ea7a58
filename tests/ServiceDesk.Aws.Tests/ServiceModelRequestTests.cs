using Microsoft.Extensions.Logging.Abstractions;
using ServiceDesk.Aws.Bedrock;
using ServiceDesk.Aws.Connect;
using ServiceDesk.Aws.Http;
using ServiceDesk.Aws.Tests.Http;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Testing;

namespace ServiceDesk.Aws.Tests;

/// <summary>
/// The request bodies we put on the wire to Connect and Bedrock, captured at the loopback server, checked against the
/// service models botocore ships (the AWS CLI's own reference): member names, required members, types, enums, lengths.
/// Skipped where python3 with botocore is not installed.
/// </summary>
public sealed class ServiceModelRequestTests : IAsyncDisposable
{
    private const string Instance = "11111111-2222-3333-4444-555555555555";
    private static readonly CallerIdentity Ada = new("emp-1001", "Ada", "+14155550100", VerifiedBy.Phone);
    private readonly SigV4Server _server = new();
    private readonly HttpClient _http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ConnectClient Connect() => new(AwsSignedClientTests.Client(_http), new AwsEndpoint("connect", "us-east-1", _server.BaseAddress), Instance, TimeProvider.System);

    private BedrockAgentGateway Agent() => new(
        AwsSignedClientTests.Client(_http),
        new BedrockAgentOptions("AGENT12345", "ALIAS12345", new AwsEndpoint("bedrock", "us-east-1", _server.BaseAddress)),
        new TicketTools(new CallerTickets(new InMemoryTicketBackend(TimeProvider.System)), TimeProvider.System),
        TimeProvider.System,
        NullLogger.Instance);

    private static (string, string)[] AgentUri => [("agentId", "AGENT12345"), ("agentAliasId", "ALIAS12345"), ("sessionId", "lex-session-42")];

    [Fact]
    public async Task GetCurrentMetricData_MatchesConnectsModel()
    {
        _server.Answer(200, """{"MetricResults":[]}""");

        await Connect().GetQueueStatusAsync("q-1", Ct);

        AwsServiceModel.AssertValidRequest("connect", "GetCurrentMetricData", Assert.Single(_server.Requests).Body, ("InstanceId", Instance));
    }

    [Fact]
    public async Task UpdateContactAttributes_MatchesConnectsModel()
    {
        _server.Answer(200, "{}");

        await Connect().UpdateContactAttributesAsync("contact-1", new Dictionary<string, string> { ["handoffSummary"] = "Ada, VPN", ["callerId"] = "emp-1001" }, Ct);

        AwsServiceModel.AssertValidRequest("connect", "UpdateContactAttributes", Assert.Single(_server.Requests).Body);
    }

    [Fact]
    public async Task InvokeAgent_AQuestion_MatchesBedrocksModel()
    {
        _server.AnswerBytes(200, EventStreamFrames.Chunk("Restart it."), EventStreamFrames.ContentType);

        await Agent().AskAsync(new AgentTurn("lex:session/42", Ada, "my vpn is broken", TimeSpan.FromSeconds(5)), Ct);

        AwsServiceModel.AssertValidRequest("bedrock-agent-runtime", "InvokeAgent", Assert.Single(_server.Requests).Body, AgentUri);
    }

    [Theory]
    [InlineData("""{"functionInvocationInput":{"actionGroup":"ticket-tools","function":"list_recent_tickets","parameters":[]}}""")]
    [InlineData("""{"apiInvocationInput":{"actionGroup":"ticket-tools","apiPath":"/tickets/create_ticket","httpMethod":"POST","requestBody":{"content":{"application/json":{"properties":[{"name":"description","type":"string","value":"Teams crashes"}]}}}}}""")]
    [InlineData("""{"apiInvocationInput":{"actionGroup":"ticket-tools","apiPath":"/tickets/create_ticket","httpMethod":"POST","requestBody":{"content":{"application/json":{"properties":[]}}}}}""")]
    public async Task InvokeAgent_ReturningToolResults_MatchesBedrocksModel(string invocationInput)
    {
        _server.AnswerBytes(200, EventStreamFrames.Event("returnControl", $$"""{"invocationId":"inv-1","invocationInputs":[{{invocationInput}}]}"""), EventStreamFrames.ContentType);
        _server.AnswerBytes(200, EventStreamFrames.Chunk("Done."), EventStreamFrames.ContentType);

        await Agent().AskAsync(new AgentTurn("lex:session/42", Ada, "my tickets", TimeSpan.FromSeconds(5)), Ct);

        AwsServiceModel.AssertValidRequest("bedrock-agent-runtime", "InvokeAgent", _server.Requests.Skip(1).First().Body, AgentUri);
    }

    [Fact]
    public async Task InvokeAgent_EndingTheSession_MatchesBedrocksModel()
    {
        _server.AnswerBytes(200, [], EventStreamFrames.ContentType);

        await Agent().EndSessionAsync("lex:session/42", Ada, Ct);

        AwsServiceModel.AssertValidRequest("bedrock-agent-runtime", "InvokeAgent", Assert.Single(_server.Requests).Body, AgentUri);
    }

    [Fact]
    public void TheChecker_RefusesABodyTheModelDoesNot()
    {
        AwsServiceModel.AssertValidRequest("connect", "GetCurrentMetricData", """{"Filters":{"Queues":["q-1"],"Channels":["VOICE"]},"Groupings":["QUEUE","CHANNEL"],"CurrentMetrics":[{"Name":"AGENTS_AVAILABLE","Unit":"COUNT"}]}""", ("InstanceId", Instance));

        var ex = Assert.ThrowsAny<Exception>(() => AwsServiceModel.AssertValidRequest("connect", "GetCurrentMetricData", """{"Filters":{"Queues":["q-1"],"Chanels":["VOICE"]},"Groupings":["QUEUES"],"CurrentMetrics":[]}""", ("InstanceId", Instance)));
        Assert.Contains("Chanels", ex.Message);
        Assert.Contains("QUEUES", ex.Message);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }
}
