using System.Text.Json.Nodes;
using ServiceDesk.Local.Flows;
using ServiceDesk.Local.Lint;
using ServiceDesk.Testing;

namespace ServiceDesk.Local.Tests.Lint;

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
