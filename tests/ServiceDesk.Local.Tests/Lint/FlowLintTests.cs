using System.Text.Json.Nodes;
using ServiceDesk.Local.Flows;
using ServiceDesk.Local.Lint;
using ServiceDesk.Testing;

namespace ServiceDesk.Local.Tests.Lint;

public sealed class FlowLintTests : IDisposable
{
    private static readonly string[] Handled = ["ReportIssue", "CheckTicketStatus", "AddTicketComment", "ListRecentTickets", "SpeakToAgent", "Goodbye", "FallbackIntent"];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "servicedesk-lint", Guid.NewGuid().ToString("N"));

    public FlowLintTests()
    {
        CopyDirectory(RepoPaths.Of("contact-flows"), Path.Combine(_root, "contact-flows"));
        CopyDirectory(RepoPaths.Of("lex-bots"), Path.Combine(_root, "lex-bots"));
        Directory.CreateDirectory(Path.Combine(_root, "deploy"));
        File.Copy(RepoPaths.Of("template.yaml"), Path.Combine(_root, "template.yaml"));
        File.Copy(RepoPaths.Of("deploy", "deploy.sh"), Path.Combine(_root, "deploy", "deploy.sh"));
    }

    private void EditTemplate(string from, string to)
    {
        var path = Path.Combine(_root, "template.yaml");
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    private IReadOnlyList<LintFinding> Lint(IReadOnlyCollection<string>? handled = null) => RepositoryLint.Run(_root, handled ?? Handled);

    private void EditInbound(Action<JsonObject> edit)
    {
        var path = Path.Combine(_root, "contact-flows", "ServiceDesk-Inbound.json");
        var flow = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(flow);
        File.WriteAllText(path, flow.ToJsonString());
    }

    private static JsonObject Action(JsonObject flow, string id) =>
        flow["Actions"]!.AsArray().Select(a => a!.AsObject()).Single(a => (string?)a["Identifier"] == id);

    [Fact]
    public void Lint_OnOurFlowsBotAndTemplate_FindsNothing() => Assert.Empty(Lint());

    [Fact]
    public void Lint_ReportsABrokenTransition()
    {
        EditInbound(f => Action(f, "greeting")["Transitions"]!["NextAction"] = "nowhere");

        Assert.Contains(Lint(), f => f.Location == "greeting" && f.Message.Contains("'nowhere'", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_ReportsAMissingLambda()
    {
        EditTemplate("  ContactFlowFunction:\n", "  SomethingElse:\n");

        Assert.Contains(Lint(), f => f.Location == "identify-caller" && f.Message.Contains("no function ContactFlow", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsARefToSomethingMissing()
    {
        EditTemplate("CALLERS_TABLE: !Ref CallersTable", "CALLERS_TABLE: !Ref CallerTable");

        Assert.Contains(Lint(), f => f.File == "template.yaml" && f.Message.Contains("'CallerTable'", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsASubNamingSomethingMissing()
    {
        EditTemplate("${LexFulfillmentLogGroup.Arn}", "${LexLogGroup.Arn}");

        Assert.Contains(Lint(), f => f.Message.Contains("!Sub names 'LexLogGroup'", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsAHandlerTheExecutableDoesNotHost()
    {
        EditTemplate("Handler: ContactFlow", "Handler: ContactFlows");

        Assert.Contains(Lint(), f => f.Message.Contains("Handler 'ContactFlows'", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsARequiredVariableNotSet()
    {
        EditTemplate("          SERVICE_DESK_QUEUE_ID: !Ref ServiceDeskQueueId\n", string.Empty);

        Assert.Contains(Lint(), f => f.Message.Contains("SERVICE_DESK_QUEUE_ID", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsAWildcardAction()
    {
        EditTemplate("Action: secretsmanager:GetSecretValue", "Action: secretsmanager:*");

        Assert.Contains(Lint(), f => f.Message.Contains("wildcard action", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsAWildcardResourceWithoutAReason()
    {
        EditTemplate("# Reason: Polly voices", "# Polly voices");

        Assert.Contains(Lint(), f => f.Message.Contains("without a written", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsABotThatIsNotTheOneInLexBots()
    {
        EditTemplate("      Name: ServiceDeskBot\n", "      Name: SomeOtherBot\n");

        Assert.Contains(Lint(), f => f.Message.Contains("'SomeOtherBot'", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsAFlowPlaceholderWithoutAValueInTheDeployScript()
    {
        var script = Path.Combine(_root, "deploy", "deploy.sh");
        File.WriteAllText(script, File.ReadAllText(script).Replace("value[HoursOfOperationId]=", "hours=", StringComparison.Ordinal));

        Assert.Contains(Lint(), f => f.Location == "${HoursOfOperationId}");
    }

    [Fact]
    public void Lint_ReportsADeadEnd()
    {
        EditInbound(f => Action(f, "sorry-goodbye")["Transitions"] = new JsonObject());

        var findings = Lint();

        Assert.Contains(findings, f => f.Location == "sorry-goodbye" && f.Message.StartsWith("dead end", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_ReportsAnActionThatCanFailWithoutAnErrorBranch()
    {
        EditInbound(f => Action(f, "identify-caller")["Transitions"]!.AsObject().Remove("Errors"));

        Assert.Contains(Lint(), f => f.Location == "identify-caller" && f.Message.Contains("no error branch", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_ReportsALoopWithNoWayOut()
    {
        EditInbound(f =>
        {
            Action(f, "queue-full")["Transitions"] = JsonNode.Parse("""{"NextAction":"sorry-transfer","Errors":[{"NextAction":"sorry-transfer","ErrorType":"NoMatchingError"}]}""");
            Action(f, "set-queue")["Transitions"] = JsonNode.Parse("""{"NextAction":"queue-full","Errors":[{"NextAction":"queue-full","ErrorType":"NoMatchingError"}]}""");
        });

        Assert.Contains(Lint(), f => f.Message.Contains("no path from here ends", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_ReportsABotIntentWithoutAHandler() =>
        Assert.Contains(Lint(handled: [.. Handled.Where(i => i != "Goodbye")]), f => f.Location == "Goodbye" && f.Message.Contains("no handler", StringComparison.Ordinal));

    [Fact]
    public void Lint_ReportsAnIntentTheBotLacks()
    {
        EditInbound(f => Action(f, "service-desk-bot")["Transitions"]!["Conditions"]!.AsArray()
            .Add(JsonNode.Parse("""{"NextAction":"goodbye","Condition":{"Operator":"Equals","Operands":["OrderPizza"]}}""")));

        Assert.Contains(Lint(), f => f.Message.Contains("'OrderPizza'", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Category", ExternalCorpus.Trait)]
    public void StructureRules_OnRealExports_FindNothing() =>
        ExternalCorpus.ForEach(ExternalCorpus.Files("connect-flows"), file =>
        {
            var findings = FlowLint.Structure(FlowDocument.Load(file)).ToList();
            Assert.True(findings.Count == 0, string.Join("; ", findings));
        });

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Lint_OnTheRepositoryItself_FindsNothing() =>
        Assert.Empty(RepositoryLint.Run(RepoPaths.Root, Handled));
}
