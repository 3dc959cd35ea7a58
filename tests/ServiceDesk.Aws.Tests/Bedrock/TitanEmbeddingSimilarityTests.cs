using System.Text.Json;
using ServiceDesk.Aws.Bedrock;
using ServiceDesk.Aws.Http;
using ServiceDesk.Aws.Tests.Http;
using ServiceDesk.Core;
using ServiceDesk.Testing;

namespace ServiceDesk.Aws.Tests.Bedrock;

/// <summary>InvokeModel on Titan Text Embeddings V2, against a loopback server that checks each signature and answers as Bedrock does.</summary>
public sealed class TitanEmbeddingSimilarityTests : IAsyncDisposable
{
    private readonly SigV4Server _server = new();
    private readonly HttpClient _http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TitanEmbeddingSimilarity CreateSut() =>
        new(AwsSignedClientTests.Client(_http), new TitanEmbeddingOptions(new AwsEndpoint("bedrock", "eu-west-2", _server.BaseAddress)) { MaxConcurrentCalls = 1 }, TimeProvider.System);

    private static string Embedding(params float[] vector) => JsonSerializer.Serialize(new Dictionary<string, object> { ["embedding"] = vector, ["inputTextTokenCount"] = 9 });

    [Fact]
    public async Task Score_IsTheCosineOfTheEmbeddings_FromSignedInvokeModelCalls()
    {
        _server.Answer(200, Embedding(1, 0, 0));
        _server.Answer(200, Embedding(0.9f, 0.1f, 0));
        _server.Answer(200, Embedding(0, 1, 0));
        using var sut = CreateSut();

        var scores = await sut.ScoreAsync("wifi down on the third floor", ["third floor wifi is down", "printer jammed"], Ct);

        Assert.True(scores.IsOk);
        Assert.Equal(0.9939, scores.Value[0], 3);
        Assert.Equal(0, scores.Value[1], 3);
        var requests = _server.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.True(r.SignatureValid);
            Assert.Equal("eu-west-2/bedrock", r.Scope);
            Assert.Equal("/model/amazon.titan-embed-text-v2%3A0/invoke", r.Path);
        });
        var body = JsonDocument.Parse(requests[0].Body).RootElement;
        Assert.Equal("wifi down on the third floor", body.GetProperty("inputText").GetString());
        Assert.Equal(512, body.GetProperty("dimensions").GetInt32());
        Assert.True(body.GetProperty("normalize").GetBoolean());
    }

    [Fact]
    public async Task ATextSeenBefore_IsNotEmbeddedAgain()
    {
        _server.Answer(200, Embedding(1, 0));
        _server.Answer(200, Embedding(0, 1));
        _server.Answer(200, Embedding(1, 1));
        using var sut = CreateSut();

        await sut.ScoreAsync("first report", ["earlier report"], Ct);
        var again = await sut.ScoreAsync("second report", ["earlier report"], Ct);

        Assert.True(again.IsOk);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task WhenBedrockRefuses_TheComparisonIsUnavailable()
    {
        _server.Answer(403, """{"message":"You don't have access to the model with the specified model ID."}""", errorType: "AccessDeniedException");
        using var sut = CreateSut();

        var scores = await sut.ScoreAsync("wifi down", ["wifi is down"], Ct);

        Assert.Equal(FailureKind.Unavailable, scores.Failure?.Kind);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }
}
