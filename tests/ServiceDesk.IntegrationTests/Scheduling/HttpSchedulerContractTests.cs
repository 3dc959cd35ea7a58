using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDesk.Wire.Scheduling;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Visits;
using ServiceDesk.Emulation.Http;
using ServiceDesk.Emulation.Scheduling;
using ServiceDesk.Local;
using ServiceDesk.Local.Storage;
using ServiceDesk.Testing;

namespace ServiceDesk.IntegrationTests.Scheduling;

/// <summary>
/// The scheduler client's contract, run twice: against the recorded responses of the documented shapes
/// (<see cref="FakeSchedulerApi"/>) and against <c>servicedesk serve-scheduler</c> over the in-process scheduler. Each
/// fixture is a scheduler that holds the client to the API's rules; the requests are also recorded on the client's side,
/// so what went over the wire is checked the same way against both.
/// </summary>
public abstract class HttpSchedulerContract : IAsyncLifetime
{
    protected const string Tenant = FakeSchedulerApi.ClientId;
    protected const string Customer = FakeSchedulerApi.Customer;

    private readonly WireRecorder _wire = new() { InnerHandler = new HttpClientHandler() };
    private HttpClient _http = null!;

    protected ManualClock Clock { get; } = new() { SkipPausesUpTo = TimeSpan.FromSeconds(1) };

    protected abstract Uri BaseUrl { get; }

    /// <summary>A token the scheduler takes.</summary>
    protected abstract string Token { get; }

    /// <summary>The token a new desk session is given (one per session where the fixture can tell them apart).</summary>
    protected abstract string SessionToken();

    /// <summary>Two open tickets of <see cref="Customer"/> that the scheduler has a project for.</summary>
    protected abstract Task<IReadOnlyList<TicketNumber>> TicketsAsync();

    protected abstract ValueTask StartAsync();

    protected abstract ValueTask StopAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SchedulerCall Call => new(Token);

    private DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public async ValueTask InitializeAsync()
    {
        await StartAsync();
        _http = new HttpClient(_wire);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await StopAsync();
        GC.SuppressFinalize(this);
    }

    private HttpScheduler CreateSut() => new(_http, new SchedulerTenant(Tenant, BaseUrl), Clock, NullLogger.Instance);

    [Fact]
    public async Task Dashboard_ListsTheCustomersTickets_AsProjects_AndNoOneElses()
    {
        var tickets = await TicketsAsync();

        var mine = await CreateSut().ListProjectsAsync(Call, Customer, Ct);
        var theirs = await CreateSut().ListProjectsAsync(Call, "emp-0000", Ct);

        Assert.True(mine.IsOk, mine.Failure?.Reason);
        Assert.All(tickets, t => Assert.Contains(mine.Value, p => p.ProjectNumber == t.ToString() && p.ProjectId.Length > 0));
        Assert.Empty(theirs.Value!);
    }

    [Fact]
    public async Task BusinessHours_AreTheWorkingWeek()
    {
        var hours = await CreateSut().GetBusinessHoursAsync(Call, Ct);

        Assert.Contains(new WorkDay(DayOfWeek.Monday, true), hours.Value!);
        Assert.Contains(new WorkDay(DayOfWeek.Sunday, false), hours.Value!);
    }

    [Fact]
    public async Task Dates_AreLaterWorkingDays_WithARequestId()
    {
        var project = await ProjectAsync(0);

        var dates = await CreateSut().GetAvailableDatesAsync(Call, project, Today, Ct);

        Assert.True(dates.IsOk, dates.Failure?.Reason);
        Assert.NotEmpty(dates.Value.Dates);
        Assert.All(dates.Value.Dates, d => Assert.True(d > Today && d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), d.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(dates.Value.RequestId));
    }

    [Fact]
    public async Task Slots_WithTheIssuedRequestId_AreTimesOfThatDay()
    {
        var project = await ProjectAsync(0);
        var dates = (await CreateSut().GetAvailableDatesAsync(Call, project, Today, Ct)).Value!;

        var slots = await CreateSut().GetTimeSlotsAsync(Call, project, dates.Dates[0], dates.RequestId, Ct);

        Assert.True(slots.IsOk, slots.Failure?.Reason);
        Assert.Contains(new TimeOnly(9, 0), slots.Value);
    }

    [Fact]
    public async Task Slots_WithARequestIdNeverIssued_AreExpired()
    {
        var project = await ProjectAsync(0);
        var dates = (await CreateSut().GetAvailableDatesAsync(Call, project, Today, Ct)).Value!;

        var slots = await CreateSut().GetTimeSlotsAsync(Call, project, dates.Dates[0], "made-up-" + Guid.NewGuid().ToString("N"), Ct);

        Assert.Equal(FailureKind.Expired, slots.Failure?.Kind);
    }

