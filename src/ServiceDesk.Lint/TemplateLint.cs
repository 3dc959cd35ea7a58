using System.Text.RegularExpressions;
using ServiceDesk.Emulation.Lex;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ServiceDesk.Lint;

/// <summary>
/// Checks template.yaml and the deploy scripts as a reviewer would, since nothing here can deploy them: every reference
/// (short or <c>Fn::</c> form, loop-made logical ids included) names something that exists; every function's Handler is
/// one the executable hosts and its environment has what the code requires; no policy grants a wildcard action, and every
/// wildcard resource has a written reason; optional parameters are used only under a condition that tests them; the bot
/// matches lex-bots/, is named per stack and gets a new version when it changes; alarm topics can receive alarms; access
/// logs have their account role; every flow placeholder has a value in deploy/deploy.sh; the scripts run on bash 3.2.
/// </summary>
public static partial class TemplateLint
{
    private const string File = "template.yaml";
    private const string ForEach = "Fn::ForEach::";

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
        var loops = Entries(resources).Where(r => r.Key.ToString().StartsWith(ForEach, StringComparison.Ordinal)).Select(r => Loop(r.Value)).OfType<ForEachLoop>().ToList();
        var names = Keys(resources).Concat(Keys(Map(template, "Parameters"))).Concat(loops.SelectMany(l => l.Expanded)).ToHashSet(StringComparer.Ordinal);
        var conditions = Keys(Map(template, "Conditions")).ToHashSet(StringComparer.Ordinal);
        var scope = new Scope(names, conditions, new HashSet<string>(StringComparer.Ordinal), findings);
        foreach (var (id, resource) in Entries(resources).Where(r => !r.Key.ToString().StartsWith(ForEach, StringComparison.Ordinal)))
        {
            CheckReferences(resource, $"Resources.{id}", scope);
        }

        foreach (var loop in loops)
        {
            foreach (var (key, resource) in loop.Body)
            {
                CheckReferences(resource, $"Resources.{key}", scope with { Locals = new HashSet<string>([loop.Identifier], StringComparer.Ordinal) });
            }
        }

        foreach (var (id, output) in Entries(Map(template, "Outputs")))
        {
            CheckReferences(output, $"Outputs.{id}", scope);
        }

