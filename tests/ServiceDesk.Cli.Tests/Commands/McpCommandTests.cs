using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace ServiceDesk.Cli.Tests.Commands;

/// <summary><c>servicedesk mcp</c>: its usage errors, and the real executable driven over stdio by the SDK's client.</summary>
public sealed class McpCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "servicedesk-mcp-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private async Task<(int Exit, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync([.. args, "--data", _data], output, error, new StringReader(string.Empty));
        return (exit, error.ToString());
    }

    [Theory]
    [InlineData("--caller EMPLOYEE_ID is required", "mcp")]
    [InlineData("--caller-header needs --http", "mcp", "--caller-header", "X-Caller")]
    [InlineData("not both", "mcp", "--http", "0", "--caller", "E1001", "--caller-header", "X-Caller")]
    [InlineData("--http needs --caller", "mcp", "--http", "0")]
    [InlineData("port from 0 to 65535", "mcp", "--http", "70000", "--caller", "E1001")]
    [InlineData("no employee E9999", "mcp", "--caller", "E9999")]
    public async Task Mcp_WithoutAUsableCaller_ExitsTwoWithOneLine(string problem, params string[] args)
    {
        var (exit, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.StartsWith("servicedesk mcp: ", error);
        Assert.Contains(problem, error);
    }

    [Fact]
    public async Task Mcp_OnStdio_ServesTheToolsForTheCallerItWasStartedFor()
    {
        var ct = TestContext.Current.CancellationToken;
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [Path.Combine(AppContext.BaseDirectory, "servicedesk.dll"), "mcp", "--caller", "E1004", "--data", _data],
            Name = "servicedesk",
        });
        string? number;
        await using (var client = await McpClient.CreateAsync(transport, cancellationToken: ct))
        {
            var tools = await client.ListToolsAsync(cancellationToken: ct);
            var created = await client.CallToolAsync("create_ticket", new Dictionary<string, object?> { ["description"] = "The VPN drops every ten minutes", ["caller_id"] = "emp-1001" }, cancellationToken: ct);

            Assert.Equal(4, tools.Count);
            Assert.Equal("servicedesk", client.ServerInfo?.Name);
            number = Body(created).GetProperty("ticket_number").GetString();
        }

        using var local = Local.LocalComposition.InFolder(_data);
        var margarets = await local.Tickets.ListRecentByCallerAsync("emp-1004", 10, ct);
        Assert.Equal(number, Assert.Single(margarets.Value!).Number.ToString());
        Assert.Empty((await local.Tickets.ListRecentByCallerAsync("emp-1001", 10, ct)).Value!);
    }

    private static JsonElement Body(CallToolResult result) =>
        JsonDocument.Parse(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text).RootElement;
}
