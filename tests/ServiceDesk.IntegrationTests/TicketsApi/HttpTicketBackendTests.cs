using System.Net;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.TicketsApi;
using ServiceDesk.IntegrationTests.Storage;
using ServiceDesk.Emulation.Http;
using ServiceDesk.Aws.Tickets;
using ServiceDesk.Testing;

namespace ServiceDesk.IntegrationTests.TicketsApi;

/// <summary>The HTTP client passes the same store contract as the stores themselves, through the real API.</summary>
public sealed class HttpTicketBackendContractTests : TicketBackendContract, IAsyncLifetime
{
    private TicketsApiServer _api = null!;
    private readonly HttpClient _http = new();

    public ValueTask InitializeAsync()
    {
        _api = TicketsApiServer.Start(Time);
        return ValueTask.CompletedTask;
    }

    protected override ITicketBackend CreateSut() =>
        new HttpTicketBackend(_http, new HttpTicketBackendOptions { BaseAddress = _api.Server.BaseAddress, ApiKey = TicketsApiServer.ApiKey, CallTimeout = TimeSpan.FromSeconds(10) }, TimeProvider.System);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }
}

public sealed class HttpTicketBackendRetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_WhenTheServerFailsTwiceThenRecovers_CreatesExactlyOneTicket()
    {
        await using var api = TicketsApiServer.Start();
        await using var flaky = FlakyProxy.Start(api.Server.BaseAddress, failures: 2, HttpStatusCode.ServiceUnavailable);
        using var http = new HttpClient();
        var sut = Client(http, flaky.BaseAddress, TimeSpan.FromSeconds(5));

        var result = await sut.CreateAsync(new NewTicket("emp-1001", "Keyboard types wrong letters"), Ct);

        Assert.True(result.IsOk, result.Failure?.Reason);
        Assert.Equal(3, flaky.Requests);
        Assert.Single(api.Local.Services.Tickets is var t ? (await t.ListRecentByCallerAsync("emp-1001", 50, Ct)).Value! : []);
    }

    [Fact]
    public async Task Create_WhenTheResponseIsLostAfterCreating_RetriesWithoutASecondTicket()
    {
        await using var api = TicketsApiServer.Start();
        await using var flaky = FlakyProxy.Start(api.Server.BaseAddress, failures: 1, HttpStatusCode.BadGateway, forwardFailures: true);
        using var http = new HttpClient();

        var result = await Client(http, flaky.BaseAddress, TimeSpan.FromSeconds(5)).CreateAsync(new NewTicket("emp-1001", "Outlook crashes"), Ct);

        Assert.True(result.IsOk, result.Failure?.Reason);
        Assert.Equal(2, flaky.Requests);
        Assert.Single((await api.Local.Services.Tickets.ListRecentByCallerAsync("emp-1001", 50, Ct)).Value!);
    }

    [Fact]
    public async Task AddComment_WhenTheResponseIsLostAfterStoring_DoesNotSendItTwice()
    {
        await using var api = TicketsApiServer.Start();
        var ticket = (await api.Local.Services.Tickets.CreateAsync(new NewTicket("emp-1001", "Screen flickers"), Ct)).Value!;
        await using var flaky = FlakyProxy.Start(api.Server.BaseAddress, failures: 1, HttpStatusCode.BadGateway, forwardFailures: true);
        using var http = new HttpClient();

        var result = await Client(http, flaky.BaseAddress, TimeSpan.FromSeconds(5)).AddCommentAsync(ticket.Number, new NewComment("emp-1001", "Only on battery"), Ct);

        Assert.Equal(FailureKind.Unavailable, result.Failure?.Kind);
        Assert.Equal(1, flaky.Requests);
        Assert.Single((await api.Local.Services.Tickets.GetAsync(ticket.Number, Ct)).Value!.Comments);
    }

    [Fact]
    public async Task AddComment_WhenThrottled_RetriesAndKeepsOneComment()
    {
        await using var api = TicketsApiServer.Start();
        var ticket = (await api.Local.Services.Tickets.CreateAsync(new NewTicket("emp-1001", "Screen flickers"), Ct)).Value!;
        await using var flaky = FlakyProxy.Start(api.Server.BaseAddress, failures: 1, HttpStatusCode.TooManyRequests);
        using var http = new HttpClient();

        var result = await Client(http, flaky.BaseAddress, TimeSpan.FromSeconds(5)).AddCommentAsync(ticket.Number, new NewComment("emp-1001", "Only on battery"), Ct);

        Assert.True(result.IsOk, result.Failure?.Reason);
        Assert.Equal(2, flaky.Requests);
        Assert.Single(result.Value.Comments);
    }

    [Fact]
    public async Task UpdateStatus_WhenTheResponseIsLostAfterChanging_RetriesToTheSameAnswer()
    {
        await using var api = TicketsApiServer.Start();
        var ticket = (await api.Local.Services.Tickets.CreateAsync(new NewTicket("emp-1001", "Screen flickers"), Ct)).Value!;
        await using var flaky = FlakyProxy.Start(api.Server.BaseAddress, failures: 1, HttpStatusCode.BadGateway, forwardFailures: true);
        using var http = new HttpClient();

        var result = await Client(http, flaky.BaseAddress, TimeSpan.FromSeconds(5)).UpdateStatusAsync(ticket.Number, TicketStatus.InProgress, Ct);

        Assert.True(result.IsOk, result.Failure?.Reason);
        Assert.Equal(2, flaky.Requests);
        Assert.Equal(TicketStatus.InProgress, result.Value.Status);
    }

    [Fact]
    public async Task Get_WhenTheServerKeepsFailing_ReturnsUnavailableAfterThreeAttempts()
    {
        await using var api = TicketsApiServer.Start();
        await using var flaky = FlakyProxy.Start(api.Server.BaseAddress, failures: 100, HttpStatusCode.InternalServerError);
        using var http = new HttpClient();

        var result = await Client(http, flaky.BaseAddress, TimeSpan.FromSeconds(5)).GetAsync(TicketNumber.FromSequence(1), Ct);

        Assert.Equal(FailureKind.Unavailable, result.Failure?.Kind);
        Assert.Equal(3, flaky.Requests);
    }

    [Fact]
    public async Task Get_WhenThrottled_ReportsThrottled()
    {
        await using var api = TicketsApiServer.Start();
        await using var flaky = FlakyProxy.Start(api.Server.BaseAddress, failures: 100, HttpStatusCode.TooManyRequests);
        using var http = new HttpClient();

        var result = await Client(http, flaky.BaseAddress, TimeSpan.FromSeconds(5)).GetAsync(TicketNumber.FromSequence(1), Ct);

        Assert.Equal(FailureKind.Throttled, result.Failure?.Kind);
    }

    [Fact]
    public async Task Get_WhenTheServerNeverAnswers_ReturnsUnavailableByTheDeadline()
    {
        await using var silent = FlakyProxy.Start(new Uri("http://127.0.0.1:9/"), failures: 0, HttpStatusCode.OK, hang: true);
        using var http = new HttpClient();

        var result = await Client(http, silent.BaseAddress, TimeSpan.FromMilliseconds(600)).GetAsync(TicketNumber.FromSequence(1), Ct);

        Assert.Equal(FailureKind.Unavailable, result.Failure?.Kind);
        Assert.Equal(1, silent.Requests);
    }

    [Fact]
    public async Task Get_WithAWrongKey_DoesNotRetry()
    {
        await using var api = TicketsApiServer.Start();
        await using var proxy = FlakyProxy.Start(api.Server.BaseAddress, failures: 0, HttpStatusCode.OK);
        using var http = new HttpClient();
        var sut = new HttpTicketBackend(http, new HttpTicketBackendOptions { BaseAddress = proxy.BaseAddress, ApiKey = "wrong" }, TimeProvider.System);

        var result = await sut.GetAsync(TicketNumber.FromSequence(1), Ct);

        Assert.Equal(FailureKind.Unavailable, result.Failure?.Kind);
        Assert.Equal(1, proxy.Requests);
    }

    private static HttpTicketBackend Client(HttpClient http, Uri baseAddress, TimeSpan timeout) =>
        new(http, new HttpTicketBackendOptions { BaseAddress = baseAddress, ApiKey = TicketsApiServer.ApiKey, CallTimeout = timeout }, TimeProvider.System);

    /// <summary>A loopback proxy that fails the first N requests (optionally after forwarding them), or never answers.</summary>
    private sealed class FlakyProxy : IAsyncDisposable
    {
        private readonly LoopbackServer _server;
        private readonly HttpClient _forward = new();
        private readonly Uri _target;
        private readonly int _failures;
        private readonly HttpStatusCode _status;
        private readonly bool _forwardFailures;
        private readonly bool _hang;
        private int _requests;

        private FlakyProxy(Uri target, int failures, HttpStatusCode status, bool forwardFailures, bool hang)
        {
            (_target, _failures, _status, _forwardFailures, _hang) = (target, failures, status, forwardFailures, hang);
            _server = new LoopbackServer(ServeAsync);
        }

        public Uri BaseAddress => _server.BaseAddress;

        public int Requests => Volatile.Read(ref _requests);

        public static FlakyProxy Start(Uri target, int failures, HttpStatusCode status, bool forwardFailures = false, bool hang = false) =>
            new(target, failures, status, forwardFailures, hang);

        private async Task ServeAsync(HttpListenerContext context, CancellationToken stopping)
        {
            var n = Interlocked.Increment(ref _requests);
            try
            {
                if (_hang)
                {
                    await Task.Delay(Timeout.Infinite, stopping);
                }

                var fail = n <= _failures;
                if (!fail || _forwardFailures)
                {
                    using var forwarded = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri(_target, context.Request.Url!.PathAndQuery.TrimStart('/')));
                    foreach (var name in context.Request.Headers.AllKeys.OfType<string>().Where(h => h is "x-api-key" or "Idempotency-Key"))
                    {
                        forwarded.Headers.Add(name, context.Request.Headers[name]);
                    }

                    if (context.Request.HasEntityBody)
                    {
                        forwarded.Content = new StringContent(await new StreamReader(context.Request.InputStream).ReadToEndAsync(stopping), System.Text.Encoding.UTF8, "application/json");
                    }

                    using var response = await _forward.SendAsync(forwarded, stopping);
                    if (!fail)
                    {
                        context.Response.StatusCode = (int)response.StatusCode;
                        await context.Response.OutputStream.WriteAsync(await response.Content.ReadAsByteArrayAsync(stopping), stopping);
                        return;
                    }
                }

                context.Response.StatusCode = (int)_status;
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _server.DisposeAsync();
            _forward.Dispose();
        }
    }
}