        CheckFunctions(template, resources, handlers, requiredEnvironment, findings);
        CheckPolicies(text, findings);
        CheckBot(resources, bot, findings);
        CheckAlarmTopics(resources, findings);
        CheckApiAccessLogs(resources, findings);
        CheckOptionalParameters(template, findings);
        CheckPlaceholders(root, findings);
        CheckDeployScripts(root, findings);
        return findings;
    }

    /// <summary>What a reference may name: parameters, resources (loop outputs included), conditions, and a loop's identifier inside it.</summary>
    private sealed record Scope(HashSet<string> Names, HashSet<string> Conditions, HashSet<string> Locals, List<LintFinding> Findings);

    /// <summary>
    /// An <c>Fn::ForEach</c> of AWS::LanguageExtensions: its identifier, and the logical ids it makes. A collection of
    /// <c>!Ref Param</c> items is kept symbolic (<c>Name${Param}</c>), which is how a <c>!GetAtt [!Sub "Name${Param}", ...]</c> names it.
    /// </summary>
    private sealed record ForEachLoop(string Identifier, IReadOnlyList<string> Expanded, IReadOnlyList<KeyValuePair<string, YamlNode>> Body);

    private static ForEachLoop? Loop(YamlNode node)
    {
        if (node is not YamlSequenceNode { Children.Count: 3 } loop || loop.Children[2] is not YamlMappingNode body)
        {
            return null;
        }

        var identifier = loop.Children[0].ToString();
        var values = loop.Children[1] is YamlSequenceNode items
            ? items.Children.Select(i => TagOf(i) == "!Ref" ? $"${{{i}}}" : i.ToString()).ToList()
            : [];
        var outputs = body.Children.Select(b => new KeyValuePair<string, YamlNode>(b.Key.ToString(), b.Value)).ToList();
        return new ForEachLoop(identifier, [.. outputs.SelectMany(o => values.Select(v => o.Key.Replace($"${{{identifier}}}", v, StringComparison.Ordinal)))], outputs);
    }

    private static void CheckReferences(YamlNode node, string where, Scope scope)
    {
        if (Intrinsic(node) is var (function, argument))
        {
            CheckIntrinsic(function, argument, where, scope);
            return;
        }

        switch (node)
        {
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                {
                    CheckReferences(child, where, scope);
                }

                break;
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var k = key.ToString();
                    if (k == "Condition" && value is YamlScalarNode c && TagOf(c).Length == 0)
                    {
                        RequireCondition(c.Value ?? string.Empty, where, scope);
                    }
                    else
                    {
                        CheckReferences(value, k is "Properties" or "Metadata" ? where : $"{where}.{k}", scope);
                    }
                }

                break;
        }
    }

    /// <summary>An intrinsic function in either spelling: a short tag (<c>!GetAtt</c>) or a one-key mapping (<c>Fn::GetAtt</c>, <c>Ref</c>).</summary>
    private static (string Function, YamlNode Argument)? Intrinsic(YamlNode node)
    {
        var tag = TagOf(node);
        if (tag.Length > 0)
        {
            return (tag is "!Ref" or "!Condition" ? tag[1..] : "Fn::" + tag[1..], node);
        }

        return node is YamlMappingNode { Children.Count: 1 } mapping && mapping.Children.First() is var (key, value) && key.ToString() is var k && (k == "Ref" || k.StartsWith("Fn::", StringComparison.Ordinal))
            ? (k, value)
            : null;
    }

    /// <summary>Checks one call; <paramref name="argument"/> may still carry the call's own tag, so only its children are recursed into.</summary>
    private static void CheckIntrinsic(string function, YamlNode argument, string where, Scope scope)
    {
        var children = argument switch
        {
            YamlSequenceNode sequence => sequence.Children.ToList(),
            YamlMappingNode mapping => mapping.Children.Values.ToList(),
            _ => [],
        };
        var checkedChildren = 0;
        switch (function, argument)
        {
            case ("Ref", YamlScalarNode name):
                // SAM generates <Api>.Stage and <Api>.Deployment for each API it declares.
                Require(SamGenerated().Replace(name.Value ?? string.Empty, string.Empty), "!Ref", where, scope);
                break;
            case ("Condition", YamlScalarNode name):
                RequireCondition(name.Value ?? string.Empty, where, scope);
                break;
            case ("Fn::GetAtt", YamlScalarNode attribute):
                Require((attribute.Value ?? string.Empty).Split('.')[0], "!GetAtt", where, scope);
                break;
            case ("Fn::GetAtt", YamlSequenceNode { Children.Count: > 0 } attribute):
                if (Intrinsic(attribute.Children[0]) is ("Fn::Sub", YamlScalarNode logicalId))
                {
                    // AWS::LanguageExtensions: the logical id is computed; it must be one a loop makes.
                    CheckSub(logicalId.Value ?? string.Empty, scope.Locals, where, scope);
                    Require(logicalId.Value ?? string.Empty, "!GetAtt", where, scope);
                }
                else if (attribute.Children[0] is YamlScalarNode plain)
                {
                    Require(plain.Value ?? string.Empty, "!GetAtt", where, scope);
                }

                checkedChildren = 1;
                break;
            case ("Fn::Sub", YamlScalarNode template):
                CheckSub(template.Value ?? string.Empty, scope.Locals, where, scope);
                break;
            case ("Fn::Sub", YamlSequenceNode { Children.Count: > 0 } template):
                var variables = template.Children.Count > 1 && template.Children[1] is YamlMappingNode vars ? Keys(vars) : [];
                CheckSub(template.Children[0].ToString(), variables.Concat(scope.Locals).ToHashSet(StringComparer.Ordinal), where, scope);
                checkedChildren = 1;
                break;
            case ("Fn::If", YamlSequenceNode { Children.Count: > 0 } choice):
                RequireCondition(choice.Children[0].ToString(), where, scope);
                checkedChildren = 1;
                break;
        }

        foreach (var child in children.Skip(checkedChildren))
        {
            CheckReferences(child, where, scope);
        }
    }

    private static void Require(string name, string kind, string where, Scope scope)
    {
        if (!name.StartsWith("AWS::", StringComparison.Ordinal) && !scope.Names.Contains(name) && !scope.Locals.Contains(name))
        {
            scope.Findings.Add(new LintFinding(File, where, $"{kind} names '{name}', which is not a parameter or resource"));
        }
    }

    private static void RequireCondition(string name, string where, Scope scope)
    {
        if (!scope.Conditions.Contains(name))
        {
            scope.Findings.Add(new LintFinding(File, where, $"condition '{name}' is not defined"));
        }
    }

    private static void CheckSub(string template, IReadOnlySet<string> variables, string where, Scope scope)
    {
        foreach (Match match in SubVariable().Matches(template))
        {
            var name = match.Groups[1].Value.Split('.')[0];
            if (!variables.Contains(name))
            {
                Require(name, "!Sub", where, scope);
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

    /// <summary>
    /// Text-based on purpose: the written reason is a YAML comment, which a YAML parser throws away. An <c>Action</c> or
    /// <c>Resource</c> value counts whether it is inline or a block list below the key; a wildcard resource (<c>"*"</c> or
    /// a suffix such as <c>.../*</c>) needs a <c># Reason:</c> between the three lines above its key and itself.
    /// </summary>
    private static void CheckPolicies(string text, List<LintFinding> findings)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var (key, keyLine, value) = PolicyValue(lines, i);
            if (key is null || !Uncommented(value).Contains('*', StringComparison.Ordinal))
            {
                continue;
            }

            if (key is "Action" or "NotAction")
            {
                findings.Add(new LintFinding(File, $"line {i + 1}", "a policy grants a wildcard action"));
            }
            else if (!lines.Skip(Math.Max(0, keyLine - 3)).Take(i - Math.Max(0, keyLine - 3) + 1).Any(l => l.Contains("reason:", StringComparison.OrdinalIgnoreCase)))
            {
                findings.Add(new LintFinding(File, $"line {i + 1}", "a wildcard resource without a written '# Reason:' beside it"));
            }
        }
    }

    /// <summary>The policy key (Action, NotAction, Resource, NotResource) whose value is on line <paramref name="i"/>, the line of that key, and the value's text.</summary>
    private static (string? Key, int KeyLine, string Value) PolicyValue(string[] lines, int i)
    {
        if (PolicyKey().Match(lines[i]) is { Success: true } inline)
        {
            return (inline.Groups[1].Value, i, inline.Groups[2].Value);
        }

        if (ListItem().Match(lines[i]) is not { Success: true } item)
        {
            return (null, i, string.Empty);
        }

        var indent = item.Groups[1].Length;
        for (var j = i - 1; j >= 0; j--)
        {
            var line = lines[j];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#') || (ListItem().Match(line) is { Success: true } sibling && sibling.Groups[1].Length == indent))
            {
                continue;
            }

            var parent = PolicyKey().Match(line);
            return parent.Success && parent.Groups[2].Value.Trim().Length == 0 && line.Length - line.TrimStart().Length <= indent
                ? (parent.Groups[1].Value, j, item.Groups[2].Value)
                : (null, i, string.Empty);
        }

        return (null, i, string.Empty);
    }

    private static string Uncommented(string value) => value.Split(" #")[0];

    private static void CheckBot(YamlMappingNode? resources, BotDefinition? bot, List<LintFinding> findings)
    {
        foreach (var (id, _) in Entries(resources).Where(r => r.Value is YamlMappingNode m && Scalar(m, "Type") == "AWS::Lex::BotVersion"))
        {
            findings.Add(new LintFinding(File, $"Resources.{id}", "a BotVersion with a fixed logical id is created once: a changed bot never gets a new version (give it one logical id per bot revision, Fn::ForEach)"));
        }

        var bots = Entries(resources).Where(r => r.Value is YamlMappingNode m && Scalar(m, "Type") == "AWS::Lex::Bot").ToList();
        if (bot is null || bots.Count == 0)
        {
            findings.Add(new LintFinding(File, "Resources", bots.Count == 0 ? "no AWS::Lex::Bot" : "lex-bots/ServiceDeskBot could not be read"));
            return;
        }

        foreach (var (id, node) in bots)
        {
            var properties = Map((YamlMappingNode)node, "Properties");
            var name = properties?.Children.TryGetValue("Name", out var n) == true && (Intrinsic(n) is ("Fn::Sub", YamlScalarNode sub) ? sub : n) is YamlScalarNode s ? s.Value : null;
            if (name is not null && !name.EndsWith(bot.Name, StringComparison.Ordinal))
            {
                findings.Add(new LintFinding(File, $"Resources.{id}", $"the bot is named '{name}', lex-bots/ has '{bot.Name}'"));
            }

            if (name is not null && !name.Contains("${AWS::StackName}", StringComparison.Ordinal))
            {
                findings.Add(new LintFinding(File, $"Resources.{id}", $"the bot's name '{name}' lacks ${{AWS::StackName}}: two stacks in one account and region would fight over it"));
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

    /// <summary>CloudWatch cannot use the AWS-managed SNS key, so an alarm sending to a topic under it notifies nobody, silently.</summary>
    private static void CheckAlarmTopics(YamlMappingNode? resources, List<LintFinding> findings)
    {
        var notified = Entries(resources)
            .Where(r => r.Value is YamlMappingNode m && Scalar(m, "Type") == "AWS::CloudWatch::Alarm")
            .SelectMany(r => r.Value.AllNodes.OfType<YamlScalarNode>().Where(s => TagOf(s) == "!Ref").Select(s => s.Value))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (id, node) in Entries(resources))
        {
            if (node is YamlMappingNode topic && Scalar(topic, "Type") == "AWS::SNS::Topic" && notified.Contains(id.ToString())
                && Scalar(Map(topic, "Properties"), "KmsMasterKeyId") is "alias/aws/sns")
            {
                findings.Add(new LintFinding(File, $"Resources.{id}", "alarms notify this topic, but CloudWatch cannot publish to a topic encrypted with alias/aws/sns (use a customer-managed key whose policy allows cloudwatch.amazonaws.com, or no key)"));
            }
        }
    }

    /// <summary>API Gateway refuses a stage with access logs while the account has no CloudWatch role (AWS::ApiGateway::Account).</summary>
    private static void CheckApiAccessLogs(YamlMappingNode? resources, List<LintFinding> findings)
    {
        var types = Entries(resources).Select(r => r.Value is YamlMappingNode m ? Scalar(m, "Type") : null).ToList();
        if (types.Contains("AWS::ApiGateway::Account"))
        {
            return;
        }

        foreach (var (id, node) in Entries(resources))
        {
            if (node is YamlMappingNode api && Scalar(api, "Type") is "AWS::Serverless::Api" or "AWS::ApiGateway::Stage" && Map(api, "Properties")?.Children.ContainsKey("AccessLogSetting") == true)
            {
                findings.Add(new LintFinding(File, $"Resources.{id}", "access logs need the account's API Gateway CloudWatch role: declare an AWS::ApiGateway::Account (it may be conditional)"));
            }
        }
    }

    /// <summary>
    /// A parameter that defaults to "" is optional: every use must sit under a condition that tests it (the resource's
    /// or output's Condition, or the true branch of an <c>!If</c>), else an empty value reaches a property or a policy.
    /// </summary>
    private static void CheckOptionalParameters(YamlMappingNode template, List<LintFinding> findings)
    {
        var optional = Entries(Map(template, "Parameters"))
            .Where(p => p.Value is YamlMappingNode m && m.Children.TryGetValue("Default", out var d) && d is YamlScalarNode { Value: "" })
            .Select(p => p.Key.ToString()).ToHashSet(StringComparer.Ordinal);
        var conditions = Map(template, "Conditions");
        HashSet<string> Tested(string condition, HashSet<string> seen)
        {
            var tested = new HashSet<string>(StringComparer.Ordinal);
            if (!seen.Add(condition) || conditions is null || !conditions.Children.TryGetValue(condition, out var definition))
            {
                return tested;
            }

            foreach (var node in definition.AllNodes)
            {
                switch (Intrinsic(node))
                {
                    case ("Ref", YamlScalarNode r):
                        tested.Add(r.Value ?? string.Empty);
                        break;
                    case ("Condition", YamlScalarNode c):
                        tested.UnionWith(Tested(c.Value ?? string.Empty, seen));
                        break;
                }
            }

            return tested;
        }

        void Walk(YamlNode node, string where, IReadOnlySet<string> guards)
        {
            var used = Intrinsic(node) switch
            {
                ("Ref", YamlScalarNode r) => [r.Value ?? string.Empty],
                ("Fn::Sub", YamlScalarNode t) => SubVariable().Matches(t.Value ?? string.Empty).Select(m => m.Groups[1].Value).ToList(),
                ("Fn::Sub", YamlSequenceNode { Children.Count: > 0 } t) => SubVariable().Matches(t.Children[0].ToString()).Select(m => m.Groups[1].Value).ToList(),
                _ => new List<string>(),
            };
            foreach (var parameter in used.Where(optional.Contains).Where(p => !guards.Any(g => Tested(g, []).Contains(p))))
            {
                findings.Add(new LintFinding(File, where, $"uses {parameter}, which defaults to empty, outside a condition that tests it"));
            }

            if (Intrinsic(node) is ("Fn::If", YamlSequenceNode { Children.Count: 3 } choice))
            {
                Walk(choice.Children[1], where, new HashSet<string>(guards) { choice.Children[0].ToString() });
                Walk(choice.Children[2], where, guards);
                return;
            }

            foreach (var child in node switch { YamlSequenceNode q => q.Children, YamlMappingNode m => m.Children.Values, _ => [] })
            {
                Walk(child, where, guards);
            }
        }

        foreach (var section in new[] { "Resources", "Outputs" })
        {
            foreach (var (id, node) in Entries(Map(template, section)))
            {
                var condition = node is YamlMappingNode m ? Scalar(m, "Condition") : null;
                Walk(node, $"{section}.{id}", condition is null ? new HashSet<string>() : new HashSet<string> { condition });
            }
        }
    }

    /// <summary>The flow placeholders deploy.sh gives a value, with <c>flow_value Name ...</c> or <c>flow_output Name</c>.</summary>
    public static IReadOnlySet<string> DeployFlowValues(string root)
    {
        var script = Path.Combine(root, "deploy", "deploy.sh");
        return System.IO.File.Exists(script)
            ? DeployValue().Matches(System.IO.File.ReadAllText(script)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();
    }

    private static void CheckPlaceholders(string root, List<LintFinding> findings)
    {
        var defined = DeployFlowValues(root);
        var flows = Path.Combine(root, "contact-flows");
        foreach (var flow in Directory.Exists(flows) ? Directory.GetFiles(flows, "*.json").Order(StringComparer.Ordinal).ToList() : [])
        {
            foreach (var name in Placeholder().Matches(System.IO.File.ReadAllText(flow)).Select(m => m.Groups[1].Value).Distinct().Where(n => !defined.Contains(n)))
            {
                findings.Add(new LintFinding(Path.GetRelativePath(root, flow), $"${{{name}}}", "has no value in deploy/deploy.sh"));
            }
        }
    }

    /// <summary>
    /// The deploy scripts run on a deployer's machine, often a Mac: bash 3.2 (no associative arrays, mapfile or case
    /// conversion), BSD tools (no sed -i without a suffix, shasum instead of sha256sum).
    /// </summary>
    private static void CheckDeployScripts(string root, List<LintFinding> findings)
    {
        var folder = Path.Combine(root, "deploy");
        foreach (var script in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.sh").Order(StringComparer.Ordinal).ToList() : [])
        {
            var lines = System.IO.File.ReadAllLines(script);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = Uncommented(lines[i]);
                if (line.TrimStart().StartsWith('#'))
                {
                    continue;
                }

                var problem = Bash4Only().Match(line) is { Success: true } bash4 ? $"'{bash4.Value.Trim()}' needs bash 4 (macOS has 3.2)"
                    : line.Contains("sha256sum", StringComparison.Ordinal) && !line.Contains("shasum", StringComparison.Ordinal) ? "sha256sum is not on macOS: fall back to 'shasum -a 256'"
                    : SedInPlace().IsMatch(line) ? "'sed -i' differs between GNU and BSD sed: write to a new file instead"
                    : null;
                if (problem is not null)
                {
                    findings.Add(new LintFinding(Path.GetRelativePath(root, script), $"line {i + 1}", problem));
                }
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

    [GeneratedRegex(@"^\s*(?:-\s+)?((?:Not)?(?:Action|Resource)):(.*)$")]
    private static partial Regex PolicyKey();

    [GeneratedRegex(@"^(\s*)-\s+(.*)$")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"\.(Stage|Deployment)$")]
    private static partial Regex SamGenerated();

    [GeneratedRegex(@"^\s*flow_(?:value|output) ([A-Za-z0-9]+)\b", RegexOptions.Multiline)]
    private static partial Regex DeployValue();

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\b(?:declare|local|typeset)\s+-[a-zA-Z]*A\b|\b(?:mapfile|readarray|coproc)\b|\$\{[A-Za-z_][A-Za-z0-9_]*(?:,,?|\^\^?)\}|&>>|\|&")]
    private static partial Regex Bash4Only();

    [GeneratedRegex(@"\bsed\s+(?:-[a-zA-Z]*\s+)*-i\b")]
    private static partial Regex SedInPlace();
}
