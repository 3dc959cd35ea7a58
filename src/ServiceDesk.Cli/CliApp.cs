using System.CommandLine;

namespace ServiceDesk.Cli;

public static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("ServiceDesk: the voice-first IT service desk, on your machine.");
        return await root.Parse(args).InvokeAsync();
    }
}
