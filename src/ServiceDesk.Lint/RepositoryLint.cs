using ServiceDesk.Functions;
using ServiceDesk.Emulation.Flows;
using ServiceDesk.Emulation.Lex;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ServiceDesk.Lint;

/// <summary>Lints the repository's flows, bot and template together, as <c>servicedesk lint</c> does.</summary>
public static class RepositoryLint
{
    public static IReadOnlyList<LintFinding> Run(string root, IReadOnlyCollection<string> handledIntents)
    {
        var findings = new List<LintFinding>();
        var templatePath = Path.Combine(root, "template.yaml");
        var resources = ReadTemplateResources(templatePath);

        var botFolder = Path.Combine(root, "lex-bots", "ServiceDeskBot");
        BotDefinition? bot = null;
        try
        {
            bot = BotDefinition.Load(botFolder);
            findings.AddRange(FlowLint.Bot(bot, Relative(root, botFolder), handledIntents));
        }
        catch (Exception ex) when (ex is BotDefinitionException or IOException)
        {
            findings.Add(new LintFinding(Relative(root, botFolder), "-", ex.Message));
        }

        findings.AddRange(TemplateLint.Run(root, FunctionCatalog.Names, EnvironmentContract.Required, bot));

        var flows = Path.Combine(root, "contact-flows");
        foreach (var file in Directory.Exists(flows) ? Directory.EnumerateFiles(flows, "*.json").Order(StringComparer.Ordinal).ToList() : [])
        {
            try
            {
                var flow = FlowDocument.Load(file);
                findings.AddRange(FlowLint.Structure(flow).Concat(FlowLint.Repository(flow, bot, resources)).Select(f => f with { File = Relative(root, f.File) }));
            }
            catch (FlowException ex)
            {
                findings.Add(new LintFinding(Relative(root, ex.File), ex.Location, ex.Message[(ex.File.Length + ex.Location.Length + 4)..]));
            }
        }

        return findings;
    }

    /// <summary>The template's resources by logical id, with their Type; CloudFormation's short tags (!Ref, !Sub…) are kept as tags.</summary>
    public static IReadOnlyDictionary<string, string> ReadTemplateResources(string templatePath)
    {
        if (!File.Exists(templatePath))
        {
            return new Dictionary<string, string>();
        }

        try
        {
            var yaml = new YamlStream();
            using var reader = new StreamReader(templatePath);
            yaml.Load(reader);
            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            return root.Children.TryGetValue("Resources", out var r) && r is YamlMappingNode map
                ? map.Children.ToDictionary(
                    p => p.Key.ToString(),
                    p => p.Value is YamlMappingNode resource && resource.Children.TryGetValue("Type", out var type) ? type.ToString() : string.Empty,
                    StringComparer.Ordinal)
                : new Dictionary<string, string>();
        }
        catch (YamlException)
        {
            // TemplateLint reports the broken file once.
            return new Dictionary<string, string>();
        }
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path);
}
