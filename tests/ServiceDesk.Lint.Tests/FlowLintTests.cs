using System.Text.Json.Nodes;
using ServiceDesk.Functions.Lex;
using ServiceDesk.Emulation.Flows;
using ServiceDesk.Lint;
using ServiceDesk.Testing;

namespace ServiceDesk.Lint.Tests;

public sealed class FlowLintTests : IDisposable
{
    private readonly LintSandbox _sandbox = new();

    private IReadOnlyList<LintFinding> Lint(IReadOnlyCollection<string>? handled = null) => _sandbox.Lint(handled);

    private void EditInbound(Action<JsonObject> edit)
    {
        var path = Path.Combine(_sandbox.Root, "contact-flows", "ServiceDesk-Inbound.json");
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
        _sandbox.EditTemplate("  ContactFlowFunction:\n", "  SomethingElse:\n");

        Assert.Contains(Lint(), f => f.Location == "identify-caller" && f.Message.Contains("no function ContactFlow", StringComparison.Ordinal));
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
        Assert.Contains(Lint(handled: [.. LintSandbox.Handled.Where(i => i != "Goodbye")]), f => f.Location == "Goodbye" && f.Message.Contains("no handler", StringComparison.Ordinal));

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
        var path = Path.Combine(_sandbox.Root, "contact-flows", "ServiceDesk-CustomerQueue.json");
        var flow = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Action(flow, "queue-hold-loop")["Transitions"] = JsonNode.Parse("""{"Errors":[{"NextAction":"end-queue-flow","ErrorType":"NoMatchingError"}],"Conditions":[]}""");
        File.WriteAllText(path, flow.ToJsonString());

        Assert.Contains(Lint(), f => f.Location == "queue-hold-loop" && f.Message.Contains("silence", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_ReportsALoopOfPromptsWithADefaultNextAction()
    {
        var path = Path.Combine(_sandbox.Root, "contact-flows", "ServiceDesk-CustomerQueue.json");
        var flow = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Action(flow, "queue-hold-loop")["Transitions"]!["NextAction"] = "queue-still-waiting";
        File.WriteAllText(path, flow.ToJsonString());

        Assert.Contains(Lint(), f => f.Location == "queue-hold-loop" && f.Message.Contains("no default NextAction", StringComparison.Ordinal));
    }

    [Fact]
    public void CustomerQueue_HoldLoop_HasOnlyTheExportsTransitions()
    {
        // The console exports a loop-prompts block with the MessagesInterrupted condition and no default NextAction.
        var flow = JsonNode.Parse(File.ReadAllText(RepoPaths.Of("contact-flows", "ServiceDesk-CustomerQueue.json")))!.AsObject();
        var transitions = Action(flow, "queue-hold-loop")["Transitions"]!.AsObject();

        Assert.Null(transitions["NextAction"]);
        var condition = Assert.Single(transitions["Conditions"]!.AsArray())!;
        Assert.Equal("MessagesInterrupted", (string?)condition["Condition"]!["Operands"]![0]);
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
        var file = Path.Combine(_sandbox.Root, "other.json");
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

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Lint_OnTheRepositoryItself_FindsNothing() =>
        Assert.Empty(RepositoryLint.Run(RepoPaths.Root, LintSandbox.Handled));
}
