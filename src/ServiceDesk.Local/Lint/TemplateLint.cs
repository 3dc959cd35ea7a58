using System.Text.RegularExpressions;
using ServiceDesk.Functions;
using YamlDotNet.RepresentationModel;

namespace ServiceDesk.Local.Lint;

/// <summary>
/// Checks <c>template.yaml</c> against the code and the repo: references resolve, handlers are hosted, required
/// environment variables are set, no <c>*</c> action, wildcard resources carry a <c># Reason:</c> comment, and every
/// flow placeholder has a value in the deploy script.
/// </summary>
public sealed partial class TemplateLint(string templatePath, string flowsFolder, string deployScriptPath)
{
    private static readonly string[] Pseudo = ["AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix"];

    public static TemplateLint ForRepo(string root) =>
        new(Path.Combine(root, "template.yaml"), Path.Combine(root, "contact-flows"), Path.Combine(root, "deploy", "deploy.sh"));

    public IEnumerable<LintFinding> Check()
    {
        var file = Path.GetFileName(templatePath);
        var text = File.ReadAllText(templatePath);
        var lines = text.Split('\n');
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var resources = Keys(root, "Resources");
        var names = new HashSet<string>(resources.Concat(Keys(root, "Parameters")).Concat(Pseudo), StringComparer.Ordinal);
        var conditions = new HashSet<string>(Keys(root, "Conditions"), StringComparer.Ordinal);
        var resourceMap = (YamlMappingNode)root.Children[new YamlScalarNode("Resources")];
        foreach (var (key, value) in resourceMap.Children)
        {
            var type = (value as YamlMappingNode)?.Children.TryGetValue(new YamlScalarNode("Type"), out var t) == true ? t.ToString() : string.Empty;
            if (type == "AWS::Serverless::Function") { names.Add(key + "Role"); names.Add(key + ".Alias"); names.Add(key + ".Version"); }
            if (type == "AWS::Serverless::Api") { names.Add(key + ".Stage"); names.Add(key + ".Deployment"); }
        }

        var findings = new List<LintFinding>();
        foreach (var node in root.AllNodes)
        {
            var where = $"line {node.Start.Line}";
            var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
            if (tag == "!Ref" && node is YamlScalarNode r && !names.Contains(r.Value!))
            {
                findings.Add(new(file, where, $"!Ref {r.Value} names no resource or parameter"));
            }
            else if (tag == "!GetAtt" && node is YamlScalarNode g && !resources.Contains(g.Value!.Split('.')[0]))
            {
                findings.Add(new(file, where, $"!GetAtt {g.Value} names no resource"));
            }
            else if (tag == "!Sub" && (node as YamlScalarNode ?? (node as YamlSequenceNode)?.Children[0] as YamlScalarNode) is { } s)
            {
                foreach (Match m in SubVariable().Matches(s.Value!))
                {
                    var name = m.Groups[1].Value;
                    if (!names.Contains(name) && !resources.Contains(name.Split('.')[0]) && node is not YamlSequenceNode)
                    {
                        findings.Add(new(file, where, $"!Sub ${{{name}}} names no resource or parameter"));
                    }
                }
            }
            else if (tag == "!If" && node is YamlSequenceNode i && i.Children[0] is YamlScalarNode c && !conditions.Contains(c.Value!))
            {
                findings.Add(new(file, where, $"!If names no condition {c.Value}"));
            }
            else if (node is YamlMappingNode statement && statement.Children.ContainsKey(new YamlScalarNode("Effect")))
            {
                if (statement.Children.TryGetValue(new YamlScalarNode("Action"), out var action) && Scalars(action).Any(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal)))
                {
                    findings.Add(new(file, where, "a policy grants a * action"));
                }

                if (statement.Children.TryGetValue(new YamlScalarNode("Resource"), out var resource) && Scalars(resource).Any(v => v.Contains('*', StringComparison.Ordinal))
                    && !lines[(int)(statement.Start.Line - 1)..(int)Math.Min(lines.Length, resource.End.Line)].Any(l => l.TrimStart().StartsWith('#') && l.Contains("Reason:", StringComparison.Ordinal)))
                {
                    findings.Add(new(file, where, "a wildcard resource without a written # Reason: comment"));
                }
            }
        }

        var hosted = new HashSet<string>(FunctionCatalog.Names.Concat(EnvironmentContract.Required.Keys), StringComparer.Ordinal);
        var globals = EnvKeys(root, "Globals", "Function");
        foreach (var (key, value) in resourceMap.Children)
        {
            if (value is not YamlMappingNode res || res.Children.TryGetValue(new YamlScalarNode("Type"), out var t) != true || t.ToString() != "AWS::Serverless::Function")
            {
                continue;
            }

            var props = (YamlMappingNode)res.Children[new YamlScalarNode("Properties")];
            var handler = props.Children.TryGetValue(new YamlScalarNode("Handler"), out var h) ? h.ToString() : string.Empty;
            if (!hosted.Contains(handler))
            {
                findings.Add(new(file, key.ToString(), $"Handler '{handler}' is not a function the executable hosts"));
                continue;
            }

            var set = new HashSet<string>(globals.Concat(EnvKeys(props)), StringComparer.Ordinal);
            findings.AddRange(EnvironmentContract.Required[handler].Where(v => !set.Contains(v)).Select(v => new LintFinding(file, key.ToString(), $"{handler} requires {v}, which is not set")));
        }

        var script = File.Exists(deployScriptPath) ? File.ReadAllText(deployScriptPath) : string.Empty;
        var given = new HashSet<string>(FlowValue().Matches(script).Select(m => m.Groups[1].Value), StringComparer.Ordinal);
        foreach (var flow in Directory.Exists(flowsFolder) ? Directory.GetFiles(flowsFolder, "*.json") : [])
        {
            foreach (var name in SubVariable().Matches(File.ReadAllText(flow)).Select(m => m.Groups[1].Value).Distinct().Where(n => !given.Contains(n)))
            {
                findings.Add(new(Path.GetFileName(flow), "${" + name + "}", "placeholder has no value in deploy/deploy.sh"));
            }
        }

        return findings;
    }

    private static HashSet<string> Keys(YamlMappingNode root, string section) =>
        root.Children.TryGetValue(new YamlScalarNode(section), out var n) && n is YamlMappingNode m ? [.. m.Children.Keys.Select(k => k.ToString())] : [];

    private static IEnumerable<string> EnvKeys(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var step in path.Concat(["Environment", "Variables"]))
        {
            if (current is not YamlMappingNode m || !m.Children.TryGetValue(new YamlScalarNode(step), out var next))
            {
                return [];
            }

            current = next;
        }

        return current is YamlMappingNode vars ? vars.Children.Keys.Select(k => k.ToString()) : [];
    }

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode s => [s.Value ?? string.Empty],
        YamlSequenceNode q => q.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty),
        _ => [],
    };

    [GeneratedRegex(@"\$\{(?!!)([A-Za-z0-9:.]+)\}")]
    private static partial Regex SubVariable();

    [GeneratedRegex(@"FLOW_VALUES\[(\w+)\]=")]
    private static partial Regex FlowValue();
}
