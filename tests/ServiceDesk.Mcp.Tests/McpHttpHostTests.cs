using System.Net;
using System.Text;
using System.Text.Json;
using ServiceDesk.Core.Agents;

namespace ServiceDesk.Mcp.Tests;

/// <summary>The ticket tools over streamable HTTP on loopback, driven by the SDK's own client.</summary>
public sealed class McpHttpHostTests
{
    private const string Key = "test-key-5b1e";
    private const string CallerHeader = "X-ServiceDesk-Caller";

    private static Dictionary<string, string> Headers(string? key = Key, string? caller = null)
    {
        var headers = new Dictionary<string, string>();
        if (key is not null)
        {
            headers[McpHttpAccess.ApiKeyHeader] = key;
        }

        if (caller is not null)
        {
            headers[CallerHeader] = caller;
        }

        return headers;
    }

    [Fact]
    public async Task FixedCaller_ListsToolsAndActsForThatCaller()
    {
        await using var desk = new McpDesk();
        var host = await desk.HttpAsync(new McpHttpAccess { ApiKey = Key, FixedEmployeeId = "E1001" });
        var client = await desk.HttpClientAsync(host, Headers());

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        var number = await McpDesk.CreateAsync(client, "The projector in room 4 shows no picture");

        Assert.Equal(TicketTools.Names.Order(), tools.Select(t => t.Name).Order());
        Assert.Equal("127.0.0.1", host.Endpoint.Host);
        var adas = await desk.Local.Tickets.ListRecentByCallerAsync("emp-1001", 10, TestContext.Current.CancellationToken);
        Assert.Equal(number, Assert.Single(adas.Value!).Number.ToString());
    }

    [Fact]
    public async Task GatewayHeader_EachRequestActsForTheCallerTheGatewayNamed_AndAnArgumentCannotChangeIt()
    {
        await using var desk = new McpDesk();
        var host = await desk.HttpAsync(new McpHttpAccess { ApiKey = Key, CallerHeader = CallerHeader });
        var grace = await desk.HttpClientAsync(host, Headers(caller: "E1002"));
        var ada = await desk.HttpClientAsync(host, Headers(caller: "E1001"));
        var gracesTicket = await McpDesk.CreateAsync(grace, "Teams drops every call after a minute");

        var asAda = await ada.CallToolAsync(TicketTools.GetTicketStatus, new Dictionary<string, object?> { ["ticket_number"] = gracesTicket, ["caller_id"] = "emp-1002", ["employee_id"] = "E1002" }, cancellationToken: TestContext.Current.CancellationToken);
        var asGrace = await grace.CallToolAsync(TicketTools.GetTicketStatus, new Dictionary<string, object?> { ["ticket_number"] = gracesTicket }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(McpDesk.Body(asAda).GetProperty("found").GetBoolean());
        Assert.True(McpDesk.Body(asGrace).GetProperty("found").GetBoolean());
        Assert.Equal("Teams drops every call after a minute", McpDesk.Body(asGrace).GetProperty("summary").GetString());
    }

    [Theory]
    [InlineData(null, "E1001", HttpStatusCode.Unauthorized, "x-api-key")]
    [InlineData("wrong-key", "E1001", HttpStatusCode.Unauthorized, "x-api-key")]
    [InlineData(Key, null, HttpStatusCode.Unauthorized, CallerHeader)]
    [InlineData(Key, "E9999", HttpStatusCode.Forbidden, "no employee")]
    public async Task Request_WithoutAValidKeyOrKnownCaller_IsRefusedWithAReason(string? key, string? caller, HttpStatusCode expected, string reason)
    {
        await using var desk = new McpDesk();
        var host = await desk.HttpAsync(new McpHttpAccess { ApiKey = Key, CallerHeader = CallerHeader });
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, host.Endpoint)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        foreach (var (name, value) in Headers(key, caller))
        {
            request.Headers.Add(name, value);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains(reason, body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task SdkClient_WithAWrongKey_CannotConnect()
    {
        await using var desk = new McpDesk();
        var host = await desk.HttpAsync(new McpHttpAccess { ApiKey = Key, FixedEmployeeId = "E1001" });

        await Assert.ThrowsAnyAsync<Exception>(() => desk.HttpClientAsync(host, Headers(key: "not-the-key")));
    }
}
