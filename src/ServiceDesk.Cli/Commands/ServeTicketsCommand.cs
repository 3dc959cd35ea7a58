using System.CommandLine;
using System.Net.Sockets;
using System.Security.Cryptography;
using ServiceDesk.Functions;
using ServiceDesk.Functions.TicketsApi;
using ServiceDesk.Local;
using ServiceDesk.Emulation.Http;

namespace ServiceDesk.Cli.Commands;

/// <summary><c>servicedesk serve-tickets</c>: the TicketsApi function over HTTP on loopback, on the embedded store.</summary>
internal static class ServeTicketsCommand
{
    public const string ApiKeyVariable = "SERVICEDESK_API_KEY";

    public static Command Create(CliIo io)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 8080 };
        var data = CommonOptions.Data();
        var command = new Command("serve-tickets", "Serve the ticket API on 127.0.0.1 with the embedded SQLite store.") { port, data };
        command.SetAction(async (parse, ct) =>
        {
            var key = Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } fromEnv
                ? fromEnv
                : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var folder = CommonOptions.DataFolder(parse.GetValue(data));
            using var local = CommonOptions.OpenLocal("serve-tickets", folder, new LocalOptions { ApiKey = key }, io.Error);
            if (local is null)
            {
                return 1;
            }

            ApiGatewayHttpServer server;
            FunctionCatalog.TryCreate(FunctionCatalog.TicketsApi, local.Services, out var function);
            try
            {
                server = ApiGatewayHttpServer.Start(function!, parse.GetValue(port), maxBodyBytes: TicketsApiFunction.MaxBodyBytes);
            }
            catch (SocketException)
            {
                await io.Error.WriteLineAsync($"servicedesk serve-tickets: cannot listen on 127.0.0.1:{parse.GetValue(port)} (in use? choose another with --port)");
                return 1;
            }

            await using var _ = server;
            await io.Out.WriteLineAsync($"Ticket API listening on {server.BaseAddress} (data: {folder})");
            await io.Out.WriteLineAsync($"API key: {key}   (set {ApiKeyVariable} to choose it)");
            await io.Out.WriteLineAsync($"Try: curl -s -H 'x-api-key: {key}' '{server.BaseAddress}tickets?caller=emp-1001'");
            return await CommonOptions.ServeUntilStoppedAsync(io, ct);
        });
        return command;
    }
}
