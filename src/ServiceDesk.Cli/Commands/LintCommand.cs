using System.CommandLine;
using ServiceDesk.Functions;
using ServiceDesk.Functions.Lex;
using ServiceDesk.Local;
using ServiceDesk.Lint;

namespace ServiceDesk.Cli.Commands;

/// <summary><c>servicedesk lint</c>: the flows, the bot and the template checked together; exit 1 on any finding.</summary>
internal static class LintCommand
{
    public static Command Create(CliIo io)
    {
        var repo = new Option<DirectoryInfo?>("--repo") { Description = "The repository root (default: found from the current folder)." };
        var command = new Command("lint", "Check contact-flows/, lex-bots/ and template.yaml against each other.") { repo };
        command.SetAction(async (parse, ct) =>
        {
            var root = parse.GetValue(repo)?.FullName ?? Path.GetDirectoryName(LocalFiles.Find("ServiceDesk.sln")) ?? Environment.CurrentDirectory;
            using var local = LocalComposition.InMemory();
            FunctionCatalog.TryCreate(FunctionCatalog.LexFulfillment, local.Services, out var lex);
            var findings = RepositoryLint.Run(root, ((LexFulfillmentFunction)lex!).HandledIntents);
            foreach (var finding in findings)
            {
                await io.Out.WriteLineAsync(finding.ToString());
            }

            await io.Out.WriteLineAsync(findings.Count == 0 ? "lint: flows, bot and template agree." : $"lint: {findings.Count} finding(s).");
            return findings.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
