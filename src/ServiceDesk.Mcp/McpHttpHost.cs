using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Mcp;

/// <summary>
/// Who may call the HTTP endpoint, and as whom. Every request needs the API key (<c>x-api-key</c>); the caller is then
/// either fixed for the key (<see cref="FixedEmployeeId"/>), or read from <see cref="CallerHeader"/>, which a gateway in
/// front sets after authenticating its user. That header is trusted only because the key proves the request came
/// through the gateway: never expose this port without it.
/// </summary>
public sealed record McpHttpAccess
{
    public const string ApiKeyHeader = "x-api-key";

    public required string ApiKey { get; init; }

    public string? FixedEmployeeId { get; init; }

    public string? CallerHeader { get; init; }
}

/// <summary>The MCP server over streamable HTTP on loopback, at <c>/mcp</c>.</summary>
public sealed class McpHttpHost : IAsyncDisposable
{
    public const string Path = "/mcp";

    private readonly WebApplication _app;

    private McpHttpHost(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The MCP endpoint, e.g. <c>http://127.0.0.1:8090/mcp</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0 picks a free port).</summary>
    /// <exception cref="IOException">The port cannot be listened on (in use, or not allowed).</exception>
    public static async Task<McpHttpHost> StartAsync(McpTicketServer server, McpHttpAccess access, ICallerDirectory callers, int port, CancellationToken cancellationToken)
    {
        if ((access.FixedEmployeeId is null) == (access.CallerHeader is null))
        {
            throw new ArgumentException("exactly one of a fixed caller and a caller header is needed", nameof(access));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "servicedesk-mcp" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        // Stateless: each POST stands alone, so the caller is checked on every request and any replica behind a gateway
        // can answer it; the tools need no session (server-to-client requests are not used).
        builder.Services.AddMcpServer(server.Configure).WithHttpTransport(http => http.Stateless = true);
        var app = builder.Build();
        var expectedKey = SHA256.HashData(Encoding.UTF8.GetBytes(access.ApiKey));
        app.Use(async (context, next) =>
        {
            var key = context.Request.Headers[McpHttpAccess.ApiKeyHeader].ToString();
            if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), expectedKey))
            {
                await RefuseAsync(context, StatusCodes.Status401Unauthorized, $"a valid {McpHttpAccess.ApiKeyHeader} header is required");
                return;
            }

            var employeeId = access.FixedEmployeeId ?? context.Request.Headers[access.CallerHeader!].ToString().Trim();
            if (employeeId.Length == 0)
            {
                await RefuseAsync(context, StatusCodes.Status401Unauthorized, $"the {access.CallerHeader} header naming the caller is required");
                return;
            }

            var caller = await McpCaller.FindAsync(callers, employeeId, context.RequestAborted);
            if (caller is null)
            {
                await RefuseAsync(context, StatusCodes.Status403Forbidden, "no employee has this id");
                return;
            }

            context.User = McpCallerClaims.Principal(caller);
            await next(context);
        });
        app.MapMcp(Path);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException)
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new McpHttpHost(app, new Uri(new Uri(address), Path));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Task RefuseAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("error", reason);
            writer.WriteEndObject();
        }

        return context.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
    }
}
