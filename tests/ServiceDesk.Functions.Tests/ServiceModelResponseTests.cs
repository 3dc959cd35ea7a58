using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Core;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.ContactCenter;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.Agent;
using ServiceDesk.Functions.Connect;
using ServiceDesk.Functions.Tests.Lex;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests;

/// <summary>
/// What our functions answer for every recorded event, checked against the AWS service models botocore ships (the AWS
/// CLI's own reference) through <c>tests/tools/validate-aws-response.py</c>: Lex V2 responses against lexv2-runtime's
/// SessionState and Message, agent responses against bedrock-agent-runtime's ApiResult and FunctionResult inside the
/// documented envelope, Connect answers as a flat string map. Skipped, saying why, where python3 with botocore is
/// missing. The harnesses check every other answer the function tests produce the same way (the hostile events too).
/// </summary>
public sealed class ServiceModelResponseTests
{
    public static TheoryData<string> LexEvents() => HostileEventTests.Events("lex");

    public static TheoryData<string, string> AgentEvents() => HostileEventTests.AgentEvents();

    public static TheoryData<string> ConnectEvents() => HostileEventTests.Events("connect");

    [Theory]
    [MemberData(nameof(LexEvents))]
    public async Task Lex_EveryRecordedEvent_IsAnsweredInLexsModel(string file)
    {
        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Printer on floor 3 jams", age: TimeSpan.FromDays(2));

        await harness.InvokeAsync(file);

        AwsServiceModel.AssertValidResponse(LambdaResponseKind.Lex, harness.LastBytes);
    }

    [Theory]
    [MemberData(nameof(AgentEvents))]
    public async Task Agent_EveryRecordedEvent_IsAnsweredInBedrocksModel(string folder, string file)
    {
        var backend = new InMemoryTicketBackend();
        backend.Seed("emp-1001", "Docking station stopped charging");
        var sut = new AgentActionsFunction(new AgentTools(new TicketTools(new CallerTickets(backend), TimeProvider.System)), FunctionContext.Of(FunctionCatalog.AgentActions));

        var output = await sut.InvokeAsync(RepoPaths.ReadEvent(folder, file), Invocation(), TestContext.Current.CancellationToken);

        AwsServiceModel.AssertValidResponse(LambdaResponseKind.Agent, output);
    }

    [Theory]
    [MemberData(nameof(ConnectEvents))]
    public async Task Connect_EveryRecordedEvent_IsAnsweredAsAFlatStringMap(string file)
    {
        var sut = new ContactFlowFunction(
            new CallerLookup(InMemoryCallerDirectory.Demo()), new HostileEventTests.OpenQueue(), new ServiceDeskSettings { ServiceDeskQueueId = "queue-1" }, FunctionContext.Of(FunctionCatalog.ContactFlow));

        var output = await sut.InvokeAsync(RepoPaths.ReadEvent("connect", file), Invocation(), TestContext.Current.CancellationToken);

        AwsServiceModel.AssertValidResponse(LambdaResponseKind.Connect, output);
    }