    [Fact]
    public async Task Schedule_WithTheIssuedRequestId_BooksTheVisit_AsTheDashboardThenShows()
    {
        var project = await ProjectAsync(0);
        var dates = (await CreateSut().GetAvailableDatesAsync(Call, project, Today, Ct)).Value!;
        var day = dates.Dates[0];

        var booked = await CreateSut().ScheduleAsync(Call, project, day, new TimeOnly(14, 0), dates.RequestId, Clock.GetUtcNow(), Ct);

        Assert.True(booked.IsOk, booked.Failure?.Reason);
        var after = (await CreateSut().ListProjectsAsync(Call, Customer, Ct)).Value!.Single(p => p.ProjectId == project);
        Assert.Equal(day.ToDateTime(new TimeOnly(14, 0)), after.Start);
    }

    [Fact]
    public async Task Schedule_ATimeAnotherProjectHolds_IsAConflict()
    {
        var (first, second) = (await ProjectAsync(0), await ProjectAsync(1));
        var firstDates = (await CreateSut().GetAvailableDatesAsync(Call, first, Today, Ct)).Value!;
        var secondDates = (await CreateSut().GetAvailableDatesAsync(Call, second, Today, Ct)).Value!;
        var day = firstDates.Dates.Intersect(secondDates.Dates).First();
        Assert.True((await CreateSut().ScheduleAsync(Call, first, day, new TimeOnly(16, 0), firstDates.RequestId, Clock.GetUtcNow(), Ct)).IsOk);

        var clash = await CreateSut().ScheduleAsync(Call, second, day, new TimeOnly(16, 0), secondDates.RequestId, Clock.GetUtcNow(), Ct);

        Assert.Equal(FailureKind.Conflict, clash.Failure?.Kind);
    }

    [Fact]
    public async Task AnyCall_WithATokenTheSchedulerDidNotIssue_IsRefused()
    {
        var project = await ProjectAsync(0);
        var stranger = new SchedulerCall("not-" + Token);

        var read = await CreateSut().ListProjectsAsync(stranger, Customer, Ct);
        var post = await CreateSut().ScheduleAsync(stranger, project, Today.AddDays(1), new TimeOnly(9, 0), "rq", Clock.GetUtcNow(), Ct);

        Assert.Equal(FailureKind.Refused, read.Failure?.Kind);
        Assert.Equal(FailureKind.Refused, post.Failure?.Kind);
    }

    [Fact]
    public async Task Dates_ForAProjectThatDoesNotExist_AreNotFound()
    {
        var dates = await CreateSut().GetAvailableDatesAsync(Call, "no-such-project", Today, Ct);

        Assert.Equal(FailureKind.NotFound, dates.Failure?.Kind);
    }

    [Fact]
    public async Task Cancel_ABookedVisit_LeavesNoneOnTheDashboard()
    {
        var project = await ProjectAsync(0);
        var dates = (await CreateSut().GetAvailableDatesAsync(Call, project, Today, Ct)).Value!;
        Assert.True((await CreateSut().ScheduleAsync(Call, project, dates.Dates[0], new TimeOnly(11, 0), dates.RequestId, Clock.GetUtcNow(), Ct)).IsOk);

        var cancelled = await CreateSut().CancelAsync(Call, project, Ct);

        Assert.True(cancelled.IsOk, cancelled.Failure?.Reason);
        var after = (await CreateSut().ListProjectsAsync(Call, Customer, Ct)).Value!.Single(p => p.ProjectId == project);
        Assert.Null(after.Start);
    }

    [Fact]
    public async Task Note_IsAdded_WithItsId()
    {
        var project = await ProjectAsync(0);

        var note = await CreateSut().AddNoteAsync(Call, project, "Ring reception; the lift is out", Ct);

        Assert.False(string.IsNullOrEmpty(note.Value), note.Failure?.Reason);
    }

