using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Mcp;

/// <summary>
/// The ticket tools as an MCP server, over any transport. Every call runs <see cref="TicketTools"/> (the same code the
/// Bedrock agent's tools run) for the caller the transport vouches for: fixed for the process on stdio, the
/// authenticated request's on HTTP. A caller, employee or phone argument is never read: the tools ignore it.
/// </summary>
public sealed class McpTicketServer(TicketTools tools, TicketToolCatalog catalog, CallerOfRequest callerOf)
{
    public const string ServerName = "servicedesk";

    /// <summary>Sets the handlers, the tool list and the instructions on the SDK's options.</summary>
    public void Configure(McpServerOptions options)
    {
        options.ServerInfo = new Implementation { Name = ServerName, Title = "ServiceDesk ticket tools", Version = typeof(McpTicketServer).Assembly.GetName().Version?.ToString(3) ?? "1.0.0" };
        options.ServerInstructions = catalog.Instructions + " Over MCP the caller is the employee this server was started for, or the one its gateway authenticated.";
        options.Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = false } };
        options.Handlers.ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult { Tools = [.. catalog.Tools] });
        options.Handlers.CallToolHandler = CallAsync;
    }

    /// <summary>Serves one connection (stdio, or a pair of streams) until it closes or <paramref name="cancellationToken"/> ends it.</summary>
    public async Task RunAsync(ITransport transport, ILoggerFactory? logging, CancellationToken cancellationToken)
    {
        var options = new McpServerOptions();
        Configure(options);
        await using var server = McpServer.Create(transport, options, logging);
        await server.RunAsync(cancellationToken);
    }

    private async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var name = request.Params?.Name ?? string.Empty;
        if (!TicketTools.Names.Contains(name))
        {
            throw new McpProtocolException($"Unknown tool: '{name}'", McpErrorCode.InvalidParams);
        }

        // The transport authenticated the request; without a caller it would not have reached here, but say so plainly.
        var caller = callerOf(request.User) ?? throw new McpProtocolException("the request carries no caller", McpErrorCode.InvalidRequest);
        var result = await tools.RunAsync(name, Parameters(request.Params?.Arguments), caller, cancellationToken);
        using var body = JsonDocument.Parse(result.Body);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = result.Body }],
            StructuredContent = body.RootElement.Clone(),
            // Reprompt (bad input, to ask again) and an unavailable store are errors the model should see and act on;
            // a ticket that is not found is an answer (found: false), as it is for the Bedrock agent.
            IsError = result.Status == ToolStatus.Reprompt || result.HttpStatus >= 500,
        };
    }

    /// <summary>The arguments as the string map the tools take (Bedrock sends strings): numbers and booleans as written.</summary>
    private static Dictionary<string, string> Parameters(IDictionary<string, JsonElement>? arguments)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in arguments ?? new Dictionary<string, JsonElement>())
        {
            parameters[key] = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() ?? string.Empty,
                JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
                _ => value.GetRawText(),
            };
        }

        return parameters;
    }
}

/// <summary>Who the tools act for, from the transport's authenticated user (null on stdio, where the caller is fixed).</summary>
public delegate CallerIdentity? CallerOfRequest(ClaimsPrincipal? user);
