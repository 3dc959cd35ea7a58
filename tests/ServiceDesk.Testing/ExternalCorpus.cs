using Xunit;

namespace ServiceDesk.Testing;

/// <summary>
/// Payloads written by others (AWS libraries, samples), read from the folder named by <see cref="Variable"/>.
/// They are never committed: CI sets the variable to <c>../shared/fixtures</c>; without it the group is skipped.
/// </summary>
public static class ExternalCorpus
{
    public const string Variable = "SERVICEDESK_FIXTURES";
    public const string Trait = "ExternalCorpus";

    /// <summary>Every file of one corpus folder (recursively), or a skip when the corpus is not configured.</summary>
    public static IReadOnlyList<string> Files(string folder, string pattern = "*.json")
    {
        var root = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(root))
        {
            Assert.Skip($"{Variable} is not set: the external fixture corpus was skipped.");
        }

        var path = Path.GetFullPath(Path.Combine(root, folder));
        Assert.True(Directory.Exists(path), $"{Variable} points at {root}, which has no folder '{folder}'.");
        var files = Directory.GetFiles(path, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        return files;
    }

    /// <summary>Runs <paramref name="check"/> on every file and reports all failures together, each with its file name.</summary>
    public static void ForEach(IEnumerable<string> files, Action<string> check)
    {
        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                check(file);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.SkipException)
            {
                failures.Add($"{Path.GetFileName(file)}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
