using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ServiceDesk.Wire.Scheduling;
using ServiceDesk.Core;
using ServiceDesk.Core.Resilience;
using ServiceDesk.Core.Visits;
using ServiceDesk.Testing;

namespace ServiceDesk.Wire.Tests.Scheduling;

/// <summary>
/// The scheduler client on the wire, against the recorded responses served by <see cref="FakeSchedulerApi"/>: the
/// headers, the booking's body exactly as the API takes it, every status mapped, a post never sent twice.
/// </summary>
public sealed class HttpSchedulerTests : IAsyncDisposable
{
    private const string Token = "tok-3f9a1c7e5b2d4e68a0c1";
    private static readonly SchedulerCall Call = new(Token);
    private static readonly DateOnly Wednesday = new(2026, 11, 4);
    private static readonly TimeOnly Eleven = new(11, 0);

    private readonly ManualClock _clock = new() { SkipPausesUpTo = TimeSpan.FromSeconds(1) };
    private readonly FakeSchedulerApi _fake;
    private readonly HttpClient _http = new();
    private readonly ListLogger _log = new();

    public HttpSchedulerTests() => _fake = new FakeSchedulerApi(_clock, Token);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpScheduler CreateSut(Uri? baseUrl = null) =>
        new(_http, new SchedulerTenant(FakeSchedulerApi.ClientId, baseUrl ?? _fake.BaseUrl), _clock, _log, jitter: () => 0.5);

    [Fact]
    public async Task EveryEndpoint_SendsTheBearerTokenAndTheClientId()
    {
        var sut = CreateSut();
        var dates = await sut.GetAvailableDatesAsync(Call, "7001", Wednesday, Ct);
        await sut.ListProjectsAsync(Call, FakeSchedulerApi.Customer, Ct);
        await sut.GetBusinessHoursAsync(Call, Ct);
        await sut.GetTimeSlotsAsync(Call, "7001", Wednesday, dates.Value!.RequestId, Ct);
        await sut.ScheduleAsync(Call, "7001", Wednesday, Eleven, dates.Value.RequestId, _clock.GetUtcNow(), Ct);
        await sut.CancelAsync(Call, "7001", Ct);
        await sut.AddNoteAsync(Call, "7001", "Side door, ring reception", Ct);

        Assert.Equal(["dates", "dashboard", "business-hours", "slots", "schedule", "cancel", "note"], _fake.Requests.Select(r => r.Endpoint));
        Assert.All(_fake.Requests, r =>
        {
            Assert.Equal("Bearer " + Token, r.Header("authorization"));
            Assert.Equal(FakeSchedulerApi.ClientId, r.Header("client_id"));
        });
    }

    [Fact]
    public async Task Schedule_PostsIsChatbotAsTheStringTrue()
    {
        await BookAsync(_clock.GetUtcNow());

        var isChatbot = _fake.To("schedule").Single().Json.GetProperty("is_chatbot");
        Assert.Equal(JsonValueKind.String, isChatbot.ValueKind);
        Assert.Equal("true", isChatbot.GetString());
    }

    [Theory]
    [InlineData("2026-11-02T09:30:00Z", "11-02-2026 15:00:00")]
    [InlineData("2026-11-02T20:45:10Z", "11-03-2026 02:15:10")]
    [InlineData("2026-12-31T18:30:00Z", "01-01-2027 00:00:00")]
    [InlineData("2026-11-02T15:00:00+05:30", "11-02-2026 15:00:00")]
    public async Task Schedule_PostsCreatedAtInIndiaTimeMonthFirst(string now, string expected)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        _clock.SetUtcNow(at);

        var result = await BookAsync(at);

