using System.CommandLine;
using System.Net.Sockets;
using System.Security.Cryptography;
using ServiceDesk.Emulation.Http;
using ServiceDesk.Emulation.Scheduling;
using ServiceDesk.Local;

namespace ServiceDesk.Cli.Commands;

/// <summary>
/// <c>servicedesk serve-scheduler</c>: the external visit scheduler's API over HTTP on loopback, over the in-process
/// scheduler and the embedded store (projects are the callers' open tickets in the same data folder).
/// </summary>
internal static class ServeSchedulerCommand
{
    public const string TokenVariable = "SCHEDULER_TOKEN";

    public static Command Create(CliIo io)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 8090 };
        var data = CommonOptions.Data();
        var token = new Option<string?>("--token") { Description = $"The bearer token callers must send (default: ${TokenVariable}, else a random one, printed once)." };
        var clientId = new Option<string>("--client-id") { Description = "The tenant's client_id callers must send.", DefaultValueFactory = _ => "local" };
        var command = new Command("serve-scheduler", "Serve the visit scheduler's API on 127.0.0.1 over the embedded SQLite store.") { port, data, token, clientId };
        command.SetAction(async (parse, ct) =>
        {
            var (secret, origin) = parse.GetValue(token) is { Length: > 0 } given ? (given, "from --token")
                : Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } fromEnv ? (fromEnv, $"from {TokenVariable}")
                : (Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), null);
            var client = parse.GetValue(clientId) is { Length: > 0 } c ? c : "local";
            var folder = CommonOptions.DataFolder(parse.GetValue(data));
            using var local = CommonOptions.OpenLocal("serve-scheduler", folder, new LocalOptions(), io.Error);
            if (local is null)
            {
                return 1;
            }

            ApiGatewayHttpServer server;
            try
            {
                server = SchedulerApiServer.Start(local.Scheduler!, client, secret, parse.GetValue(port));
            }
            catch (SocketException)
            {
                await io.Error.WriteLineAsync($"servicedesk serve-scheduler: cannot listen on 127.0.0.1:{parse.GetValue(port)} (in use? choose another with --port)");
                return 1;
            }

            await using var _ = server;
            await io.Out.WriteLineAsync($"Scheduler API listening on {server.BaseAddress} (client_id: {client}, data: {folder})");
            // A token someone chose is theirs to know; only one made up here is shown, once, so a person can use it.
            await io.Out.WriteLineAsync(origin is null ? $"Bearer token: {secret}   (set {TokenVariable} or --token to choose it)" : $"Bearer token: {origin}");
            var shown = origin is null ? secret : $"${TokenVariable}";
            await io.Out.WriteLineAsync($"Try: curl -s -H \"authorization: Bearer {shown}\" -H 'client_id: {client}' '{server.BaseAddress}dashboard/get/{client}/emp-1001'");
            return await CommonOptions.ServeUntilStoppedAsync(io, ct);
        });
        return command;
    }
}
