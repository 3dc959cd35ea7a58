using System.Text.Json;
using System.Text.RegularExpressions;
using ServiceDesk.Emulation.Flows;
using ServiceDesk.Emulation.Lex;
using ServiceDesk.Lint;
using ServiceDesk.Testing;

namespace ServiceDesk.Lint.Tests;

/// <summary>
/// Each flow as deploy/deploy.sh publishes it: every <c>${Name}</c> replaced by its <c>flow_value</c> (here a made-up
/// value of the same shape), the way the script does it. What comes out must import into Connect as it is.
/// </summary>
public sealed partial class DeploySubstitutionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "servicedesk-deploy", Guid.NewGuid().ToString("N"));

    public DeploySubstitutionTests() => Directory.CreateDirectory(_folder);

    public static TheoryData<string> Flows() =>
        [.. Directory.GetFiles(RepoPaths.Of("contact-flows"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Flows))]
    public void Flow_AfterTheDeploySubstitution_IsValidJsonWithNoPlaceholderLeftAndLintsClean(string file)
    {
        var names = TemplateLint.DeployFlowValues(RepoPaths.Root);
        Assert.NotEmpty(names);

        var content = File.ReadAllText(RepoPaths.Of("contact-flows", file));
        foreach (var name in names)
        {
            content = content.Replace("${" + name + "}", SampleValue(name), StringComparison.Ordinal);
        }

        // deploy.sh refuses to publish a flow with a placeholder left.
        Assert.DoesNotMatch(LeftOver(), content);
        using (JsonDocument.Parse(content))
        {
        }

        var path = Path.Combine(_folder, file);
        File.WriteAllText(path, content);
        var flow = FlowDocument.Load(path);
        var bot = BotDefinition.Load(RepoPaths.Of("lex-bots", "ServiceDeskBot"));
        var findings = FlowLint.Structure(flow).Concat(FlowLint.Repository(flow, bot, RepositoryLint.ReadTemplateResources(RepoPaths.Of("template.yaml")))).ToList();
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    /// <summary>A value shaped like what the stack outputs and deploy settings give for that name.</summary>
    private static string SampleValue(string name) => name switch
    {
        _ when name.EndsWith("FunctionArn", StringComparison.Ordinal) => $"arn:aws:lambda:eu-west-2:123456789012:function:servicedesk-{name[..^3]}",
        _ when name.EndsWith("BotAliasArn", StringComparison.Ordinal) => "arn:aws:lex:eu-west-2:123456789012:bot-alias/ABCDEFGHIJ/TSTALIASID",
        _ when name.EndsWith("Arn", StringComparison.Ordinal) => $"arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555/{name[..^3].ToLowerInvariant()}/66666666-7777-8888-9999-000000000000",
        _ => "66666666-7777-8888-9999-000000000000",
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [GeneratedRegex(@"\$\{[A-Za-z]*\}")]
    private static partial Regex LeftOver();
}