    [Fact]
    public async Task Schedule_OnTheWire_CarriesTheHeaders_IsChatbotAsAString_AndCreatedAtInIndiaTime()
    {
        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 20, 15, 30, TimeSpan.Zero));
        var project = await ProjectAsync(0);
        var dates = (await CreateSut().GetAvailableDatesAsync(Call, project, Today, Ct)).Value!;

        var booked = await CreateSut().ScheduleAsync(Call, project, dates.Dates[0], new TimeOnly(9, 0), dates.RequestId, Clock.GetUtcNow(), Ct);

        Assert.True(booked.IsOk, booked.Failure?.Reason);
        Assert.All(_wire.Exchanges, e => Assert.Equal(("Bearer " + Token, Tenant), (e.Authorization, e.ClientId)));
        var posted = JsonDocument.Parse(_wire.Exchanges.Single(e => e.Path.EndsWith("/schedule", StringComparison.Ordinal)).RequestBody!).RootElement;
        Assert.Equal(JsonValueKind.String, posted.GetProperty("is_chatbot").ValueKind);
        Assert.Equal("true", posted.GetProperty("is_chatbot").GetString());
        Assert.Equal("11-03-2026 01:45:30", posted.GetProperty("created_at").GetString());
    }

    public static TheoryData<string, HttpStatusCode> MalformedBookings() => new()
    {
        { """{"created_at":"{now}","date":"{date}","time":"09:00","request_id":"{rq}","is_chatbot":true}""", HttpStatusCode.BadRequest },
        { """{"created_at":"{utc}","date":"{date}","time":"09:00","request_id":"{rq}","is_chatbot":"true"}""", HttpStatusCode.BadRequest },
        { """{"created_at":"{iso}","date":"{date}","time":"09:00","request_id":"{rq}","is_chatbot":"true"}""", HttpStatusCode.BadRequest },
        { """{"created_at":"{now}","date":"{date}","time":"09:00","request_id":"{rq}","is_chatbot":"true"}""", HttpStatusCode.OK },
    };

    /// <summary>The scheduler refuses what the client must never send; the last row shows the same post done right is taken.</summary>
    [Theory]
    [MemberData(nameof(MalformedBookings))]
    public async Task Scheduler_RefusesIsChatbotAsABoolean_AndCreatedAtOutsideIndiaTime(string template, HttpStatusCode expected)
    {
        var project = await ProjectAsync(0);
        var dates = (await CreateSut().GetAvailableDatesAsync(Call, project, Today, Ct)).Value!;
        var now = Clock.GetUtcNow();
        var body = template
            .Replace("{now}", now.ToOffset(new TimeSpan(5, 30, 0)).ToString("MM-dd-yyyy HH:mm:ss", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{utc}", now.ToString("MM-dd-yyyy HH:mm:ss", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{iso}", now.ToString("O", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{date}", dates.Dates[0].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{rq}", dates.RequestId, StringComparison.Ordinal);
        using var post = new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl.AbsoluteUri.TrimEnd('/')}/scheduler/client/{Tenant}/project/{Uri.EscapeDataString(project)}/schedule")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        post.Headers.TryAddWithoutValidation("authorization", "Bearer " + Token);
        post.Headers.TryAddWithoutValidation("client_id", Tenant);

        using var response = await _http.SendAsync(post, Ct);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Scheduler_WithoutTheClientIdHeader_Refuses()
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, $"{BaseUrl.AbsoluteUri.TrimEnd('/')}/scheduler/client/{Tenant}/business-hours");
        get.Headers.TryAddWithoutValidation("authorization", "Bearer " + Token);

        using var response = await _http.SendAsync(get, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>
    /// Two calls book the same ticket's visit at once through one session store: each booking carries the request id its
    /// own session was issued, never the other's, and is posted once.
    /// </summary>
    [Fact]
    public async Task VisitDesk_TwoSessions_EachBookingCarriesItsOwnSessionsRequestId()
    {
        var ticket = (await TicketsAsync())[0];
        using var database = SqliteDatabase.InMemory();
        var desk = new VisitDesk(CreateSut(), new SqliteVisitSessionStore(database, Clock), new SessionTokens(SessionToken), new SchedulerTenant(Tenant, BaseUrl), VisitFlags.Live, Clock);

        _wire.Label = "A";
        var datesA = await desk.DatesAsync("call-A", Customer, ticket, Ct);
        _wire.Label = "B";
        var datesB = await desk.DatesAsync("call-B", Customer, ticket, Ct);
        var slotsB = await desk.SlotsAsync("call-B", Customer, ticket, datesB.Value![0], Ct);
        _wire.Label = "A";
        var slotsA = await desk.SlotsAsync("call-A", Customer, ticket, datesA.Value![0], Ct);
        _wire.Label = "B";
        var bookedB = await desk.BookAsync("call-B", Customer, ticket, datesB.Value[0], slotsB.Value![0], Ct);
        _wire.Label = "A";
        var bookedA = await desk.BookAsync("call-A", Customer, ticket, datesA.Value[0], slotsA.Value![^1], Ct);

        Assert.True(bookedB.IsOk, bookedB.Failure?.Reason);
        Assert.True(bookedA.IsOk, bookedA.Failure?.Reason);
        var issuedA = _wire.IssuedRequestIds("A");
        var issuedB = _wire.IssuedRequestIds("B");
        Assert.Equal(issuedB, [_wire.PostedRequestId("B")]);
        Assert.Equal(issuedA, [_wire.PostedRequestId("A")]);
        Assert.NotEqual(issuedA, issuedB);
    }

    private async Task<string> ProjectAsync(int index)
    {
        var ticket = (await TicketsAsync())[index].ToString();
        var projects = await CreateSut().ListProjectsAsync(Call, Customer, Ct);
        return projects.Value!.Single(p => p.ProjectNumber == ticket).ProjectId;
    }

    private sealed class SessionTokens(Func<string> next) : ISchedulerTokens
    {
        public Task<Result<string>> GetTokenAsync(string clientId, CancellationToken cancellationToken) =>
            Task.FromResult<Result<string>>(clientId == Tenant ? next() : new Failure(FailureKind.Refused, "no such tenant"));
    }
}

/// <summary>The contract against the recorded responses: the fake tells sessions apart by token, as the real API does.</summary>
public sealed class HttpSchedulerAgainstRecordedResponsesTests : HttpSchedulerContract
{
    private static readonly string[] Tokens = ["tok-first-7c1e", "tok-second-92ab", "tok-third-0d4f"];
    private FakeSchedulerApi _fake = null!;
    private int _sessions;

    protected override Uri BaseUrl => _fake.BaseUrl;

    protected override string Token => Tokens[0];

    protected override string SessionToken() => Tokens[Interlocked.Increment(ref _sessions) % Tokens.Length];

    protected override Task<IReadOnlyList<TicketNumber>> TicketsAsync() =>
        Task.FromResult<IReadOnlyList<TicketNumber>>([TicketNumber.Parse("INC0001001"), TicketNumber.Parse("INC0001002")]);

    protected override ValueTask StartAsync()
    {
        _fake = new FakeSchedulerApi(Clock, Tokens);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask StopAsync() => _fake.DisposeAsync();
}

/// <summary>The contract against <c>servicedesk serve-scheduler</c>: the in-process scheduler over SQLite, behind the loopback front.</summary>
public sealed class HttpSchedulerAgainstServeSchedulerTests : HttpSchedulerContract
{
    private const string ServerToken = "serve-scheduler-test-token-5e8d";
    private LocalComposition _local = null!;
    private ApiGatewayHttpServer _server = null!;
    private IReadOnlyList<TicketNumber>? _tickets;

    protected override Uri BaseUrl => _server.BaseAddress;

    protected override string Token => ServerToken;

    protected override string SessionToken() => ServerToken;

    protected override async Task<IReadOnlyList<TicketNumber>> TicketsAsync()
    {
        if (_tickets is null)
        {
            var cracked = await _local.Tickets.CreateAsync(new NewTicket(Customer, "My monitor is cracked down the middle"), TestContext.Current.CancellationToken);
            var jammed = await _local.Tickets.CreateAsync(new NewTicket(Customer, "The printer on floor three is jammed and broken"), TestContext.Current.CancellationToken);
            _tickets = [cracked.Value!.Number, jammed.Value!.Number];
        }

        return _tickets;
    }

    protected override ValueTask StartAsync()
    {
        _local = LocalComposition.InMemory(new LocalOptions { Time = Clock });
        _server = SchedulerApiServer.Start(_local.Scheduler!, Tenant, ServerToken, time: Clock);
        return ValueTask.CompletedTask;
    }

    protected override async ValueTask StopAsync()
    {
        await _server.DisposeAsync();
        _local.Dispose();
    }
}

/// <summary>Records each exchange on the client's side, under the label of the desk session making it.</summary>
internal sealed class WireRecorder : DelegatingHandler
{
    private readonly Lock _gate = new();
    private readonly List<Exchange> _exchanges = [];

    public string Label { get; set; } = string.Empty;

    public IReadOnlyList<Exchange> Exchanges
    {
        get
        {
            lock (_gate)
            {
                return [.. _exchanges];
            }
        }
    }

    /// <summary>The request ids the scheduler issued to the session (its dates answers).</summary>
    public IReadOnlyList<string> IssuedRequestIds(string label) =>
        [.. Exchanges.Where(e => e.Label == label && e.Path.EndsWith("/get-rescheduler-slots", StringComparison.Ordinal) && !e.Query.Contains("request_id", StringComparison.Ordinal))
            .Select(e => JsonDocument.Parse(e.ResponseBody).RootElement.GetProperty("data").GetProperty("request_id").GetString()!)];

    /// <summary>The request id of the session's one booking post.</summary>
    public string PostedRequestId(string label) =>
        JsonDocument.Parse(Exchanges.Single(e => e.Label == label && e.Path.EndsWith("/schedule", StringComparison.Ordinal)).RequestBody!).RootElement.GetProperty("request_id").GetString()!;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var label = Label;
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        string? Header(string name) => request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
        lock (_gate)
        {
            _exchanges.Add(new Exchange(label, request.Method.Method, request.RequestUri!.AbsolutePath, request.RequestUri.Query, Header("authorization"), Header("client_id"), body, (int)response.StatusCode, answer));
        }

        return response;
    }

    internal sealed record Exchange(string Label, string Method, string Path, string Query, string? Authorization, string? ClientId, string? RequestBody, int Status, string ResponseBody);
}
