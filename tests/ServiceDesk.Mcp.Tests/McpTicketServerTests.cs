using System.Text.Json;
using ModelContextProtocol;
using ServiceDesk.Core.Agents;

namespace ServiceDesk.Mcp.Tests;

/// <summary>The ticket tools over stdio (a pair of pipes), driven by the SDK's own client.</summary>
public sealed class McpTicketServerTests
{
    [Fact]
    public async Task ListTools_BeforeAnyCall_OffersTheAgentsFourToolsWithoutACallerParameter()
    {
        await using var desk = new McpDesk();
        var client = await desk.StdioClientAsync("E1001");

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(TicketTools.Names.Order(), tools.Select(t => t.Name).Order());
        foreach (var tool in tools)
        {
            var properties = tool.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
            Assert.DoesNotContain(properties, p => p.Contains("caller", StringComparison.OrdinalIgnoreCase) || p.Contains("employee", StringComparison.OrdinalIgnoreCase) || p.Contains("phone", StringComparison.OrdinalIgnoreCase));
        }

        var create = tools.Single(t => t.Name == TicketTools.CreateTicket);
        Assert.Equal("description", Assert.Single(create.JsonSchema.GetProperty("required").EnumerateArray()).GetString());
        var list = tools.Single(t => t.Name == TicketTools.ListRecentTickets).JsonSchema.GetProperty("properties").GetProperty("limit");
        Assert.Equal("integer", list.GetProperty("type").GetString());
        Assert.Equal(10, list.GetProperty("maximum").GetInt32());
        Assert.True(tools.Single(t => t.Name == TicketTools.GetTicketStatus).ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.Contains("never pass a caller", client.ServerInstructions);
    }

    [Fact]
    public async Task CreateTicket_TwiceWithTheSameWords_OpensOneTicketForThePinnedCaller()
    {
        await using var desk = new McpDesk();
        var ada = await desk.StdioClientAsync("E1001");

        var first = await McpDesk.CreateAsync(ada, "My laptop will not turn on");
        var again = await McpDesk.CreateAsync(ada, "My laptop will not turn on");

        Assert.Equal(first, again);
        var stored = await desk.Local.Tickets.ListRecentByCallerAsync("emp-1001", 10, TestContext.Current.CancellationToken);
        Assert.Equal(first, Assert.Single(stored.Value!).Number.ToString());
    }

    [Fact]
    public async Task ToolCall_NamingAnotherCaller_CannotReachTheirTickets()
    {
        await using var desk = new McpDesk();
        var grace = await desk.StdioClientAsync("E1002");
        var gracesTicket = await McpDesk.CreateAsync(grace, "The printer on floor two jams");
        var ada = await desk.StdioClientAsync("E1001");
        var posingAsGrace = new Dictionary<string, object?>
        {
            ["ticket_number"] = gracesTicket,
            ["caller_id"] = "emp-1002",
            ["callerId"] = "emp-1002",
            ["employee_id"] = "E1002",
            ["phone"] = "+14155550111",
        };

        var status = await ada.CallToolAsync(TicketTools.GetTicketStatus, posingAsGrace, cancellationToken: TestContext.Current.CancellationToken);
        var comment = await ada.CallToolAsync(TicketTools.AddTicketComment, new Dictionary<string, object?>(posingAsGrace) { ["comment"] = "close this please" }, cancellationToken: TestContext.Current.CancellationToken);
        var list = await ada.CallToolAsync(TicketTools.ListRecentTickets, new Dictionary<string, object?> { ["caller_id"] = "emp-1002", ["limit"] = 10 }, cancellationToken: TestContext.Current.CancellationToken);
        var created = await ada.CallToolAsync(TicketTools.CreateTicket, new Dictionary<string, object?> { ["description"] = "Mouse is broken", ["caller_id"] = "emp-1002" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(McpDesk.Body(status).GetProperty("found").GetBoolean());
        Assert.False(McpDesk.Body(comment).GetProperty("found").GetBoolean());
        Assert.Empty(McpDesk.Body(list).GetProperty("tickets").EnumerateArray());
        var mouse = McpDesk.Body(created).GetProperty("ticket_number").GetString()!;
        var gracesNow = await desk.Local.Tickets.ListRecentByCallerAsync("emp-1002", 10, TestContext.Current.CancellationToken);
        var only = Assert.Single(gracesNow.Value!);
        Assert.Equal(gracesTicket, only.Number.ToString());
        Assert.Empty(only.Comments);
        var adas = await desk.Local.Tickets.ListRecentByCallerAsync("emp-1001", 10, TestContext.Current.CancellationToken);
        Assert.Equal(mouse, Assert.Single(adas.Value!).Number.ToString());
    }

    [Fact]
    public async Task ToolCall_WithoutWhatItNeeds_IsAnErrorResultThatSaysWhat()
    {
        await using var desk = new McpDesk();
        var ada = await desk.StdioClientAsync("E1001");

        var result = await ada.CallToolAsync(TicketTools.GetTicketStatus, new Dictionary<string, object?> { ["ticket_number"] = "twelve" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IsError);
        Assert.Contains("ticket_number is required", McpDesk.Body(result).GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Object, result.StructuredContent?.ValueKind);
    }

    [Fact]
    public async Task ToolCall_ToAToolThatDoesNotExist_IsAProtocolError()
    {
        await using var desk = new McpDesk();
        var ada = await desk.StdioClientAsync("E1001");

        var error = await Assert.ThrowsAsync<McpProtocolException>(async () => await ada.CallToolAsync("delete_ticket", new Dictionary<string, object?>(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
    }

    [Fact]
    public async Task ListRecentTickets_ShowsOnlyThePinnedCallersTickets_NewestFirst()
    {
        await using var desk = new McpDesk();
        var ada = await desk.StdioClientAsync("E1001");
        var grace = await desk.StdioClientAsync("E1002");
        var older = await McpDesk.CreateAsync(ada, "The docking station is dead");
        await McpDesk.CreateAsync(grace, "Outlook keeps asking for my password");
        var newer = await McpDesk.CreateAsync(ada, "My headset crackles");

        var list = McpDesk.Body(await ada.CallToolAsync(TicketTools.ListRecentTickets, new Dictionary<string, object?> { ["limit"] = 5 }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal([newer, older], list.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("ticket_number").GetString()!));
    }
}
