using ServiceDesk.Testing;

namespace ServiceDesk.Cli.Tests.Commands;

public sealed class LintCommandTests : IDisposable
{
    private readonly string _copy = Path.Combine(Path.GetTempPath(), "servicedesk-cli-lint", Guid.NewGuid().ToString("N"));

    private static async Task<(int Exit, string Out)> LintAsync(string root)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(["lint", "--repo", root], output, error);
        return (exit, output.ToString());
    }

    [Fact]
    public async Task Lint_OnTheRepository_ExitsZero()
    {
        var (exit, output) = await LintAsync(RepoPaths.Root);

        Assert.True(exit == 0, output);
        Assert.Contains("agree", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_OnABrokenCopy_ExitsOneAndNamesTheProblem()
    {
        foreach (var file in new[] { "template.yaml", Path.Combine("deploy", "deploy.sh") }
            .Concat(Directory.GetFiles(RepoPaths.Of("contact-flows")).Select(f => Path.GetRelativePath(RepoPaths.Root, f)))
            .Concat(Directory.GetFiles(RepoPaths.Of("lex-bots"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(RepoPaths.Root, f))))
        {
            var target = Path.Combine(_copy, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(RepoPaths.Of(file), target);
        }

        var inbound = Path.Combine(_copy, "contact-flows", "ServiceDesk-Inbound.json");
        File.WriteAllText(inbound, File.ReadAllText(inbound).Replace("\"NextAction\": \"check-queue\"", "\"NextAction\": \"nowhere\"", StringComparison.Ordinal));

        var (exit, output) = await LintAsync(_copy);

        Assert.Equal(1, exit);
        Assert.Contains("'nowhere'", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_copy))
        {
            Directory.Delete(_copy, recursive: true);
        }
    }
}
