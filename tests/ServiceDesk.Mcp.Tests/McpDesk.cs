using System.IO.Pipelines;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Local;

namespace ServiceDesk.Mcp.Tests;

/// <summary>
/// The desk's real local store (SQLite in memory, the demo directory) behind MCP servers, and the SDK's own client
/// talking to them: over a pair of pipes as stdio would, or over HTTP on loopback.
/// </summary>
internal sealed class McpDesk : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _servers = [];

    public LocalComposition Local { get; } = LocalComposition.InMemory();

    public TicketTools Tools => new(new CallerTickets(Local.Tickets), Local.Services.Time);

    public McpTicketServer Server(CallerOfRequest callerOf) => new(Tools, TicketToolCatalog.Load(), callerOf);

    /// <summary>A stdio-style server pinned to <paramref name="employeeId"/> (as <c>--caller</c> pins it), and a client on it.</summary>
    public async Task<McpClient> StdioClientAsync(string employeeId)
    {
        var caller = await McpCaller.FindAsync(Local.Services.Callers, employeeId, TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException($"{employeeId} is not in the demo directory");
        var toServer = new Pipe();
        var toClient = new Pipe();
        var transport = new StreamServerTransport(toServer.Reader.AsStream(), toClient.Writer.AsStream());
        _servers.Add(Server(_ => caller).RunAsync(transport, null, _stop.Token));
        var client = await McpClient.CreateAsync(new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream()), cancellationToken: TestContext.Current.CancellationToken);
        _open.Add(client);
        return client;
    }

    public async Task<McpHttpHost> HttpAsync(McpHttpAccess access)
    {
        var host = await McpHttpHost.StartAsync(Server(McpCallerClaims.Read), access, Local.Services.Callers, 0, TestContext.Current.CancellationToken);
        _open.Add(host);
        return host;
    }

    public async Task<McpClient> HttpClientAsync(McpHttpHost host, IDictionary<string, string> headers)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = host.Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        });
        var client = await McpClient.CreateAsync(transport, cancellationToken: TestContext.Current.CancellationToken);
        _open.Insert(0, client);
        return client;
    }

    public static JsonElement Body(CallToolResult result) =>
        JsonDocument.Parse(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text).RootElement;

    public static async Task<string> CreateAsync(McpClient client, string description)
    {
        var created = await client.CallToolAsync(TicketTools.CreateTicket, new Dictionary<string, object?> { ["description"] = description }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(created.IsError);
        return Body(created).GetProperty("ticket_number").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var open in _open)
        {
            await open.DisposeAsync();
        }

        await _stop.CancelAsync();
        foreach (var server in _servers)
        {
            try
            {
                await server;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
        Local.Dispose();
    }
}
