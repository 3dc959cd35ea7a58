using System.CommandLine;
using System.Text;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Functions;
using ServiceDesk.Local;

namespace ServiceDesk.Cli.Commands;

/// <summary>
/// <c>servicedesk invoke NAME --event FILE</c>: runs one of our functions on a recorded event, in-process, on the
/// embedded defaults, and prints the response JSON. Usage errors exit 1; whatever the handler answers exits 0.
/// </summary>
internal static class InvokeCommand
{
    public static Command Create(CliIo io)
    {
        var name = new Argument<string>("function") { Description = "LexFulfillment, ContactFlow, TicketsApi, AgentActions or EscalationSweep." };
        var eventFile = new Option<FileInfo>("--event", "-e") { Description = "The event JSON, e.g. tests/events/lex/...json.", Required = true };
        var data = CommonOptions.Data();
        var timeout = new Option<int>("--timeout") { Description = "The function's budget in seconds (its Lambda timeout).", DefaultValueFactory = _ => 30 };
        var command = new Command("invoke", "Run a function on a recorded event and print its response.") { name, eventFile, data, timeout };
        command.SetAction(async (parse, ct) =>
        {
            var functionName = parse.GetValue(name)!;
            var file = parse.GetValue(eventFile)!;
            if (!file.Exists)
            {
                await io.Error.WriteLineAsync($"servicedesk invoke: {file.FullName}: no such event file");
                return 1;
            }

            using var local = CommonOptions.OpenLocal("invoke", CommonOptions.DataFolder(parse.GetValue(data)), new LocalOptions { ApiKey = Environment.GetEnvironmentVariable(ServeTicketsCommand.ApiKeyVariable) }, io.Error);
            if (local is null)
            {
                return 1;
            }
            if (!FunctionCatalog.TryCreate(functionName, local.Services, out var function))
            {
                await io.Error.WriteLineAsync($"servicedesk invoke: unknown function '{functionName}' (known: {string.Join(", ", FunctionCatalog.Names)})");
                return 1;
            }

            var budget = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(timeout), 1, 900));
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(budget);
            var invocation = new LambdaInvocation("local-" + Guid.NewGuid().ToString("N"), local.Services.Time.GetUtcNow() + budget);
            var response = await function!.InvokeAsync(await File.ReadAllBytesAsync(file.FullName, ct), invocation, deadline.Token);
            await io.Out.WriteLineAsync(Encoding.UTF8.GetString(response));
            return 0;
        });
        return command;
    }
}
