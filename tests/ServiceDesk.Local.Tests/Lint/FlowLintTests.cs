using System.Text.Json.Nodes;
using ServiceDesk.Functions.Lex;
using ServiceDesk.Local.Flows;
using ServiceDesk.Local.Lint;
using ServiceDesk.Testing;

namespace ServiceDesk.Local.Tests.Lint;

public sealed class FlowLintTests : IDisposable
{
    /// <summary>The intents the real fulfilment function routes, as <c>servicedesk lint</c> reads them.</summary>
    private static readonly string[] Handled = HandledByTheRealFunction();

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
    public void Lint_ReportsAnErrorTypeTheBlockDoesNotDocument()
    {
        EditInbound(f => Action(f, "check-hours")["Transitions"]!["Errors"]!.AsArray()
            .Add(JsonNode.Parse("""{"NextAction":"greeting","ErrorType":"NoMatchingCondition"}""")));

        Assert.Contains(Lint(), f => f.Location == "check-hours" && f.Message.Contains("'NoMatchingCondition'", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_ReportsACallbackNumberBlockWithAnUndocumentedError()
    {
        EditInbound(f => Action(f, "set-callback-number")["Transitions"]!["Errors"]!.AsArray()
            .Add(JsonNode.Parse("""{"NextAction":"callback-not-possible","ErrorType":"NoMatchingError"}""")));

        Assert.Contains(Lint(), f => f.Location == "set-callback-number" && f.Message.Contains("'NoMatchingError'", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_ReportsAnHoursCheckWithoutItsFalseBranch()
    {
        EditInbound(f => Action(f, "check-hours")["Transitions"]!["Conditions"]!.AsArray().RemoveAt(1));

        Assert.Contains(Lint(), f => f.Location == "check-hours" && f.Message.Contains("condition for 'False'", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_ReportsConditionsOnABlockThatSupportsNone()
    {
        EditInbound(f => Action(f, "greeting")["Transitions"]!.AsObject()
            .Add("Conditions", JsonNode.Parse("""[{"NextAction":"goodbye","Condition":{"Operator":"Equals","Operands":["x"]}}]""")));

        Assert.Contains(Lint(), f => f.Location == "greeting" && f.Message.Contains("supports no conditions", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("check-handoff")]
    [InlineData("transfer-to-queue")]
    public void Lint_ReportsABlockWithoutADefaultNextAction(string id)
    {
        EditInbound(f => Action(f, id)["Transitions"]!.AsObject().Remove("NextAction"));

        Assert.Contains(Lint(), f => f.Location == id && f.Message.Contains("no default NextAction", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_ReportsAnEmptyAttributeValue()
    {
        EditInbound(f => Action(f, "save-unidentified")["Parameters"]!["Attributes"]!["callerId"] = string.Empty);

        Assert.Contains(Lint(), f => f.Location == "save-unidentified" && f.Message.Contains("'callerId' to an empty value", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_ReportsAKeypadConditionThatIsNotOneKey()
    {
        EditInbound(f => Action(f, "after-hours")["Transitions"]!["Conditions"]![0]!["Condition"]!["Operands"]![0] = "yes");

        Assert.Contains(Lint(), f => f.Location == "after-hours" && f.Message.Contains("one key", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_ReportsQueueMessagesThatEndInSilence()
    {
        var path = Path.Combine(_root, "contact-flows", "ServiceDesk-CustomerQueue.json");
        var flow = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Action(flow, "queue-hold-loop")["Transitions"] = JsonNode.Parse("""{"NextAction":"end-queue-flow","Errors":[{"NextAction":"end-queue-flow","ErrorType":"NoMatchingError"}]}""");
        File.WriteAllText(path, flow.ToJsonString());

        Assert.Contains(Lint(), f => f.Location == "queue-hold-loop" && f.Message.Contains("silence", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_ReportsAnotherFlowLanguageVersion()
    {
        EditInbound(f => f["Version"] = "2020-01-01");

        Assert.Contains(Lint(), f => f.Location == "Version" && f.File.EndsWith("ServiceDesk-Inbound.json", StringComparison.Ordinal));
    }

    [Fact]
    public void BlockRules_IgnoreBlockTypesWeDoNotUse()
    {
        var file = Path.Combine(_root, "other.json");
        File.WriteAllText(file, """
            {"Version":"2019-10-30","StartAction":"a","Actions":[
              {"Identifier":"a","Type":"ShowView","Parameters":{},"Transitions":{"NextAction":"b","Errors":[{"NextAction":"b","ErrorType":"TimeLimitExceeded"}],"Conditions":[{"NextAction":"b","Condition":{"Operator":"Equals","Operands":["Back"]}}]}},
              {"Identifier":"b","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}
            """);

        Assert.Empty(FlowLint.Structure(FlowDocument.Load(file)));
    }

    [Fact]
    [Trait("Category", ExternalCorpus.Trait)]
    public void StructureRules_OnRealExports_FindNothing() =>
        ExternalCorpus.ForEach(ExternalCorpus.Files("connect-flows"), file =>
        {
            var findings = FlowLint.Structure(FlowDocument.Load(file)).ToList();
            Assert.True(findings.Count == 0, string.Join("; ", findings));
        });

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

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Lint_OnTheRepositoryItself_FindsNothing() =>
        Assert.Empty(RepositoryLint.Run(RepoPaths.Root, Handled));
}
