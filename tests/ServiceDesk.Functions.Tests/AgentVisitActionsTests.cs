using System.Text.Json;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Visits;
using ServiceDesk.Functions.Agent;
using ServiceDesk.Local.Scheduling;
using ServiceDesk.Local.Storage;
using ServiceDesk.Testing;
using ServiceDesk.Wire.Bedrock;
using ServiceDesk.Wire.Hosting;

namespace ServiceDesk.Functions.Tests;

/// <summary>
/// The recorded visit-tool events through the action-group function, over the in-process scheduler and the SQLite
/// session store. The clock is Monday 2 November 2026: Tuesday the 3rd is the first date offered, Wednesday the 4th is
/// fully booked. Ada (emp-1001) has INC0012345; Grace (emp-1002) has INC0012346.
/// </summary>
public sealed class AgentVisitActionsTests : IDisposable
{
    private const string SchedulerToken = "tenant-token";
    private const string AgentSession = "lex-session-7f3a";
    private static readonly SchedulerTenant Tenant = new("acme", new Uri("http://localhost/"));
    private static readonly TicketNumber Adas = TicketNumber.Parse("INC0012345");
    private static readonly TicketNumber Graces = TicketNumber.Parse("INC0012346");

    private readonly ManualClock _clock = new();
    private readonly SqliteDatabase _database = SqliteDatabase.InMemory();
    private readonly InMemoryTicketBackend _backend;
    private readonly LocalScheduler _scheduler;
    private readonly SqliteVisitSessionStore _sessions;

    public AgentVisitActionsTests()
    {
        _backend = new InMemoryTicketBackend(_clock);
        _backend.Seed("emp-1001", "Cracked laptop screen");
        _backend.Seed("emp-1002", "Grace's dock is dead");
        // The scheduler refuses any other token: a token the model made up would not get through.
        _scheduler = new LocalScheduler(_database, _clock, _backend, SchedulerToken);
        _sessions = new SqliteVisitSessionStore(_database, _clock);
    }

    public void Dispose() => _database.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AgentActionsFunction Function(VisitFlags? flags = null, bool visits = true) => new(
        new AgentTools(
            new TicketTools(new CallerTickets(_backend), _clock),
            visits ? new VisitTools(new VisitDesk(_scheduler, _sessions, new ConfiguredSchedulerTokens(Tenant.ClientId, SchedulerToken), Tenant, flags ?? VisitFlags.Live, _clock, TimeZoneInfo.Utc)) : null),
        FunctionContext.Of(FunctionCatalog.AgentActions));

    private async Task<AgentActionResponse> InvokeAsync(byte[] payload, VisitFlags? flags = null, bool visits = true)
    {
        var output = await Function(flags, visits).InvokeAsync(payload, new LambdaInvocation("req", _clock.GetUtcNow().AddSeconds(10)), Ct);
        AwsServiceModel.AssertValidResponseWhereChecked(LambdaResponseKind.Agent, output);
        return AgentActionJson.ReadResponse(output);
    }

    private Task<AgentActionResponse> ApiAsync(string file, VisitFlags? flags = null, bool visits = true) => InvokeAsync(RepoPaths.ReadEvent("agent", file), flags, visits);

    private Task<AgentActionResponse> FunctionStyleAsync(string file) => InvokeAsync(RepoPaths.ReadEvent("agent-function-style", file));

    private static JsonElement Body(AgentActionResponse response) => JsonDocument.Parse(
        (response.Response.ResponseBody ?? response.Response.FunctionResponse!.ResponseBody!).Values.Single().Body!).RootElement;

    private static string Raw(AgentActionResponse response) =>
        (response.Response.ResponseBody ?? response.Response.FunctionResponse!.ResponseBody!).Values.Single().Body!;

