using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDesk.Aws.Bedrock;
using ServiceDesk.Aws.Hosting;
using ServiceDesk.Aws.Http;
using ServiceDesk.Aws.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Agents;
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

    private sealed class NoContactCenter : IContactCenter
    {
        public Task<Result<bool>> UpdateContactAttributesAsync(string initialContactId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken) => Task.FromResult(Result<bool>.Ok(true));

        public Task<Result<QueueStatus>> GetQueueStatusAsync(string queueId, CancellationToken cancellationToken) => Task.FromResult<Result<QueueStatus>>(Failure.Unavailable());
    }

    private async Task<LexResponse> TurnAsync(string file)
    {
        var signed = new AwsSignedClient(_http, _ => Task.FromResult(new ImmutableCredentials(SigV4Server.AccessKey, SigV4Server.SecretKey, null)), TimeProvider.System);
        var agent = new BedrockAgentGateway(signed, new BedrockAgentOptions("AGENT12345", "ALIAS12345", new AwsEndpoint("bedrock", "us-east-1", _bedrock.BaseAddress)),
            new TicketTools(new CallerTickets(_tickets), TimeProvider.System), TimeProvider.System, NullLogger.Instance);
        var services = new ServiceDeskServices(_tickets, InMemoryCallerDirectory.Demo(), agent, new NoContactCenter(), TimeProvider.System, NullLoggerFactory.Instance, new ServiceDeskSettings());
        var output = await new LexFulfillmentFunction(services).InvokeAsync(RepoPaths.ReadEvent("lex", file), new LambdaInvocation("req", DateTimeOffset.UtcNow.AddSeconds(8)), TestContext.Current.CancellationToken);
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
        Assert.Contains("how do I connect to the printer on the third floor", request.Body);
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
