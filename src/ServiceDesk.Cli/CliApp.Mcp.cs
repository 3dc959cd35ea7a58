using System.CommandLine;
using ServiceDesk.Cli.Commands;

namespace ServiceDesk.Cli;

public static partial class CliApp
{
    static partial void AddLocalToolCommands(RootCommand root, CliIo io) => root.Subcommands.Add(McpCommand.Create(io));
}
