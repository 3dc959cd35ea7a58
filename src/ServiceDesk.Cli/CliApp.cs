using System.CommandLine;
using ServiceDesk.Cli.Commands;

namespace ServiceDesk.Cli;

public static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, TextReader? input = null)
    {
        var io = new CliIo(output ?? Console.Out, error ?? Console.Error);
        var root = new RootCommand("ServiceDesk: the voice-first IT service desk, on your machine.")
        {
            CallCommand.Create(io, input ?? Console.In),
            ServeTicketsCommand.Create(io),
            ServeSchedulerCommand.Create(io),
            InvokeCommand.Create(io),
            LintCommand.Create(io),
            PinHashCommand.Create(io, input ?? Console.In),
            EscalateCommand.Create(io),
            McpCommand.Create(io),
        };
        return root.Parse(args).InvokeAsync();
    }
}

/// <summary>Where a command writes: the console, or a test's writers.</summary>
public sealed record CliIo(TextWriter Out, TextWriter Error);

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<DirectoryInfo?> Data() => new("--data")
    {
        Description = "Data folder of the embedded SQLite store (default: your local app data, ServiceDesk).",
    };

    public static string DataFolder(DirectoryInfo? data) => data?.FullName ?? Local.Storage.SqliteDatabase.DefaultFolder;

    /// <summary>For the serve commands: waits for Ctrl+C (the command's cancellation), then says it stopped.</summary>
    public static async Task<int> ServeUntilStoppedAsync(CliIo io, CancellationToken cancellationToken)
    {
        await io.Out.WriteLineAsync("Press Ctrl+C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await io.Out.WriteLineAsync("Stopped.");
        }

        return 0;
    }

    /// <summary>The embedded defaults in <paramref name="folder"/>; null, after one line naming the folder, when it is unusable.</summary>
    public static Local.LocalComposition? OpenLocal(string command, string folder, Local.LocalOptions options, TextWriter error)
    {
        try
        {
            return Local.LocalComposition.InFolder(folder, options);
        }
        catch (Local.DataFolderException ex)
        {
            error.WriteLine($"servicedesk {command}: {ex.Message}");
            return null;
        }
    }
}
