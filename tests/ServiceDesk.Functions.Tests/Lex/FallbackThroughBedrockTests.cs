using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDesk.Aws.Bedrock;
using ServiceDesk.Wire.Bedrock;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Aws.Http;
using ServiceDesk.Wire.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.ContactCenter;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.Lex;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests.Lex;

/// <summary>A FallbackIntent turn through the real handler to a Bedrock agent on loopback, speaking the wire format.</summary>
public sealed class FallbackThroughBedrockTests : IAsyncDisposable
{
    private readonly SigV4Server _bedrock = new();
    private readonly HttpClient _http = new();
    private readonly InMemoryTicketBackend _tickets = new();
    private Task<LexResponse> TurnAsync(string file) => TurnAsync(LexJson.ReadEvent(RepoPaths.ReadEvent("lex", file)));

    private async Task<LexResponse> TurnAsync(LexEvent lexEvent)
    {
        var signed = new AwsSignedClient(_http, _ => Task.FromResult(new ImmutableCredentials(SigV4Server.AccessKey, SigV4Server.SecretKey, null)), TimeProvider.System);
        var agent = new BedrockAgentGateway(signed, new BedrockAgentOptions("AGENT12345", "ALIAS12345", new AwsEndpoint("bedrock", "us-east-1", _bedrock.BaseAddress)),
            new TicketTools(new CallerTickets(_tickets), TimeProvider.System), TimeProvider.System, NullLogger.Instance);
        var services = new ServiceDeskServices(_tickets, InMemoryCallerDirectory.Demo(), new InMemoryPinAttempts(), agent, new NoContactCenter(), TimeProvider.System, NullLoggerFactory.Instance, new ServiceDeskSettings());
        var output = await new LexFulfillmentFunction(services).InvokeAsync(LexJson.Write(lexEvent), new LambdaInvocation("req", DateTimeOffset.UtcNow.AddSeconds(8)), TestContext.Current.CancellationToken);
        return LexJson.ReadResponse(output);
    }

    [Fact]
    public async Task FallbackTurn_IsAnsweredByTheAgentThroughTheRealHandler()
    {
        _bedrock.AnswerBytes(200, EventStreamFrames.Chunk("Open Settings, then Printers, and choose **Floor 3**."), EventStreamFrames.ContentType);

        var response = await TurnAsync("fallback-dialog-speech.json");

        var spoken = LexHarness.Spoken(response);
        Assert.Contains("Open Settings, then Printers, and choose Floor 3.", spoken);
        var request = Assert.Single(_bedrock.Requests);
        Assert.True(request.SignatureValid);
        // One agent session per call: the Lex session id, with the caller as the session pinned them.
        Assert.Equal("/agents/AGENT12345/agentAliases/ALIAS12345/sessions/c0ffee00-5e55-4d1e-a7a0-000000001021/text", request.Path);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("how do I connect to the printer on the third floor", body.GetProperty("inputText").GetString());
        var attributes = body.GetProperty("sessionState").GetProperty("sessionAttributes");
        Assert.Equal("emp-1001", attributes.GetProperty(SessionKeys.CallerId).GetString());
        Assert.Equal("Ada Lovelace", attributes.GetProperty(SessionKeys.CallerName).GetString());
        Assert.Equal("phone", attributes.GetProperty(SessionKeys.CallerVerifiedBy).GetString());
    }

    [Fact]
    public async Task HandoffToAPersonAfterTheAgentWasUsed_EndsTheAgentSessionOnTheWire()
    {
        _bedrock.AnswerBytes(200, [], EventStreamFrames.ContentType);
        var lexEvent = LexJson.ReadEvent(RepoPaths.ReadEvent("lex", "speak-to-agent-dialog-speech.json"));
        LexHarness.Remember(lexEvent, m => m.AgentUsed = true);

        var response = await TurnAsync(lexEvent);

        Assert.Equal("agent", response.SessionState.SessionAttributes![SessionKeys.Handoff]);
        var request = Assert.Single(_bedrock.Requests);
        Assert.True(request.SignatureValid);
        Assert.EndsWith($"/sessions/{BedrockAgentGateway.SessionId(lexEvent.SessionId!)}/text", request.Path);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.True(body.GetProperty("endSession").GetBoolean());
        Assert.False(body.TryGetProperty("inputText", out _));
    }

    [Fact]
    public async Task FallbackTurn_WhenTheAgentFails_OffersAPersonWithoutTheError()
    {
        _bedrock.AnswerBytes(200, EventStreamFrames.Exception("accessDeniedException", "model access not granted"), EventStreamFrames.ContentType);

        var response = await TurnAsync("fallback-dialog-speech.json");

        var spoken = LexHarness.Spoken(response);
        Assert.DoesNotContain("model access", spoken);
        Assert.Contains("person", spoken, StringComparison.OrdinalIgnoreCase);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _bedrock.DisposeAsync();
    }
}
