using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using ServiceDesk.Aws.Http;
using ServiceDesk.Testing;

namespace ServiceDesk.Aws.Tests.Http;

public class AwsSignedClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="jitter">The retry pauses' jitter (0..1; 0.5 = the doubled delay exactly); random unless given.</param>
    public static AwsSignedClient Client(HttpClient http, TimeProvider? time = null, Func<double>? jitter = null) =>
        new(http, _ => Task.FromResult(new ImmutableCredentials(SigV4Server.AccessKey, SigV4Server.SecretKey, null)), time ?? TimeProvider.System, jitter);

    [Fact]
    public void CanonicalRequest_SignedWithTheSdk_MatchesTheAwsGetVanillaVector()
    {
        var headers = new Dictionary<string, string> { ["host"] = "example.amazonaws.com", ["x-amz-date"] = "20150830T123600Z" };
        var canonical = AwsSignedClient.CanonicalRequest("GET", "/", headers, []);

        var result = AWS4Signer.ComputeSignature(new ImmutableCredentials(SigV4Server.AccessKey, SigV4Server.SecretKey, null), "us-east-1", new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc), "service", "host;x-amz-date", canonical);

        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", result.Signature);
    }

    [Fact]
    public async Task Send_SignsForTheServiceAndRegion()
    {
        await using var server = new SigV4Server();
        server.Answer(200, "{}");
        using var http = new HttpClient();

        var response = await Client(http).SendAsync(new AwsEndpoint("connect", "eu-west-2", server.BaseAddress), HttpMethod.Post, "contact/attributes", Encoding.UTF8.GetBytes("""{"a":"b"}"""), "application/json", null, DateTimeOffset.UtcNow.AddSeconds(5), Ct);

        Assert.True(response.IsSuccess);
        var request = Assert.Single(server.Requests);
        Assert.True(request.SignatureValid, request.Authorization);
        Assert.Equal("eu-west-2/connect", request.Scope);
        Assert.Contains("host", request.SignedHeaders.Split(';'));
        Assert.Contains("x-amz-date", request.SignedHeaders.Split(';'));
        Assert.Equal("""{"a":"b"}""", request.Body);
    }

    [Fact]
    public async Task Send_RetriesThrottlingWithinTheDeadline()
    {
        await using var server = new SigV4Server();
        server.Answer(429, """{"message":"Rate exceeded"}""", errorType: "ThrottlingException");
        server.Answer(200, "{}");
        using var http = new HttpClient();

        var response = await Client(http).SendAsync(new AwsEndpoint("connect", "us-east-1", server.BaseAddress), HttpMethod.Post, "x", [], "application/json", null, DateTimeOffset.UtcNow.AddSeconds(5), Ct);

        Assert.True(response.IsSuccess);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.True(r.SignatureValid));
    }

    [Fact]
    public async Task Send_ReportsTheErrorTypeOfAFailure()
    {
        await using var server = new SigV4Server();
        server.Answer(404, """{"__type":"com.amazonaws.connect#ResourceNotFoundException","message":"no such queue"}""");
        using var http = new HttpClient();

        var response = await Client(http).SendAsync(new AwsEndpoint("connect", "us-east-1", server.BaseAddress), HttpMethod.Post, "x", [], "application/json", null, DateTimeOffset.UtcNow.AddSeconds(5), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("ResourceNotFoundException", response.ErrorType);
    }

    [Fact]
    public async Task Send_WhenTheServerNeverAnswers_StopsAtTheDeadline()
    {
        await using var server = new SigV4Server();
        server.Hang();
        using var http = new HttpClient();

        var response = await Client(http).SendAsync(new AwsEndpoint("connect", "us-east-1", server.BaseAddress), HttpMethod.Post, "x", [], "application/json", null, DateTimeOffset.UtcNow.AddMilliseconds(400), Ct);

        Assert.Equal("DeadlineExceeded", response.ErrorType);
    }
}