        Assert.True(result.IsOk, result.Failure?.Reason);
        Assert.Equal(expected, _fake.To("schedule").Single().Json.GetProperty("created_at").GetString());
    }

    [Fact]
    public async Task Schedule_PostsTheDateTimeAndRequestIdAsTheApiSpellsThem()
    {
        var requestId = (await CreateSut().GetAvailableDatesAsync(Call, "7001", Wednesday, Ct)).Value!.RequestId;

        var result = await CreateSut().ScheduleAsync(Call, "7001", Wednesday, new TimeOnly(9, 0), requestId, _clock.GetUtcNow(), Ct);

        Assert.True(result.IsOk, result.Failure?.Reason);
        var posted = _fake.To("schedule").Single();
        Assert.Equal("/portal/api/scheduler/client/tenant-acme/project/7001/schedule", posted.Path);
        Assert.Equal("2026-11-04", posted.Json.GetProperty("date").GetString());
        Assert.Equal("09:00", posted.Json.GetProperty("time").GetString());
        Assert.Equal(requestId, posted.Json.GetProperty("request_id").GetString());
        Assert.Equal(["created_at", "date", "is_chatbot", "request_id", "time"], posted.Json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Slots_CarryTheRequestIdInTheQueryAndTheDateTwiceInThePath()
    {
        var requestId = (await CreateSut().GetAvailableDatesAsync(Call, "7001", new DateOnly(2026, 11, 2), Ct)).Value!.RequestId;

        var slots = await CreateSut().GetTimeSlotsAsync(Call, "7001", Wednesday, requestId, Ct);

        Assert.Equal([new TimeOnly(9, 0), new TimeOnly(11, 0), new TimeOnly(14, 0), new TimeOnly(16, 0)], slots.Value!);
        Assert.Equal("/portal/api/scheduler/client/tenant-acme/project/7001/date/2026-11-02/selected/2026-11-02/get-rescheduler-slots", _fake.To("dates").Single().Path);
        var query = _fake.To("slots").Single();
        Assert.Equal("/portal/api/scheduler/client/tenant-acme/project/7001/date/2026-11-04/selected/2026-11-04/get-rescheduler-slots", query.Path);
        Assert.Equal(requestId, query.Query["request_id"]);
    }

    [Fact]
    public async Task Reads_TheRecordedShapes_ToleratingUnknownMissingAndNumericMembers()
    {
        var sut = CreateSut();

        var projects = (await sut.ListProjectsAsync(Call, FakeSchedulerApi.Customer, Ct)).Value!;
        var hours = (await sut.GetBusinessHoursAsync(Call, Ct)).Value!;
        var dates = (await sut.GetAvailableDatesAsync(Call, "7001", new DateOnly(2026, 11, 2), Ct)).Value!;

        Assert.Equal(["7001", "7002", "7003"], projects.Select(p => p.ProjectId));
        Assert.Equal(new VisitProject("7001", "INC0001001", "On-site repair", "Hardware", "Pending Scheduling", "Floor 3, 12 Harbour Street, Leeds", null, null, null), projects[0]);
        Assert.Equal(new VisitProject("7002", "INC0001002", "On-site repair", "Printing", "Scheduled", "Floor 3, 12 Harbour Street, Leeds", new DateOnly(2026, 11, 5), new DateTime(2026, 11, 5, 11, 0, 0), new DateTime(2026, 11, 5, 13, 0, 0)), projects[1]);
        Assert.Equal(("", ""), (projects[2].Category, projects[2].Address));
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], hours.Where(h => h.IsWorking).Select(h => h.Day));
        Assert.Equal(7, hours.Count);
        Assert.Equal(10, dates.Dates.Count);
        Assert.Equal(new DateOnly(2026, 11, 3), dates.Dates[0]);
        Assert.Equal(_fake.Issued.Single().RequestId, dates.RequestId);
    }

    [Fact]
    public async Task Reads_AMemberOfTheWrongType_AsAbsent()
    {
        _fake.Answer("dashboard", HttpStatusCode.OK, """
            {"data":[{"project_project_id":7001,"project_project_number":"INC0001001","installation_address_full_address":{"line1":"x"},
              "status_info_status":"Pending","convertedProjectStartScheduledDate":false}],"meta":{"page":1}}
            """);

        var projects = await CreateSut().ListProjectsAsync(Call, FakeSchedulerApi.Customer, Ct);

        var project = Assert.Single(projects.Value!);
        Assert.Equal(("7001", "INC0001001", "", null), (project.ProjectId, project.ProjectNumber, project.Address, project.Start));
    }

    public static TheoryData<HttpStatusCode, string, FailureKind> Refusals() => new()
    {
        { HttpStatusCode.Unauthorized, "unauthorized.json", FailureKind.Refused },
        { HttpStatusCode.Forbidden, "unauthorized.json", FailureKind.Refused },
        { HttpStatusCode.NotFound, "project-not-found.json", FailureKind.NotFound },
        { HttpStatusCode.Conflict, "slot-taken.json", FailureKind.Conflict },
        { HttpStatusCode.Gone, "request-id-expired.json", FailureKind.Expired },
        { HttpStatusCode.BadRequest, "request-id-expired.json", FailureKind.Expired },
        { HttpStatusCode.BadRequest, "bad-request.json", FailureKind.Invalid },
        { HttpStatusCode.UnprocessableEntity, "bad-request.json", FailureKind.Invalid },
        { HttpStatusCode.InternalServerError, "server-error.json", FailureKind.Unavailable },
        { HttpStatusCode.BadGateway, "server-error.json", FailureKind.Unavailable },
        { HttpStatusCode.ServiceUnavailable, "server-error.json", FailureKind.Unavailable },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Schedule_MapsEachRefusalOnce(HttpStatusCode status, string file, FailureKind expected)
    {
        _fake.Answer("schedule", status, FakeSchedulerApi.Recorded(file));

        var result = await CreateSut().ScheduleAsync(Call, "7001", Wednesday, Eleven, "rq-1", _clock.GetUtcNow(), Ct);

        Assert.Equal(expected, result.Failure?.Kind);
        Assert.Single(_fake.To("schedule"));
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Slots_MapEachRefusalOnce(HttpStatusCode status, string file, FailureKind expected)
    {
        _fake.Answer("slots", status, FakeSchedulerApi.Recorded(file));
        _fake.Answer("slots", status, FakeSchedulerApi.Recorded(file));

        var result = await CreateSut().GetTimeSlotsAsync(Call, "7001", Wednesday, "rq-1", Ct);

        Assert.Equal(expected, result.Failure?.Kind);
    }

    [Theory]
    [InlineData("request_id is expired or invalid", FailureKind.Expired)]
    [InlineData("Invalid Request ID", FailureKind.Expired)]
    [InlineData("The requestId has expired", FailureKind.Expired)]
    [InlineData("Invalid request", FailureKind.Invalid)]
    [InlineData("time must be HH:MM", FailureKind.Invalid)]
    public async Task Schedule_ABadRequest_IsExpiredOnlyWhenItSaysTheRequestIdIs(string message, FailureKind expected)
    {
        _fake.Answer("schedule", HttpStatusCode.BadRequest, JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = message, ["status"] = "error" }));

        var result = await CreateSut().ScheduleAsync(Call, "7001", Wednesday, Eleven, "rq-1", _clock.GetUtcNow(), Ct);

        Assert.Equal(expected, result.Failure?.Kind);
    }

    [Fact]
    public async Task Schedule_ASuccessStatusThatIsNotSuccess_IsNotABooking()
    {
        _fake.Answer("schedule", HttpStatusCode.OK, FakeSchedulerApi.Recorded("slot-taken.json"));

        var result = await CreateSut().ScheduleAsync(Call, "7001", Wednesday, Eleven, "rq-1", _clock.GetUtcNow(), Ct);

        Assert.False(result.IsOk);
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("""{"data":{"dates":["2026-11-03"],""")]
    [InlineData("")]
    [InlineData("[1,2,3]")]
    public async Task Reads_AnUnreadableBody_AsUnavailable(string body)
    {
        _fake.Answer("dates", HttpStatusCode.OK, body);

        var result = await CreateSut().GetAvailableDatesAsync(Call, "7001", Wednesday, Ct);

        Assert.Equal(FailureKind.Unavailable, result.Failure?.Kind);
    }

    [Fact]
    public async Task Dates_WithoutARequestId_AreUnavailable()
    {
        _fake.Answer("dates", HttpStatusCode.OK, """{"data":{"dates":["2026-11-03"]}}""");

        var result = await CreateSut().GetAvailableDatesAsync(Call, "7001", Wednesday, Ct);

        Assert.Equal(FailureKind.Unavailable, result.Failure?.Kind);
    }

    [Fact]
    public async Task Get_WhenTheSchedulerFailsOnce_IsTriedOnceMore()
    {
        _fake.Answer("business-hours", HttpStatusCode.ServiceUnavailable, FakeSchedulerApi.Recorded("server-error.json"));

        var result = await CreateSut().GetBusinessHoursAsync(Call, Ct);

        Assert.True(result.IsOk, result.Failure?.Reason);
        Assert.Equal(2, _fake.To("business-hours").Count);
    }

    [Fact]
    public async Task Get_WhenTheSchedulerKeepsFailing_GivesUpAfterTheSecondAttempt()
    {
        for (var i = 0; i < 3; i++)
        {
            _fake.Answer("dashboard", HttpStatusCode.InternalServerError, FakeSchedulerApi.Recorded("server-error.json"));
        }

        var result = await CreateSut().ListProjectsAsync(Call, FakeSchedulerApi.Customer, Ct);

        Assert.Equal(FailureKind.Unavailable, result.Failure?.Kind);
        Assert.Equal(2, _fake.To("dashboard").Count);
    }

    [Fact]
    public async Task Get_ARefusal_IsNotTriedAgain()
    {
        _fake.Answer("dashboard", HttpStatusCode.Unauthorized, FakeSchedulerApi.Recorded("unauthorized.json"));

        await CreateSut().ListProjectsAsync(Call, FakeSchedulerApi.Customer, Ct);

        Assert.Single(_fake.To("dashboard"));
    }

    [Fact]
    public async Task Schedule_WhenNoAnswerComesInTheVoiceBudget_IsUnavailableAndNotPostedAgain()
    {
        _fake.Hang("schedule");
        var requestId = (await CreateSut().GetAvailableDatesAsync(Call, "7001", Wednesday, Ct)).Value!.RequestId;

        var booking = CreateSut().ScheduleAsync(Call, "7001", Wednesday, Eleven, requestId, _clock.GetUtcNow(), Ct);
        await _fake.Received("schedule").WaitAsync(Ct);
        await _clock.TimerScheduled(Deadlines.SchedulerCall).WaitAsync(Ct);
        _clock.Advance(Deadlines.SchedulerCall);
        var result = await booking.WaitAsync(Ct);

        Assert.Equal(FailureKind.Unavailable, result.Failure?.Kind);
        Assert.Single(_fake.To("schedule"));
    }

    [Fact]
    public async Task Schedule_WhenTheSchedulerFails_IsNotPostedAgain()
    {
        _fake.Answer("schedule", HttpStatusCode.BadGateway, FakeSchedulerApi.Recorded("server-error.json"));
        var requestId = (await CreateSut().GetAvailableDatesAsync(Call, "7001", Wednesday, Ct)).Value!.RequestId;

        var result = await CreateSut().ScheduleAsync(Call, "7001", Wednesday, Eleven, requestId, _clock.GetUtcNow(), Ct);

        Assert.Equal(FailureKind.Unavailable, result.Failure?.Kind);
        Assert.Single(_fake.To("schedule"));
    }

    [Fact]
    public async Task Note_WhenTheSchedulerFails_IsNotPostedAgain()
    {
        _fake.Answer("note", HttpStatusCode.ServiceUnavailable, FakeSchedulerApi.Recorded("server-error.json"));

        var result = await CreateSut().AddNoteAsync(Call, "7001", "Parking at the back", Ct);

        Assert.Equal(FailureKind.Unavailable, result.Failure?.Kind);
        Assert.Single(_fake.To("note"));
    }

    [Fact]
    public async Task Note_PostsTheTextAndAnswersTheNoteId()
    {
        var result = await CreateSut().AddNoteAsync(Call, "7001", "Parking at the back", Ct);

        Assert.Equal("91355", result.Value);
        var posted = _fake.To("note").Single();
        Assert.Equal("/portal/api/project-notes/add/tenant-acme/7001", posted.Path);
        Assert.Equal("Parking at the back", posted.Json.GetProperty("note_text").GetString());
    }

    [Fact]
    public async Task AnyCall_WhenNothingListens_IsUnavailable()
    {
        var nowhere = new Uri($"http://127.0.0.1:{LoopbackServer.FreePort()}/api");

        var result = await CreateSut(nowhere).GetBusinessHoursAsync(Call, Ct);

        Assert.Equal(FailureKind.Unavailable, result.Failure?.Kind);
    }

    [Fact]
    public async Task TheToken_AppearsInNoLogLineFailureOrText()
    {
        _fake.Answer("dashboard", HttpStatusCode.Unauthorized, FakeSchedulerApi.Recorded("unauthorized.json"));
        _fake.Answer("schedule", HttpStatusCode.InternalServerError, FakeSchedulerApi.Recorded("server-error.json"));
        var sut = CreateSut();
        var nowhere = CreateSut(new Uri($"http://127.0.0.1:{LoopbackServer.FreePort()}/"));

        var failures = new[]
        {
            (await sut.ListProjectsAsync(Call, FakeSchedulerApi.Customer, Ct)).Failure,
            (await sut.ScheduleAsync(Call, "7001", Wednesday, Eleven, "rq-1", _clock.GetUtcNow(), Ct)).Failure,
            (await nowhere.GetBusinessHoursAsync(Call, Ct)).Failure,
            (await sut.GetTimeSlotsAsync(new SchedulerCall("wrong-" + Token), "7001", Wednesday, "rq-1", Ct)).Failure,
        };

        Assert.All(failures, f => Assert.NotNull(f));
        Assert.NotEmpty(_log.Lines);
        Assert.DoesNotContain(_log.Lines, l => l.Contains(Token, StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f!.ToString().Contains(Token, StringComparison.Ordinal));
        Assert.DoesNotContain(Token, Call.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, sut.ToString(), StringComparison.Ordinal);
    }

    private async Task<Result<string>> BookAsync(DateTimeOffset createdAt)
    {
        var sut = CreateSut();
        var requestId = (await sut.GetAvailableDatesAsync(Call, "7001", Wednesday, Ct)).Value!.RequestId;
        return await sut.ScheduleAsync(Call, "7001", Wednesday, Eleven, requestId, createdAt, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private sealed class ListLogger : ILogger
    {
        private readonly Lock _gate = new();
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_gate)
                {
                    return [.. _lines];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                _lines.Add(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
            }
        }
    }
}
