using System.Web;
using ServiceDesk.Aws.Http;
using ServiceDesk.Aws.Notifications;
using ServiceDesk.Aws.Tests.Http;
using ServiceDesk.Core;
using ServiceDesk.Core.Escalation;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Testing;

namespace ServiceDesk.Aws.Tests.Notifications;

/// <summary>Publish in SNS's Query protocol, against a loopback server that checks the signature and answers as SNS does.</summary>
public sealed class SnsEscalationNotifierTests : IAsyncDisposable
{
    private const string Topic = "arn:aws:sns:eu-west-2:123456789012:servicedesk-EscalationTopic-ABC123";
    private readonly SigV4Server _server = new();
    private readonly HttpClient _http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly EscalationNotice Notice = new(TicketNumber.FromSequence(4321), TicketPriority.P1, TicketCategory.Network, TicketImpact.Organization, 2, TimeSpan.FromMinutes(125));

    private SnsEscalationNotifier CreateSut() => new(AwsSignedClientTests.Client(_http), new AwsEndpoint("sns", "eu-west-2", _server.BaseAddress), Topic, TimeProvider.System);

    [Fact]
    public async Task Notify_PublishesASignedQueryRequest_AndReadsTheMessageId()
    {
        _server.Answer(200, """
            <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult>
              <ResponseMetadata><RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId></ResponseMetadata>
            </PublishResponse>
            """, "text/xml");

        var result = await CreateSut().NotifyAsync(Notice, Ct);

        Assert.True(result.IsOk);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(("POST", "/"), (request.Method, request.Path));
        Assert.True(request.SignatureValid);
        Assert.Equal("eu-west-2/sns", request.Scope);
        var form = HttpUtility.ParseQueryString(request.Body);
        Assert.Equal("Publish", form["Action"]);
        Assert.Equal("2010-03-31", form["Version"]);
        Assert.Equal(Topic, form["TopicArn"]);
        Assert.Equal("Escalated INC0004321 (P1) to level 2", form["Subject"]);
        Assert.Equal("Ticket INC0004321 (P1, Network, impact Organization) has waited 125 minutes without being picked up; escalation level 2.", form["Message"]);
        Assert.Equal(["Action", "Message", "Subject", "TopicArn", "Version"], form.AllKeys.Order());
    }

    [Fact]
    public async Task Notify_WhenSnsAnswersAnError_FailsWithoutThrowing()
    {
        _server.Answer(400, """
            <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>not authorized</Message></Error>
              <RequestId>9dd01905-5012-5f99-8663-4b3ecd0dfaef</RequestId>
            </ErrorResponse>
            """, "text/xml");

        var result = await CreateSut().NotifyAsync(Notice, Ct);

        Assert.Equal(FailureKind.Unavailable, result.Failure?.Kind);
    }

    [Fact]
    public async Task Notify_WhenTheAnswerIsNoPublishResponse_Fails()
    {
        _server.Answer(200, "<html>proxy</html>", "text/html");

        Assert.Equal(FailureKind.Unavailable, (await CreateSut().NotifyAsync(Notice, Ct)).Failure?.Kind);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }
}
