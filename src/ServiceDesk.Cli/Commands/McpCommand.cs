using System.CommandLine;
using System.Security.Cryptography;
using ModelContextProtocol.Server;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Local;
using ServiceDesk.Mcp;

namespace ServiceDesk.Cli.Commands;

/// <summary>
/// <c>servicedesk mcp</c>: the ticket tools as an MCP server on the embedded store, over stdio (one caller, fixed by
/// <c>--caller</c>) or streamable HTTP on loopback (an API key, and the caller fixed or named by a trusted gateway's header).
/// </summary>
internal static class McpCommand
{
    public const string ApiKeyVariable = "SERVICEDESK_MCP_API_KEY";

    public static Command Create(CliIo io)
    {
        var caller = new Option<string?>("--caller") { Description = "Employee id the tools act for (E1001); required on stdio." };
        var callerHeader = new Option<string?>("--caller-header")
        {
            Description = "With --http, instead of --caller: the request header naming each request's employee id, set by the gateway in front (trusted only behind it).",
        };
        var http = new Option<int?>("--http") { Description = "Serve streamable HTTP on 127.0.0.1:PORT at /mcp (0 picks a free port) instead of stdio." };
        var data = CommonOptions.Data();
        var command = new Command("mcp", "Serve the ticket tools as an MCP server (stdio, or streamable HTTP with --http).") { caller, callerHeader, http, data };
        command.SetAction(async (parse, ct) =>
        {
            var employeeId = parse.GetValue(caller);
            var header = parse.GetValue(callerHeader);
            var port = parse.GetValue(http);
            if (Usage(employeeId, header, port) is { } problem)
            {
                await io.Error.WriteLineAsync($"servicedesk mcp: {problem}");
                return 2;
            }

            var folder = CommonOptions.DataFolder(parse.GetValue(data));
            using var local = CommonOptions.OpenLocal("mcp", folder, new LocalOptions(), io.Error);
            if (local is null)
            {
                return 1;
            }

            var fixedCaller = employeeId is null ? null : await McpCaller.FindAsync(local.Services.Callers, employeeId, ct);
            if (employeeId is not null && fixedCaller is null)
            {
                await io.Error.WriteLineAsync($"servicedesk mcp: no employee {employeeId} in the caller directory (the demo ids are E1001..E1006)");
                return 2;
            }

            var tools = new TicketTools(new CallerTickets(local.Tickets), local.Services.Time);
            var catalog = TicketToolCatalog.Load();
            try
            {
                if (port is null)
                {
                    // stdout is the protocol's: everything for a person goes to stderr.
                    await io.Error.WriteLineAsync($"servicedesk mcp: ticket tools for {fixedCaller!.Name} ({employeeId}) on stdio; data: {folder}");
                    await new McpTicketServer(tools, catalog, _ => fixedCaller).RunAsync(new StdioServerTransport(McpTicketServer.ServerName), null, ct);
                    return 0;
                }

                return await ServeHttpAsync(io, new McpTicketServer(tools, catalog, McpCallerClaims.Read), local, employeeId, header, port.Value, folder, ct);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        });
        return command;
    }

    private static string? Usage(string? employeeId, string? header, int? port) => (employeeId, header, port) switch
    {
        (null, null, null) => "--caller EMPLOYEE_ID is required on stdio: the tools act for that one employee",
        (_, not null, null) => "--caller-header needs --http (on stdio the caller is fixed with --caller)",
        (not null, not null, _) => "choose --caller (one employee) or --caller-header (named by the gateway), not both",
        (null, null, not null) => "--http needs --caller EMPLOYEE_ID, or --caller-header NAME behind a gateway that sets it",
        (_, _, < 0 or > 65535) => "--http must be a port from 0 to 65535",
        _ => null,
    };

    private static async Task<int> ServeHttpAsync(CliIo io, McpTicketServer server, LocalComposition local, string? employeeId, string? header, int port, string folder, CancellationToken ct)
    {
        var key = Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } fromEnv
            ? fromEnv
            : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        McpHttpHost host;
        try
        {
            host = await McpHttpHost.StartAsync(server, new McpHttpAccess { ApiKey = key, FixedEmployeeId = employeeId, CallerHeader = header }, local.Services.Callers, port, ct);
        }
        catch (IOException)
        {
            await io.Error.WriteLineAsync($"servicedesk mcp: cannot listen on 127.0.0.1:{port} (in use? choose another with --http)");
            return 1;
        }

        await using var _ = host;
        await io.Out.WriteLineAsync($"MCP server (streamable HTTP) at {host.Endpoint} (data: {folder})");
        await io.Out.WriteLineAsync(employeeId is not null
            ? $"Every request acts for {employeeId}."
            : $"Each request acts for the employee id in its {header} header: serve this only behind the gateway that sets it.");
        await io.Out.WriteLineAsync($"API key ({McpHttpAccess.ApiKeyHeader} header): {key}   (set {ApiKeyVariable} to choose it)");
        return await CommonOptions.ServeUntilStoppedAsync(io, ct);
    }
}
