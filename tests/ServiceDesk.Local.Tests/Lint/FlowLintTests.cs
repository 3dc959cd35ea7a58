using System.Text.Json.Nodes;
using ServiceDesk.Local.Flows;
using ServiceDesk.Local.Lint;
using ServiceDesk.Testing;

namespace ServiceDesk.Local.Tests.Lint;

public sealed class FlowLintTests : IDisposable
{
    private static readonly string[] Handled = ["ReportIssue", "CheckTicketStatus", "AddTicketComment", "ListRecentTickets", "SpeakToAgent", "Goodbye", "FallbackIntent"];

    private const string StandInTemplate = """
        Resources:
          ContactFlowFunction:
            Type: AWS::Serverless::Function
            Properties:
              Handler: ContactFlow
              Role: !GetAtt ContactFlowRole.Arn
          ServiceDeskBotAlias:
            Type: AWS::Lex::BotAlias
            Properties:
              BotId: !Ref ServiceDeskBot
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "servicedesk-lint", Guid.NewGuid().ToString("N"));

    public FlowLintTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "contact-flows"));
        foreach (var flow in Directory.GetFiles(RepoPaths.Of("contact-flows"), "*.json"))
        {
            File.Copy(flow, Path.Combine(_root, "contact-flows", Path.GetFileName(flow)));
        }

        CopyDirectory(RepoPaths.Of("lex-bots"), Path.Combine(_root, "lex-bots"));
        File.WriteAllText(Path.Combine(_root, "template.yaml"), StandInTemplate);
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
        File.WriteAllText(Path.Combine(_root, "template.yaml"), StandInTemplate.Replace("ContactFlowFunction:", "SomethingElse:", StringComparison.Ordinal));

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
}
