using System.Xml.Linq;
using ServiceDesk.Testing;

namespace ServiceDesk.Lint.Tests;

/// <summary>
/// The project lines are drawn by dependency (README, Layout): a reference that points the wrong way (the functions
/// reaching an adapter, the wire or the emulator linking an AWS SDK, the Lambda host pulling in local tools) fails here,
/// not in a review months later.
/// </summary>
public class ProjectLinesTests
{
    /// <summary>Each src project and the only src projects it may reference directly.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["ServiceDesk.Core"] = [],
        ["ServiceDesk.Wire"] = ["ServiceDesk.Core"],
        ["ServiceDesk.Aws"] = ["ServiceDesk.Core", "ServiceDesk.Wire"],
        ["ServiceDesk.Functions"] = ["ServiceDesk.Core", "ServiceDesk.Wire"],
        ["ServiceDesk.Lambda"] = ["ServiceDesk.Functions", "ServiceDesk.Aws"],
        ["ServiceDesk.Local"] = ["ServiceDesk.Core", "ServiceDesk.Functions"],
        ["ServiceDesk.Emulation"] = ["ServiceDesk.Local"],
        ["ServiceDesk.Lint"] = ["ServiceDesk.Emulation"],
        ["ServiceDesk.Mcp"] = ["ServiceDesk.Core"],
        ["ServiceDesk.Cli"] = ["ServiceDesk.Lint", "ServiceDesk.Mcp"],
    };

    /// <summary>Projects that must never link an AWS SDK package (everything AWS they need is the wire).</summary>
    private static readonly string[] NoSdk = ["ServiceDesk.Core", "ServiceDesk.Wire", "ServiceDesk.Functions", "ServiceDesk.Local", "ServiceDesk.Emulation"];

    public static TheoryData<string> Projects() => [.. Directory.GetDirectories(RepoPaths.Of("src")).Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_ReferencesOnlyTheProjectsBelowIt(string project)
    {
        Assert.True(Allowed.TryGetValue(project, out var allowed), $"{project} is not in the layout: add it to the README and to this test");
        var references = Items(project, "ProjectReference").Select(p => Path.GetFileNameWithoutExtension(p)).ToArray();
        Assert.All(references, r => Assert.Contains(r, allowed));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_LinksAnAwsSdkOnlyWhereItIsAnAdapter(string project)
    {
        var sdk = Items(project, "PackageReference").Where(p => p.StartsWith("AWSSDK.", StringComparison.Ordinal)).ToArray();
        Assert.True(!NoSdk.Contains(project) || sdk.Length == 0, $"{project} links {string.Join(", ", sdk)}");
    }

    [Fact]
    public void LambdaHost_DoesNotReachTheLocalTools()
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(["ServiceDesk.Lambda"]);
        while (pending.TryPop(out var project))
        {
            foreach (var reference in Items(project, "ProjectReference").Select(p => Path.GetFileNameWithoutExtension(p)))
            {
                if (reached.Add(reference))
                {
                    pending.Push(reference);
                }
            }
        }

        Assert.Equal(["ServiceDesk.Aws", "ServiceDesk.Core", "ServiceDesk.Functions", "ServiceDesk.Wire"], reached.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> Items(string project, string item) =>
        XDocument.Load(RepoPaths.Of("src", project, project + ".csproj")).Descendants(item)
            .Select(e => (string?)e.Attribute("Include")).OfType<string>();
}