    private int RequestIdsIssued()
    {
        using var lease = _database.Lease();
        return Convert.ToInt32(lease.Command("SELECT COUNT(*) FROM sched_requests;").ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ApiStyle_ListProjects_ListsOnlyTheCallersOwnTickets()
    {
        var response = await ApiAsync("api-list-projects.json");

        Assert.Equal(("/visits/list_projects", "GET", 200), (response.Response.ApiPath, response.Response.HttpMethod, response.Response.HttpStatusCode));
        var visit = Assert.Single(Body(response).GetProperty("visits").EnumerateArray());
        Assert.Equal("INC0012345", visit.GetProperty("ticket_number").GetString());
        Assert.False(visit.GetProperty("booked").GetBoolean());
        Assert.DoesNotContain("INC0012346", Raw(response));
    }

    [Fact]
    public async Task ApiStyle_GetBusinessHours_NamesTheWorkingDays()
    {
        var response = await ApiAsync("api-get-business-hours.json");

        Assert.Equal(200, response.Response.HttpStatusCode);
        Assert.Equal(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], Body(response).GetProperty("working_days").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task ApiStyle_GetAvailableDates_OffersAtMostTenDates_AsIsoAndSpoken_InTheAgentsSession()
    {
        var response = await ApiAsync("api-get-available-dates.json");

        Assert.Equal(200, response.Response.HttpStatusCode);
        var dates = Body(response).GetProperty("dates").EnumerateArray().ToList();
        Assert.InRange(dates.Count, 1, VisitDesk.MaxDates);
        Assert.Equal(("2026-11-03", "Tuesday the 3rd of November"), (dates[0].GetProperty("date").GetString(), dates[0].GetProperty("spoken").GetString()));
        Assert.DoesNotContain(dates, d => d.GetProperty("date").GetString() == "2026-11-04");
        // The request id stays in the agent's session, never in what the model reads.
        var session = await _sessions.GetAsync(AgentSession, Ct);
        Assert.NotNull(session?.RequestId);
        Assert.DoesNotContain(session.RequestId, Raw(response));
        Assert.DoesNotContain(SchedulerToken, Raw(response));
    }

    [Fact]
    public async Task ApiStyle_GetTimeSlots_ReadsTheFreeTimes()
    {
        var response = await ApiAsync("api-get-time-slots.json");

        Assert.Equal(200, response.Response.HttpStatusCode);
        var body = Body(response);
        Assert.Equal("Tuesday the 3rd of November", body.GetProperty("date_spoken").GetString());
        Assert.Equal(["09:00", "11:00", "14:00", "16:00"], body.GetProperty("times").EnumerateArray().Select(t => t.GetProperty("time").GetString()));
        Assert.Equal("9 in the morning", body.GetProperty("times")[0].GetProperty("spoken").GetString());
    }

    [Fact]
    public async Task ApiStyle_ConfirmAppointment_BooksTheCallersVisit()
    {
        var response = await ApiAsync("api-confirm-appointment.json");

        Assert.Equal(("/visits/confirm_appointment", "POST", 200), (response.Response.ApiPath, response.Response.HttpMethod, response.Response.HttpStatusCode));
        var body = Body(response);
        Assert.True(body.GetProperty("booked").GetBoolean());
        Assert.False(body.GetProperty("test_mode").GetBoolean());
        Assert.Equal(("2026-11-03", "09:00", "9 in the morning"), (body.GetProperty("date").GetString(), body.GetProperty("time").GetString(), body.GetProperty("time_spoken").GetString()));
        Assert.Equal(1, _scheduler.Booked);
        Assert.Equal(new DateTime(2026, 11, 3, 9, 0, 0), _scheduler.LastBooked);
    }

    [Fact]
    public async Task ApiStyle_ConfirmAppointment_Retried_PostsOnce()
    {
        await ApiAsync("api-confirm-appointment.json");

        var again = await ApiAsync("api-confirm-appointment.json");

        Assert.True(Body(again).GetProperty("booked").GetBoolean());
        Assert.Equal(1, _scheduler.Booked);
    }

    [Fact]
    public async Task ApiStyle_ConfirmAppointment_InTestMode_SaysNothingWasBooked()
    {
        var response = await ApiAsync("api-confirm-appointment.json", VisitFlags.TestMode);

        var body = Body(response);
        Assert.False(body.GetProperty("booked").GetBoolean());
        Assert.True(body.GetProperty("test_mode").GetBoolean());
        Assert.Equal("test mode: nothing was booked", body.GetProperty("note").GetString());
        Assert.Equal(0, _scheduler.Booked);
    }

    [Fact]
    public async Task ApiStyle_ConfirmAppointment_SlotJustTaken_AnswersTheConflictsReason()
    {
        _scheduler.TakeNextBooking();

        var response = await ApiAsync("api-confirm-appointment.json");

        Assert.Equal(409, response.Response.HttpStatusCode);
        Assert.Equal("that time is no longer free", Body(response).GetProperty("error").GetString());
        Assert.Equal(0, _scheduler.Booked);
    }

    [Fact]
    public async Task ApiStyle_SchedulerDown_OffersAPerson()
    {
        _scheduler.Down = true;

        var response = await ApiAsync("api-get-available-dates.json");

        Assert.Equal(503, response.Response.HttpStatusCode);
        Assert.Contains("booking system is not answering", Body(response).GetProperty("error").GetString());
        Assert.Contains("person", Body(response).GetProperty("error").GetString());
    }

    [Fact]
    public async Task ApiStyle_CancelAppointment_CancelsTheBookedVisit()
    {
        _scheduler.GiveVisit("emp-1001", Adas, new DateTime(2026, 11, 5, 14, 0, 0));

        var response = await ApiAsync("api-cancel-appointment.json");

        var body = Body(response);
        Assert.Equal(200, response.Response.HttpStatusCode);
        Assert.True(body.GetProperty("cancelled").GetBoolean());
        Assert.Equal(("2026-11-05", "14:00"), (body.GetProperty("date").GetString(), body.GetProperty("time").GetString()));
        Assert.Equal(1, _scheduler.Cancelled);
    }

    [Fact]
    public async Task ApiStyle_CancelAppointment_TechnicianOnTheWay_IsAConflict()
    {
        _scheduler.GiveVisit("emp-1001", Adas, new DateTime(2026, 11, 2, 11, 0, 0), enRoute: true);

        var response = await ApiAsync("api-cancel-appointment.json");

        Assert.Equal(409, response.Response.HttpStatusCode);
        Assert.Contains("on the way", Body(response).GetProperty("error").GetString());
        Assert.Equal(0, _scheduler.Cancelled);
    }

    [Fact]
    public async Task ApiStyle_AddNote_LeavesTheNoteOnTheVisit()
    {
        var response = await ApiAsync("api-add-note.json");

        Assert.Equal(200, response.Response.HttpStatusCode);
        Assert.True(Body(response).GetProperty("added").GetBoolean());
        Assert.Equal(["Ring the bell at the side door; reception is closed"], _scheduler.Notes(Adas));
    }

    [Fact]
    public async Task Injection_RequestIdTokenClientCustomerAndSession_AreIgnored()
    {
        await ApiAsync("api-get-available-dates.json");

        var response = await ApiAsync("api-confirm-appointment-injected.json");

        // Booked with the session's own request id (a forged one would have been refused and a second one issued) and
        // token (the scheduler refuses any other), for Ada's ticket in the agent's session, not the one the model named.
        Assert.True(Body(response).GetProperty("booked").GetBoolean());
        Assert.Equal(1, _scheduler.Booked);
        Assert.Equal(1, RequestIdsIssued());
        Assert.Equal(Adas.ToString(), Body(response).GetProperty("ticket_number").GetString());
        Assert.Null(await _sessions.GetAsync("someone-elses-session", Ct));
        Assert.Equal(new DateOnly(2026, 11, 3), (await _sessions.GetAsync(AgentSession, Ct))!.BookedDate);
    }

    [Fact]
    public async Task Injection_SomeoneElsesTicket_IsNotFound()
    {
        var response = await ApiAsync("api-visit-other-callers-ticket.json");

        Assert.Equal(404, response.Response.HttpStatusCode);
        Assert.False(Body(response).GetProperty("found").GetBoolean());
        Assert.Equal(0, RequestIdsIssued());
        Assert.DoesNotContain("dock", Raw(response), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnverifiedSession_IsRepromptedToIdentify_AndNothingIsAsked()
    {
        var payload = System.Text.Json.Nodes.JsonNode.Parse(RepoPaths.ReadEvent("agent-function-style", "get-available-dates.json"))!.AsObject();
        payload["sessionAttributes"]!.AsObject().Remove("callerVerifiedBy");

        var response = await InvokeAsync(System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString()));

        Assert.Equal("REPROMPT", response.Response.FunctionResponse!.ResponseState);
        Assert.Contains("employee id", Body(response).GetProperty("error").GetString());
        Assert.Equal(0, RequestIdsIssued());
    }

    [Fact]
    public async Task WithoutAScheduler_VisitToolsSayVisitsAreNotAvailable_AndTicketToolsStillWork()
    {
        var visit = await ApiAsync("api-get-available-dates.json", visits: false);
        var ticket = await ApiAsync("api-get-ticket-status.json", visits: false);

        Assert.Equal(503, visit.Response.HttpStatusCode);
        Assert.Contains("cannot be arranged", Body(visit).GetProperty("error").GetString());
        Assert.Equal(0, RequestIdsIssued());
        Assert.True(Body(ticket).GetProperty("found").GetBoolean());
    }

    public static TheoryData<string, string> FunctionStyleEvents() => new()
    {
        { "list-projects.json", "visits" },
        { "get-business-hours.json", "working_days" },
        { "get-available-dates.json", "dates" },
        { "get-time-slots.json", "times" },
        { "confirm-appointment.json", "booked" },
        { "cancel-appointment.json", "cancelled" },
        { "add-note.json", "added" },
    };

    [Theory]
    [MemberData(nameof(FunctionStyleEvents))]
    public async Task FunctionStyle_EachVisitTool_AnswersInTheFunctionsShape(string file, string answer)
    {
        if (file == "cancel-appointment.json")
        {
            _scheduler.GiveVisit("emp-1001", Adas, new DateTime(2026, 11, 5, 14, 0, 0));
        }

        var request = AgentActionJson.Read(RepoPaths.ReadEvent("agent-function-style", file));

        var response = await FunctionStyleAsync(file);

        Assert.Equal(("ticket-tools", request.Function), (response.Response.ActionGroup, response.Response.Function));
        Assert.Null(response.Response.ApiPath);
        Assert.Null(response.Response.FunctionResponse!.ResponseState);
        Assert.True(Body(response).TryGetProperty(answer, out var value), Raw(response));
        Assert.NotEqual(JsonValueKind.False, value.ValueKind);
        Assert.Equal("emp-1001", response.SessionAttributes!["callerId"]);
    }

    [Fact]
    public async Task FunctionStyle_TimeNotAsHoursAndMinutes_IsReprompted()
    {
        var payload = System.Text.Json.Nodes.JsonNode.Parse(RepoPaths.ReadEvent("agent-function-style", "confirm-appointment.json"))!.AsObject();
        payload["parameters"]![2]!["value"] = "nine-ish";

        var response = await InvokeAsync(System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString()));

        Assert.Equal("REPROMPT", response.Response.FunctionResponse!.ResponseState);
        Assert.Contains("HH:MM", Body(response).GetProperty("error").GetString());
        Assert.Equal(0, _scheduler.Booked);
    }

    [Fact]
    public async Task Injection_SomeoneElsesTicket_AfterTheCallersOwnConversation_IsStillNotFound()
    {
        // Someone else's ticket stays unknown even after the caller's own booking conversation has started.
        await ApiAsync("api-get-available-dates.json");

        var response = await ApiAsync("api-visit-other-callers-ticket.json");

        Assert.False(Body(response).GetProperty("found").GetBoolean());
        Assert.Equal(Graces.ToString(), Body(response).GetProperty("ticket_number").GetString());
    }
}
