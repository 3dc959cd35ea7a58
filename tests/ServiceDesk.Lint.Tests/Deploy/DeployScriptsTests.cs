using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ServiceDesk.Testing;

namespace ServiceDesk.Lint.Tests.Deploy;

/// <summary>
/// Runs deploy/deploy.sh and deploy/cleanup.sh for real, against stand-ins for aws, sam, curl and zip
/// (<see cref="DeployScriptStubs"/>): what they pass to SAM and Connect, and that every failure stops them.
/// </summary>
public sealed partial class DeployScriptsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "servicedesk-deploy", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal)
    {
        ["CONNECT_INSTANCE_ARN"] = "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555",
        ["SERVICE_DESK_QUEUE_ID"] = "66666666-7777-8888-9999-000000000000",
        ["HOURS_OF_OPERATION_ID"] = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    };

    public DeployScriptsTests()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("deploy.sh runs under bash");
            return;
        }

        foreach (var folder in new[] { "deploy", "contact-flows", "lex-bots" })
        {
            CopyDirectory(RepoPaths.Of(folder), Path.Combine(_root, "repo", folder));
        }

        var bin = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;
        foreach (var (name, script) in DeployScriptStubs.Scripts)
        {
            var path = Path.Combine(bin, name);
            File.WriteAllText(path, "#!/usr/bin/env bash\n" + script + "\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Directory.CreateDirectory(Path.Combine(_root, "flows"));
        File.WriteAllText(Path.Combine(_root, "outputs.json"), DeployScriptStubs.Outputs);
    }

    [Fact]
    public void Deploy_WhenEverythingAnswers_RunsToTheEnd()
    {
        var run = Deploy();

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("== deployed servicedesk", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_PassesTheInstructionWholeAndNoEmptyOverride_AsSamReadsThem()
    {
        var overrides = SamOverrides(Deploy().Calls);

        var instruction = File.ReadAllText(RepoPaths.Of("deploy", "agent", "instructions.txt")).Replace('\n', ' ').TrimEnd();
        Assert.Equal(instruction, overrides["AgentInstruction"]);
        Assert.All(overrides, o => Assert.False(string.IsNullOrEmpty(o.Value), $"{o.Key} is empty"));
        Assert.DoesNotContain("AlarmEmail", overrides.Keys);
        Assert.DoesNotContain("VectorCollectionArn", overrides.Keys);
    }

    [Fact]
    public void Deploy_WithAnAlarmEmailAndACollection_PassesBoth()
    {
        _environment["ALARM_EMAIL"] = "ops@example.com";
        _environment["VECTOR_COLLECTION_ARN"] = "arn:aws:aoss:us-east-1:123456789012:collection/abc123";

        var overrides = SamOverrides(Deploy().Calls);

        Assert.Equal("ops@example.com", overrides["AlarmEmail"]);
        Assert.Equal("arn:aws:aoss:us-east-1:123456789012:collection/abc123", overrides["VectorCollectionArn"]);
    }

    [Fact]
    public void Deploy_NamesTheBotRevisionAfterTheBotsFiles()
    {
        var first = Deploy();
        var second = Deploy();

        var revision = SamOverrides(first.Calls)["BotRevision"];
        Assert.Matches("^[0-9a-f]{16}$", revision);
        Assert.Equal(revision, SamOverrides(second.Calls)["BotRevision"]);
        Assert.Contains(first.Calls, c => c.Tool == "aws" && c.Args.Any(a => a.EndsWith($"/bots/ServiceDeskBot-{revision}.zip", StringComparison.Ordinal)));
    }

    [Fact]
    public void Deploy_UsesTheSamConfigInDeploy()
    {
        var calls = Deploy().Calls.Where(c => c.Tool == "sam").ToList();

        Assert.Equal(["build", "deploy"], calls.Select(c => c.Args[0]));
        Assert.All(calls, c => Assert.Contains("deploy/samconfig.toml", c.Args));
    }

    [Theory]
    [InlineData("None", "true")]
    [InlineData("arn:aws:iam::123456789012:role/apigateway-logs", "false")]
    public void Deploy_AsksForTheApiGatewayLoggingRoleOnlyWhenTheAccountHasNone(string accountRole, string expected)
    {
        _environment["STUB_LOGGING_ROLE"] = accountRole;

        Assert.Equal(expected, SamOverrides(Deploy().Calls)["CreateApiGatewayLoggingRole"]);
    }

    [Fact]
    public void Deploy_FillsEveryFlowPlaceholder()
    {
        var run = Deploy();

        var flows = Directory.GetFiles(Path.Combine(_root, "flows"));
        Assert.Equal(4, flows.Length);
        Assert.All(flows, f => Assert.DoesNotContain("${", File.ReadAllText(f), StringComparison.Ordinal));
        var inbound = File.ReadAllText(Path.Combine(_root, "flows", "ServiceDesk-Inbound.json"));
        Assert.Contains("function:servicedesk-ContactFlow", inbound, StringComparison.Ordinal);
        Assert.Contains("contact-flow/ServiceDesk-CustomerQueue", inbound, StringComparison.Ordinal);
        Assert.Contains("contact-flow/ServiceDesk-Disconnect", inbound, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.Output);
    }

    [Fact]
    public void Deploy_WhenAFlowHasAPlaceholderWithoutAValue_StopsBeforePublishingIt()
    {
        var inbound = Path.Combine(_root, "repo", "contact-flows", "ServiceDesk-Inbound.json");
        var flow = JsonNode.Parse(File.ReadAllText(inbound))!;
        flow["Metadata"] = new JsonObject { ["Unfilled"] = "${NoSuchValue}" };
        File.WriteAllText(inbound, flow.ToJsonString());

        var run = Deploy();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("${NoSuchValue}", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, "flows", "ServiceDesk-Inbound.json")));
        Assert.DoesNotContain("== smoke test", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_WhenConnectRefusesAFlow_Stops()
    {
        _environment["STUB_FAIL"] = "create-contact-flow";

        var run = Deploy();

        Assert.NotEqual(0, run.ExitCode);
        Assert.DoesNotContain("== smoke test", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_WhenTheBotRecognisesAnotherIntent_FailsTheSmokeTest()
    {
        _environment["STUB_LEX_INTENT"] = "FallbackIntent";

        var run = Deploy();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("recognised FallbackIntent, expected SpeakToAgent", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_NeverPutsTheApiKeyOnACommandLine()
    {
        var run = Deploy();

        Assert.Equal(0, run.ExitCode);
        var log = File.ReadAllText(Path.Combine(_root, "calls.log"));
        Assert.Contains("--- curl", log, StringComparison.Ordinal);
        Assert.DoesNotContain("stub-api-key", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_WhenTheApiAnswersAnotherShape_FailsTheSmokeTest()
    {
        _environment["STUB_API_BODY"] = """{"ticket":"INC0000001"}""";

        var run = Deploy();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("does not match", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("stub-api-key", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_WithoutAKnowledgeBase_SaysHowToAddOne_AndLoadsNothing()
    {
        var run = Deploy();

        Assert.Contains("role/servicedesk-KnowledgeBaseRole", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Calls, c => c.Tool == "aws" && c.Args[0] == "bedrock-agent");
    }

    [Fact]
    public void Deploy_WithAKnowledgeBase_LoadsTheArticles()
    {
        var outputs = JsonNode.Parse(DeployScriptStubs.Outputs)!.AsArray();
        outputs.Add(new JsonObject { ["OutputKey"] = "KnowledgeBaseId", ["OutputValue"] = "KB12345678" });
        outputs.Add(new JsonObject { ["OutputKey"] = "KnowledgeBaseBucketName", ["OutputValue"] = "servicedesk-kb" });
        outputs.Add(new JsonObject { ["OutputKey"] = "KnowledgeBaseDataSourceId", ["OutputValue"] = "DS12345678" });
        File.WriteAllText(Path.Combine(_root, "outputs.json"), outputs.ToJsonString());

        var calls = Deploy().Calls;

        Assert.Contains(calls, c => c.Tool == "aws" && c.Args[0] == "s3" && c.Args[1] == "sync" && c.Args.Contains("s3://servicedesk-kb/"));
        Assert.Contains(calls, c => c.Tool == "aws" && c.Args[1] == "start-ingestion-job" && c.Args.Contains("KB12345678"));
    }

    private sealed record Call(string Tool, IReadOnlyList<string> Args);

    private sealed record ScriptRun(int ExitCode, string Output, IReadOnlyList<Call> Calls);

    [Fact]
    public void Cleanup_KeepsTheRetainedTables_AndNamesThem()
    {
        var run = Run("cleanup.sh");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("kept table servicedesk-TicketsTable-ABC", run.Output, StringComparison.Ordinal);
        Assert.Contains("kept table servicedesk-CallersTable-DEF", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Calls, c => c.Tool == "aws" && c.Args[1] == "delete-table");
        Assert.Contains(run.Calls, c => c.Tool == "sam" && c.Args[0] == "delete");
    }

    [Fact]
    public void Cleanup_WithDeleteTables_DeletesThem()
    {
        _environment["DELETE_TABLES"] = "yes";

        var deleted = Run("cleanup.sh").Calls.Where(c => c.Tool == "aws" && c.Args[1] == "delete-table").Select(c => c.Args[3]);

        Assert.Equal(["servicedesk-TicketsTable-ABC", "servicedesk-CallersTable-DEF"], deleted);
    }

    private ScriptRun Deploy() => Run("deploy.sh");

    private ScriptRun Run(string script)
    {
        var log = Path.Combine(_root, "calls.log");
        File.WriteAllText(log, string.Empty);
        var start = new ProcessStartInfo("bash", [Path.Combine(_root, "repo", "deploy", script)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PATH"] = Path.Combine(_root, "bin") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["STUB_LOG"] = log;
        start.Environment["STUB_FLOWS"] = Path.Combine(_root, "flows");
        start.Environment["STUB_OUTPUTS"] = Path.Combine(_root, "outputs.json");
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new ScriptRun(process.ExitCode, stdout + stderr.Result, Calls(File.ReadAllLines(log)));
    }

    private static List<Call> Calls(string[] lines)
    {
        var calls = new List<Call>();
        foreach (var line in lines)
        {
            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                calls.Add(new Call(line[4..], new List<string>()));
            }
            else
            {
                ((List<string>)calls[^1].Args).Add(line);
            }
        }

        return calls;
    }

    /// <summary>The overrides of <c>sam deploy</c>, read the way SAM CLI reads them: each argument is split at spaces unless quoted.</summary>
    private static Dictionary<string, string> SamOverrides(IReadOnlyList<Call> calls)
    {
        var deploy = calls.Single(c => c.Tool == "sam" && c.Args[0] == "deploy").Args;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var argument in deploy.SkipWhile(a => a != "--parameter-overrides").Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)))
        {
            var pairs = SamOverride().Matches(" " + argument.Trim());
            Assert.True(pairs.Count == 1, $"SAM reads {pairs.Count} overrides from: {argument}");
            result[pairs[0].Groups[1].Value] = Unquote(pairs[0].Groups[2].Value);
        }

        return result;
    }

    private static string Unquote(string value) =>
        (value.Length > 1 && (value[0] == value[^1]) && value[0] is '"' or '\'' ? value[1..^1] : value)
            .Replace("\\ ", " ", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\'", "'", StringComparison.Ordinal);

    /// <summary>SAM CLI's <c>Key=Value</c> override syntax: a value is "double-quoted", 'single-quoted', or runs to the next space.</summary>
    [GeneratedRegex("""(?: )([A-Za-z0-9"']+)=("(?:\\.|[^"\\]+)*"|'(?:\\.|[^'\\]+)*'|(?:\\.|[^ "\\]+)+)""")]
    private static partial Regex SamOverride();

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
