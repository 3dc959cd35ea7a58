using System.Text.RegularExpressions;
using ServiceDesk.Local.Lex;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ServiceDesk.Local.Lint;

/// <summary>
/// Checks template.yaml as a reviewer would, since nothing here can deploy it: every <c>!Ref</c>, <c>!GetAtt</c> and
/// <c>!Sub</c> names something that exists; every function's Handler is one the executable hosts and its environment
/// has what the code requires; no policy grants a wildcard action, and every wildcard resource has a written reason;
/// the bot matches lex-bots/; every flow placeholder has a value in deploy/deploy.sh.
/// </summary>
public static partial class TemplateLint
{
    private const string File = "template.yaml";

    public static IReadOnlyList<LintFinding> Run(string root, IReadOnlyCollection<string> handlers, IReadOnlyDictionary<string, string[]> requiredEnvironment, BotDefinition? bot)
    {
        var path = Path.Combine(root, File);
        if (!System.IO.File.Exists(path))
        {
            return [new LintFinding(File, "-", "missing")];
        }

        var text = System.IO.File.ReadAllText(path);
        YamlMappingNode template;
        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(text));
            template = (YamlMappingNode)yaml.Documents[0].RootNode;
        }
        catch (YamlException ex)
        {
            return [new LintFinding(File, $"line {ex.Start.Line}", "not valid YAML")];
        }

        var findings = new List<LintFinding>();
        var resources = Map(template, "Resources");
        var names = Keys(resources).Concat(Keys(Map(template, "Parameters"))).ToHashSet(StringComparer.Ordinal);
        var conditions = Keys(Map(template, "Conditions")).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, resource) in Entries(resources))
        {
            CheckReferences(resource, $"Resources.{id}", names, conditions, findings);
        }

        foreach (var (id, output) in Entries(Map(template, "Outputs")))
        {
            CheckReferences(output, $"Outputs.{id}", names, conditions, findings);
        }

        CheckFunctions(template, resources, handlers, requiredEnvironment, findings);
        CheckPolicies(text, findings);
        CheckBot(resources, bot, findings);
        CheckPlaceholders(root, findings);
        return findings;
    }

    private static void CheckReferences(YamlNode node, string where, HashSet<string> names, HashSet<string> conditions, List<LintFinding> findings)
    {
        void Require(string name, string kind)
        {
            if (!name.StartsWith("AWS::", StringComparison.Ordinal) && !names.Contains(name))
            {
                findings.Add(new LintFinding(File, where, $"{kind} names '{name}', which is not a parameter or resource"));
            }
        }

        switch (node)
        {
            case YamlScalarNode scalar when TagOf(scalar) == "!Ref":
                // SAM generates <Api>.Stage and <Api>.Deployment for each API it declares.
                Require(SamGenerated().Replace(scalar.Value ?? string.Empty, string.Empty), "!Ref");
                break;
            case YamlScalarNode scalar when TagOf(scalar) == "!GetAtt":
                Require((scalar.Value ?? string.Empty).Split('.')[0], "!GetAtt");
                break;
            case YamlScalarNode scalar when TagOf(scalar) == "!Sub":
                CheckSub(scalar.Value ?? string.Empty, new HashSet<string>(), Require);
                break;
            case YamlScalarNode scalar when TagOf(scalar) == "!Condition":
                RequireCondition(scalar.Value ?? string.Empty);
                break;
            case YamlSequenceNode sequence when TagOf(sequence) == "!GetAtt" && sequence.Children.Count > 0:
                Require(sequence.Children[0].ToString(), "!GetAtt");
                break;
            case YamlSequenceNode sequence when TagOf(sequence) == "!Sub" && sequence.Children.Count > 0:
                var variables = sequence.Children.Count > 1 && sequence.Children[1] is YamlMappingNode vars ? Keys(vars).ToHashSet(StringComparer.Ordinal) : new HashSet<string>();
                CheckSub(sequence.Children[0].ToString(), variables, Require);
                foreach (var child in sequence.Children.Skip(1))
                {
                    CheckReferences(child, where, names, conditions, findings);
                }

                break;
            case YamlSequenceNode sequence:
                if (TagOf(sequence) == "!If" && sequence.Children.Count > 0)
                {
                    RequireCondition(sequence.Children[0].ToString());
                }

                foreach (var child in sequence.Children.Skip(TagOf(sequence) == "!If" ? 1 : 0))
                {
                    CheckReferences(child, where, names, conditions, findings);
                }

                break;
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var k = key.ToString();
                    if (k == "Ref" && value is YamlScalarNode r)
                    {
                        Require(r.Value ?? string.Empty, "Ref");
                    }
                    else if (k == "Condition" && value is YamlScalarNode c && TagOf(c).Length == 0)
                    {
                        RequireCondition(c.Value ?? string.Empty);
                    }
                    else
                    {
                        CheckReferences(value, k is "Properties" or "Metadata" ? where : $"{where}.{k}", names, conditions, findings);
                    }
                }

                break;
        }

        void RequireCondition(string name)
        {
            if (!conditions.Contains(name))
            {
                findings.Add(new LintFinding(File, where, $"condition '{name}' is not defined"));
            }
        }
    }

    private static void CheckSub(string template, IReadOnlySet<string> variables, Action<string, string> require)
    {
        foreach (Match match in SubVariable().Matches(template))
        {
            var name = match.Groups[1].Value.Split('.')[0];
            if (!variables.Contains(name))
            {
                require(name, "!Sub");
            }
        }
    }

    private static void CheckFunctions(YamlMappingNode template, YamlMappingNode? resources, IReadOnlyCollection<string> handlers, IReadOnlyDictionary<string, string[]> required, List<LintFinding> findings)
    {
        var globals = Keys(Map(Map(Map(Map(template, "Globals"), "Function"), "Environment"), "Variables"));
        foreach (var (id, node) in Entries(resources))
        {
            if (node is not YamlMappingNode resource || Scalar(resource, "Type") is not ("AWS::Serverless::Function" or "AWS::Lambda::Function"))
            {
                continue;
            }

            var properties = Map(resource, "Properties");
            var handler = Scalar(properties, "Handler") ?? string.Empty;
            if (!handlers.Contains(handler))
            {
                findings.Add(new LintFinding(File, $"Resources.{id}", $"Handler '{handler}' is not a function the executable hosts ({string.Join(", ", handlers)})"));
                continue;
            }

            var set = Keys(Map(Map(properties, "Environment"), "Variables")).Concat(globals).ToHashSet(StringComparer.Ordinal);
            foreach (var variable in required.GetValueOrDefault(handler, []).Where(v => !set.Contains(v)))
            {
                findings.Add(new LintFinding(File, $"Resources.{id}", $"{handler} requires the environment variable {variable}, which is not set"));
            }
        }
    }

    /// <summary>Text-based on purpose: the written reason is a YAML comment, which a YAML parser throws away.</summary>
    private static void CheckPolicies(string text, List<LintFinding> findings)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (WildcardAction().IsMatch(line))
            {
                findings.Add(new LintFinding(File, $"line {i + 1}", "a policy grants a wildcard action"));
            }

            if (WildcardResource().IsMatch(line) && !lines.Skip(Math.Max(0, i - 3)).Take(i - Math.Max(0, i - 3) + 1).Any(l => l.Contains("reason:", StringComparison.OrdinalIgnoreCase)))
            {
                findings.Add(new LintFinding(File, $"line {i + 1}", "a wildcard resource without a written '# Reason:' beside it"));
            }
        }
    }

    private static void CheckBot(YamlMappingNode? resources, BotDefinition? bot, List<LintFinding> findings)
    {
        var bots = Entries(resources).Where(r => r.Value is YamlMappingNode m && Scalar(m, "Type") == "AWS::Lex::Bot").ToList();
        if (bot is null || bots.Count == 0)
        {
            findings.Add(new LintFinding(File, "Resources", bots.Count == 0 ? "no AWS::Lex::Bot" : "lex-bots/ServiceDeskBot could not be read"));
            return;
        }

        foreach (var (id, node) in bots)
        {
            var properties = Map((YamlMappingNode)node, "Properties");
            var name = Scalar(properties, "Name");
            if (name is not null && !name.Contains(bot.Name, StringComparison.Ordinal))
            {
                findings.Add(new LintFinding(File, $"Resources.{id}", $"the bot is named '{name}', lex-bots/ has '{bot.Name}'"));
            }

            var locales = properties?.Children.TryGetValue("BotLocales", out var l) == true && l is YamlSequenceNode list
                ? list.Children.OfType<YamlMappingNode>().Select(m => Scalar(m, "LocaleId")).OfType<string>().ToList()
                : [];
            if (locales.Count > 0 && !locales.Contains(bot.LocaleId))
            {
                findings.Add(new LintFinding(File, $"Resources.{id}", $"the bot's locales ({string.Join(", ", locales)}) lack {bot.LocaleId}, the locale in lex-bots/"));
            }
        }
    }

    /// <summary>deploy.sh declares each placeholder's value as <c>value[Name]=...</c>.</summary>
    private static void CheckPlaceholders(string root, List<LintFinding> findings)
    {
        var script = Path.Combine(root, "deploy", "deploy.sh");
        var defined = System.IO.File.Exists(script)
            ? DeployValue().Matches(System.IO.File.ReadAllText(script)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal)
            : [];
        var flows = Path.Combine(root, "contact-flows");
        foreach (var flow in Directory.Exists(flows) ? Directory.GetFiles(flows, "*.json").Order(StringComparer.Ordinal).ToList() : [])
        {
            foreach (var name in Placeholder().Matches(System.IO.File.ReadAllText(flow)).Select(m => m.Groups[1].Value).Distinct().Where(n => !defined.Contains(n)))
            {
                findings.Add(new LintFinding(Path.GetRelativePath(root, flow), $"${{{name}}}", "has no value in deploy/deploy.sh"));
            }
        }
    }

    private static YamlMappingNode? Map(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(key, out var value) ? value as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(key, out var value) && value is YamlScalarNode s && TagOf(s).Length == 0 ? s.Value : null;

    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Entries(YamlMappingNode? node) => node?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>();

    private static string TagOf(YamlNode node) => node.Tag.IsEmpty ? string.Empty : node.Tag.Value;

    private static IEnumerable<string> Keys(YamlMappingNode? node) => node?.Children.Keys.Select(k => k.ToString()) ?? [];

    [GeneratedRegex(@"\$\{(?!!)([A-Za-z0-9:._]+)\}")]
    private static partial Regex SubVariable();

    [GeneratedRegex(@"(Action:\s*\[?.*(['""]\*['""]|\b[a-z0-9-]+:\*)|^\s*-\s*['""]?[a-z0-9-]*:?\*['""]?\s*$)")]
    private static partial Regex WildcardAction();

    [GeneratedRegex(@"Resource:\s*['""]?\*['""]?\s*$")]
    private static partial Regex WildcardResource();

    [GeneratedRegex(@"\.(Stage|Deployment)$")]
    private static partial Regex SamGenerated();

    [GeneratedRegex(@"value\[([A-Za-z0-9]+)\]=")]
    private static partial Regex DeployValue();

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)\}")]
    private static partial Regex Placeholder();
}
