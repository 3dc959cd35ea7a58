using ServiceDesk.Functions.Lex;
using ServiceDesk.Lint;
using ServiceDesk.Testing;
using ServiceDesk.Local;

namespace ServiceDesk.Lint.Tests;

/// <summary>A throwaway copy of what <c>servicedesk lint</c> reads (flows, bot, template, deploy scripts), to break on purpose.</summary>
internal sealed class LintSandbox : IDisposable
{
    /// <summary>The intents the real fulfilment function routes, as <c>servicedesk lint</c> reads them.</summary>
    public static readonly string[] Handled = HandledByTheRealFunction();

    public LintSandbox()
    {
        CopyDirectory(RepoPaths.Of("contact-flows"), Path.Combine(Root, "contact-flows"));
        CopyDirectory(RepoPaths.Of("lex-bots"), Path.Combine(Root, "lex-bots"));
        Directory.CreateDirectory(Path.Combine(Root, "deploy"));
        File.Copy(RepoPaths.Of("template.yaml"), Path.Combine(Root, "template.yaml"));
        foreach (var script in Directory.GetFiles(RepoPaths.Of("deploy"), "*.sh"))
        {
            File.Copy(script, Path.Combine(Root, "deploy", Path.GetFileName(script)));
        }
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "servicedesk-lint", Guid.NewGuid().ToString("N"));

    public IReadOnlyList<LintFinding> Lint(IReadOnlyCollection<string>? handled = null) => RepositoryLint.Run(Root, handled ?? Handled);

    public void EditTemplate(string from, string to) => Edit("template.yaml", from, to);

    /// <summary>Replaces text that must be there, so a test cannot pass because the repo changed under it.</summary>
    public void Edit(string file, string from, string to)
    {
        var path = Path.Combine(Root, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string[] HandledByTheRealFunction()
    {
        using var local = LocalComposition.InMemory();
        return [.. new LexFulfillmentFunction(local.Services).HandledIntents];
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