    /// <summary>The checker itself: a check that takes everything would make every test above pass for nothing.</summary>
    [Theory]
    [InlineData(LambdaResponseKind.Lex, """{"sessionState":{"sessionAttributes":{"callerId":null},"dialogAction":{"type":"ElicitIntent"}},"messages":[{"contentType":"SSML","content":"<speak>Hi</speak>"}]}""", "callerId")]
    [InlineData(LambdaResponseKind.Lex, """{"sessionState":{"dialogAction":{"type":"ElicitSlot"},"intent":{"name":"ReportIssue","slots":{"Impact":{"value":{"originalValue":"me"}}},"state":"InProgress"}},"messages":[{"contentType":"SSML","content":"<speak>Hi</speak>"}]}""", "interpretedValue")]
    [InlineData(LambdaResponseKind.Lex, """{"sessionState":{"dialogAction":{"type":"ElicitSlot","slotToElicit":"Impact"},"intent":{"name":"ReportIssue","state":"InProgress"}},"messages":[{"contentType":"ssml","content":"<speak>Hi</speak>"}]}""", "'ssml'")]
    [InlineData(LambdaResponseKind.Lex, """{"sessionState":{"dialogAction":{"type":"ElicitSlot"},"intent":{"name":"ReportIssue","state":"InProgress"}},"messages":[{"contentType":"SSML","content":"<speak>Hi</speak>"}]}""", "slotToElicit")]
    [InlineData(LambdaResponseKind.Lex, """{"sessionState":{"dialogAction":{"type":"Close"},"intent":{"name":"","state":"Fulfilled"}}}""", "intent.name")]
    [InlineData(LambdaResponseKind.Agent, """{"messageVersion":"1.0","response":{"actionGroup":"ticket-tools","function":"get_ticket_status","functionResponse":{"responseState":"failure","responseBody":{"TEXT":{"body":"{}"}}}}}""", "'failure'")]
    [InlineData(LambdaResponseKind.Agent, """{"messageVersion":"1.0","response":{"actionGroup":"ticket-tools","apiPath":"/tickets","httpMethod":"GET","httpStatusCode":"200","responseBody":{"application/json":{"body":{}}}}}""", "httpStatusCode")]
    [InlineData(LambdaResponseKind.Agent, """{"messageVersion":"1.0","response":{"actionGroup":"ticket-tools","function":"get_ticket_status","httpStatusCode":200,"functionResponse":{"responseBody":{"TEXT":{"body":"{}"}}}}}""", "httpStatusCode")]
    [InlineData(LambdaResponseKind.Agent, """{"response":{"actionGroup":"ticket-tools","apiPath":"/tickets","httpMethod":"GET","httpStatusCode":200,"responseBody":{"application/json":{"body":"{}"}}},"sessionAttributes":{"callerVip":true}}""", "messageVersion")]
    [InlineData(LambdaResponseKind.Connect, """{"callerId":"emp-1001","caller":{"name":"Ada"}}""", "caller")]
    [InlineData(LambdaResponseKind.Connect, """{"agentsAvailable":2}""", "agentsAvailable")]
    public void TheChecker_RefusesWhatTheModelsAndTheDocsDoNot(LambdaResponseKind kind, string response, string named)
    {
        var ex = Assert.ThrowsAny<Exception>(() => AwsServiceModel.AssertValidResponse(kind, Encoding.UTF8.GetBytes(response)));

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LambdaResponseKind.Lex, """{"sessionState":{"sessionAttributes":{"callerId":"emp-1001"},"dialogAction":{"type":"ElicitSlot","slotToElicit":"Impact"},"intent":{"name":"ReportIssue","slots":{"Impact":null,"Problem":{"shape":"Scalar","value":{"originalValue":"vpn","interpretedValue":"vpn","resolvedValues":["vpn"]}}},"state":"InProgress","confirmationState":"None"}},"messages":[{"contentType":"SSML","content":"<speak>Who is affected?</speak>"}]}""")]
    [InlineData(LambdaResponseKind.Lex, """{"sessionState":{"activeContexts":[{"name":"ticket_context","contextAttributes":{"ticket":"INC0000001"},"timeToLive":{"timeToLiveInSeconds":300,"turnsToLive":3}}],"dialogAction":{"type":"ElicitIntent"}},"messages":[{"contentType":"PlainText","content":"Anything else?"},{"contentType":"ImageResponseCard","imageResponseCard":{"title":"Ticket","buttons":[{"text":"Yes","value":"yes"}]}}],"requestAttributes":{"x-amz-lex:channels:platform":"Connect"}}""")]
    [InlineData(LambdaResponseKind.Agent, """{"messageVersion":"1.0","response":{"actionGroup":"ticket-tools","function":"get_ticket_status","functionResponse":{"responseState":"REPROMPT","responseBody":{"TEXT":{"body":"{}"}}}},"sessionAttributes":{},"promptSessionAttributes":{}}""")]
    [InlineData(LambdaResponseKind.Connect, """{"callerId":"emp-1001","callerPhone":"+14155550100"}""")]
    public void TheChecker_TakesWhatTheDocsShow(LambdaResponseKind kind, string response) =>
        AwsServiceModel.AssertValidResponse(kind, Encoding.UTF8.GetBytes(response));

    private static LambdaInvocation Invocation() => new("req", DateTimeOffset.UtcNow.AddSeconds(8));

}
