using System.Text.Json;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Testing;

namespace ServiceDesk.Core.Tests.Agents;

public class TicketToolsTests
{
    private readonly ManualClock _time = new();
    private readonly InMemoryTicketBackend _backend;
    private readonly TicketTools _tools;
    private static readonly CallerIdentity Ada = new("emp-1001", "Ada", "+14155550100", VerifiedBy.Phone);
    private static readonly CallerIdentity Unverified = CallerIdentity.Unverified("+14155559876");

    public TicketToolsTests()
    {
        _backend = new InMemoryTicketBackend(_time);
        _tools = new TicketTools(new CallerTickets(_backend), _time);
    }

    private Task<ToolResult> Run(string tool, CallerIdentity caller, params (string Key, string Value)[] parameters) =>
        _tools.RunAsync(tool, parameters.ToDictionary(p => p.Key, p => p.Value), caller, TestContext.Current.CancellationToken);

    [Fact]
    public async Task GetTicketStatus_ForSomeoneElsesTicket_IsNotFoundEvenWhenTheModelNamesThem()
    {
        var grace = _backend.Seed("emp-1002", "Grace's headset crackles");

        var result = await Run(TicketTools.GetTicketStatus, Ada, ("ticket_number", grace.Number.ToString()), ("caller_id", "emp-1002"), ("employee_id", "E1002"));

        Assert.Equal(404, result.HttpStatus);
        Assert.False(JsonDocument.Parse(result.Body).RootElement.GetProperty("found").GetBoolean());
        Assert.DoesNotContain("headset", result.Body);
    }

    [Fact]
    public async Task Create_WhenTheBackendAnswersWithAnotherCallersTicket_IsNeverPassedOffAsTheirs()
    {
        var ct = TestContext.Current.CancellationToken;
        await _backend.CreateAsync(new NewTicket("emp-1002", "Printer jammed", IdempotencyKey: "same-key"), ct);

        var result = await new CallerTickets(_backend).CreateAsync("emp-1001", new NewTicket("emp-1001", "Printer jammed", IdempotencyKey: "same-key"), ct);

        Assert.False(result.IsOk);
        Assert.Equal(FailureKind.Conflict, result.Failure.Kind);
    }

    [Fact]
    public async Task CreateTicket_UsesTheSessionCallerWhateverTheParametersSay()
    {
        var result = await Run(TicketTools.CreateTicket, Ada, ("description", "VPN drops every ten minutes"), ("caller_id", "emp-1003"));

        Assert.Equal(ToolStatus.Ok, result.Status);
        Assert.Equal("emp-1001", Assert.Single(_backend.All).CallerId);
    }

    [Fact]
    public async Task CreateTicket_AskedTwiceTheSameDay_IsOneTicket()
    {
        await Run(TicketTools.CreateTicket, Ada, ("description", "Printer jammed"));
        await Run(TicketTools.CreateTicket, Ada, ("description", "Printer jammed"));

        Assert.Single(_backend.All);
    }

    [Fact]
    public async Task AnyTool_ForAnUnverifiedCaller_RepromptsWithoutTouchingTickets()
    {
        _backend.Seed("emp-1001", "Laptop dead");

        var result = await Run(TicketTools.ListRecentTickets, Unverified);

        Assert.Equal(ToolStatus.Reprompt, result.Status);
        Assert.Contains("employee id", result.Body);
        Assert.DoesNotContain("Laptop", result.Body);
    }

    [Theory]
    [InlineData(TicketTools.CreateTicket, "description")]
    [InlineData(TicketTools.GetTicketStatus, "ticket_number")]
    [InlineData(TicketTools.AddTicketComment, "comment")]
    public async Task MissingParameters_RepromptNamingThem(string tool, string parameter)
    {
        var result = await Run(tool, Ada);

        Assert.Equal(ToolStatus.Reprompt, result.Status);
        Assert.Contains(parameter, result.Body);
    }

    [Fact]
    public async Task UnknownTool_IsRepromptedWithTheToolsThereAre()
    {
        var result = await Run("delete_all_tickets", Ada);

        Assert.Equal(ToolStatus.Reprompt, result.Status);
        Assert.Contains("create_ticket", result.Body);
    }

    [Fact]
    public async Task ListRecentTickets_WhenTheBackendIsDown_TellsTheModelToOfferAPerson()
    {
        _backend.FailWith = FailureKind.Unavailable;

        var result = await Run(TicketTools.ListRecentTickets, Ada);

        Assert.Equal(503, result.HttpStatus);
        Assert.Contains("person", result.Body);
    }

    [Fact]
    public async Task AddTicketComment_OnTheCallersTicket_AddsIt()
    {
        var mine = _backend.Seed("emp-1001", "Monitor flickers");

        var result = await Run(TicketTools.AddTicketComment, Ada, ("ticket_number", mine.Number.Sequence.ToString()), ("comment", "Now it is black"));

        Assert.Equal(ToolStatus.Ok, result.Status);
        Assert.Single(_backend.All.Single().Comments);
    }
}
