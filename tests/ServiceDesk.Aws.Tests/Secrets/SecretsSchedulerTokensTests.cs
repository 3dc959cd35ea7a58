using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ServiceDesk.Aws.Http;
using ServiceDesk.Aws.Secrets;
using ServiceDesk.Aws.Tests.Http;
using ServiceDesk.Core;
using ServiceDesk.Testing;

namespace ServiceDesk.Aws.Tests.Secrets;

public sealed class SecretsSchedulerTokensTests : IAsyncDisposable
{
    private const string SecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:scheduler-tokens";
    private readonly SigV4Server _server = new();
    private readonly HttpClient _http = new();
    private readonly ManualClock _clock = new();
    private readonly ListLogger _log = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SecretsSchedulerTokens CreateSut() => new(
        new SecretsManagerReader(AwsSignedClientTests.Client(_http, _clock), new AwsEndpoint("secretsmanager", "us-east-1", _server.BaseAddress), _clock),
        SecretArn, _clock, _log);

    /// <summary>GetSecretValue's answer for a secret whose string is <paramref name="secretString"/>.</summary>
    private void AnswerSecret(string secretString) =>
        _server.Answer(200, JsonSerializer.Serialize(new Dictionary<string, string> { ["ARN"] = SecretArn, ["Name"] = "scheduler-tokens", ["SecretString"] = secretString }), "application/x-amz-json-1.1");

    [Fact]
    public async Task GetToken_ReadsTheClientsTokenFromTheSecretsJsonObject_WithASignedCall()
    {
        AnswerSecret("""{"acme":"tok-acme","globex":"tok-globex"}""");

        var token = await CreateSut().GetTokenAsync("globex", Ct);

        Assert.Equal("tok-globex", token.Value);
        var request = Assert.Single(_server.Requests);
        Assert.True(request.SignatureValid);
        Assert.Equal("us-east-1/secretsmanager", request.Scope);
        Assert.Equal(SecretArn, JsonDocument.Parse(request.Body).RootElement.GetProperty("SecretId").GetString());
    }

    [Fact]
    public async Task GetToken_WithinTheCacheTime_ReadsTheSecretOnce_AndAgainAfterIt()
    {
        AnswerSecret("""{"acme":"tok-1"}""");
        AnswerSecret("""{"acme":"tok-2"}""");
        var sut = CreateSut();

        var first = await sut.GetTokenAsync("acme", Ct);
        _clock.Advance(SecretsSchedulerTokens.CacheFor - TimeSpan.FromSeconds(1));
        var cached = await sut.GetTokenAsync("acme", Ct);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var reread = await sut.GetTokenAsync("acme", Ct);

        Assert.Equal(("tok-1", "tok-1", "tok-2"), (first.Value, cached.Value, reread.Value));
        Assert.Equal(2, _server.Requests.Count);
    }

    [Theory]
    [InlineData("""{"placeholder":"Xk3generated"}""")]
    [InlineData("""{"acme":""}""")]
    [InlineData("""{"acme":42}""")]
    [InlineData("""["acme","tok"]""")]
    [InlineData("not json at all: tok-secret")]
    public async Task GetToken_WhenTheSecretHasNoTokenForTheClient_IsRefused(string secretString)
    {
        AnswerSecret(secretString);

        var token = await CreateSut().GetTokenAsync("acme", Ct);

        Assert.Equal(FailureKind.Refused, token.Failure?.Kind);
        Assert.Contains(_log.Lines, l => l.Contains(SecretArn, StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Lines, l => l.Contains("Xk3generated", StringComparison.Ordinal) || l.Contains("tok-secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(500, "InternalServiceError")]
    [InlineData(400, "AccessDeniedException")]
    [InlineData(400, "ResourceNotFoundException")]
    public async Task GetToken_WhenSecretsManagerFails_IsUnavailable_AndTheNextCallReadsAgain(int status, string errorType)
    {
        _server.Answer(status, $$"""{"__type":"{{errorType}}","message":"no"}""", "application/x-amz-json-1.1", errorType);
        AnswerSecret("""{"acme":"tok-acme"}""");
        var sut = CreateSut();

        var failed = await sut.GetTokenAsync("acme", Ct);
        var next = await sut.GetTokenAsync("acme", Ct);

        Assert.Equal(FailureKind.Unavailable, failed.Failure?.Kind);
        Assert.Equal("tok-acme", next.Value);
    }

    [Fact]
    public async Task GetToken_NeverLogsATokenItRead()
    {
        AnswerSecret("""{"acme":"tok-acme-very-secret"}""");
        var sut = CreateSut();

        await sut.GetTokenAsync("acme", Ct);
        await sut.GetTokenAsync("initech", Ct);

        Assert.NotEmpty(_log.Lines);
        Assert.DoesNotContain(_log.Lines, l => l.Contains("tok-acme-very-secret", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>Every line logged, formatted with its values, as a log sink would see it.</summary>
    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue($"{formatter(state, exception)} {exception}");
    }
}
