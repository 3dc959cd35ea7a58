using System.Text.Json.Nodes;
using ServiceDesk.Testing;

namespace ServiceDesk.Cli.Tests.Commands;

/// <summary>Wrong input to <c>servicedesk call</c> gets one line naming the file and the place, and a non-zero exit.</summary>
public sealed class CallCommandTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "servicedesk-call-tests", Guid.NewGuid().ToString("N"));

    public CallCommandTests() => Directory.CreateDirectory(_temp);

    private Task<(int Exit, string Out, string Error)> RunAsync(string keyboard, params string[] args) =>
        RunWithoutDataAsync(keyboard, [.. args, "--data", Path.Combine(_temp, "data")]);

    private static async Task<(int Exit, string Out, string Error)> RunWithoutDataAsync(string keyboard, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error, new StringReader(keyboard));
        return (exit, output.ToString(), error.ToString());
    }

    private string Flow(Action<JsonObject> edit)
    {
        var flow = JsonNode.Parse(File.ReadAllText(RepoPaths.Of("contact-flows", "ServiceDesk-Inbound.json")))!.AsObject();
        edit(flow);
        var path = Path.Combine(_temp, "flow.json");
        File.WriteAllText(path, flow.ToJsonString());
        return path;
    }

    private static JsonObject Action(JsonObject flow, string id) =>
        flow["Actions"]!.AsArray().Select(a => a!.AsObject()).Single(a => (string?)a["Identifier"] == id);

    [Fact]
    public async Task Call_FromTheKeyboard_EndsWithTheOutcome()
    {
        var (exit, output, _) = await RunAsync("I need a person\n", "call");

        Assert.Equal(0, exit);
        Assert.Contains("How can I help", output);
        Assert.Contains("-- call ended: transferred", output);
    }

    [Fact]
    public async Task Call_WithAScript_ExitsZeroWhenItHolds()
    {
        var (exit, output, error) = await RunAsync(string.Empty, "call", "--script", RepoPaths.Of("tests", "conversations", "speak-to-agent.call"));

        Assert.True(exit == 0, error);
        Assert.Contains("caller: I need a person", output);
    }

    [Fact]
    public async Task Call_WithAScriptThatDoesNotHold_ExitsOneNamingTheLine()
    {
        var script = Path.Combine(_temp, "wrong.call");
        File.WriteAllText(script, "caller: I need a person\nexpect: something the desk never says\noutcome: goodbye\n");

        var (exit, _, error) = await RunAsync(string.Empty, "call", "--script", script);

        Assert.Equal(1, exit);
        Assert.Contains("wrong.call:2: expected 'something the desk never says'", error);
        Assert.Contains("expected outcome Goodbye", error);
    }

    [Fact]
    public async Task Call_WithAScriptAndNoDataFolder_StartsFreshEachTime()
    {
        var script = RepoPaths.Of("tests", "conversations", "report-issue.call");

        var first = await RunWithoutDataAsync(string.Empty, "call", "--script", script);
        var second = await RunWithoutDataAsync(string.Empty, "call", "--script", script);

        // The script expects ticket INC0000001: a persistent folder would make the second run INC0000002 (and a duplicate).
        Assert.True(first.Exit == 0, first.Error);
        Assert.True(second.Exit == 0, second.Error);
    }

    [Fact]
    public async Task Call_WithAScriptAndADataFolder_KeepsItsTickets()
    {
        var script = RepoPaths.Of("tests", "conversations", "report-issue.call");

        await RunAsync(string.Empty, "call", "--script", script);
        var (exit, output, _) = await RunAsync("what's happening with my ticket\n", "call");

        Assert.Equal(0, exit);
        Assert.Contains("my laptop won't turn on", output);
    }

    [Fact]
    public async Task Call_DataFolderThatCannotBeCreated_IsOneLineNamingIt()
    {
        var (exit, _, error) = await RunWithoutDataAsync(string.Empty, "call", "--data", "/dev/null/x");

        Assert.Equal(2, exit);
        Assert.Equal("servicedesk call: data folder /dev/null/x: cannot be created or written", error.Trim());
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("call me maybe")]
    public async Task Call_FromSomethingThatIsNotANumber_IsOneLineNamingIt(string from)
    {
        var (exit, _, error) = await RunAsync(string.Empty, "call", "--from", from);

        Assert.Equal(2, exit);
        Assert.Equal($"servicedesk call: --from {from}: not a phone number (give one in E.164 such as +14155550100, or 'withheld')", error.Trim());
    }

    [Fact]
    public async Task Call_FromANationalNumber_IsPresentedInE164()
    {
        var (exit, output, _) = await RunAsync("I need a person\n", "call", "--from", "(415) 555-0100");

        Assert.Equal(0, exit);
        Assert.Contains("Ada", output);
    }

    [Fact]
    public async Task Call_MissingFlowFile_NamesIt()
    {
        var (exit, _, error) = await RunAsync(string.Empty, "call", "--flow", Path.Combine(_temp, "nope.json"));

        Assert.Equal(2, exit);
        Assert.Equal($"servicedesk call: {Path.Combine(_temp, "nope.json")}: no such flow file", error.Trim());
    }

    [Fact]
    public async Task Call_BrokenTransition_NamesTheFileAndTheActionHoldingIt()
    {
        var flow = Flow(f => Action(f, "greeting")["Transitions"]!["NextAction"] = "no-such-action");

        var (exit, _, error) = await RunAsync("hello\n", "call", "--flow", flow);

        Assert.Equal(2, exit);
        Assert.Equal($"servicedesk call: {flow}: greeting: transition to 'no-such-action', which is not an action of this flow", error.Trim());
    }

    [Fact]
    public async Task Call_BrokenTransitionOnABranchTheCallWouldNotTake_StopsItBeforeItStarts()
    {
        // In hours, the call never reaches the after-hours menu.
        var flow = Flow(f => Action(f, "after-hours")["Transitions"]!["Errors"]![0]!["NextAction"] = "no-such-action");

        var (exit, output, error) = await RunAsync("I need a person\n", "call", "--flow", flow);

        Assert.Equal(2, exit);
        Assert.Equal($"servicedesk call: {flow}: after-hours: transition to 'no-such-action', which is not an action of this flow", error.Trim());
        Assert.DoesNotContain("desk:", output);
    }

    [Fact]
    public async Task Call_MissingScript_NamesTheFileWithoutALineNumber()
    {
        var script = Path.Combine(_temp, "nope.call");

        var (exit, _, error) = await RunAsync(string.Empty, "call", "--script", script);

        Assert.Equal(2, exit);
        Assert.Equal($"servicedesk call: {script}: no such script file", error.Trim());
    }

    [Fact]
    public async Task Call_FlowBranchingOnAnIntentTheBotLacks_NamesTheActionAndIntent()
    {
        var flow = Flow(f => Action(f, "service-desk-bot")["Transitions"]!["Conditions"]!.AsArray()
            .Add(JsonNode.Parse("""{"NextAction":"goodbye","Condition":{"Operator":"Equals","Operands":["OrderPizza"]}}""")));

        var (exit, _, error) = await RunAsync(string.Empty, "call", "--flow", flow);

        Assert.Equal(2, exit);
        Assert.Contains("service-desk-bot: branches on intent 'OrderPizza'", error);
    }

    [Fact]
    public async Task Call_UnsupportedBlockType_NamesIt()
    {
        var flow = Flow(f => Action(f, "greeting")["Type"] = "ShowView");

        var (exit, _, error) = await RunAsync(string.Empty, "call", "--flow", flow);

        Assert.Equal(2, exit);
        Assert.Contains("greeting: block type ShowView is not supported", error);
    }

    [Fact]
    public async Task Call_MalformedScript_NamesTheFileAndLine()
    {
        var script = Path.Combine(_temp, "broken.call");
        File.WriteAllText(script, "# a comment\ncaller: hello\nthis line has no key\n");

        var (exit, _, error) = await RunAsync(string.Empty, "call", "--script", script);

        Assert.Equal(2, exit);
        Assert.Contains("broken.call:3: expected 'key: value'", error);
    }

    [Theory]
    [InlineData("queue: 2", "queue is 'free', 'busy' or 'down'")]
    [InlineData("queue: busy,down", "queue is 'free', 'busy' or 'down'")]
    [InlineData("outcome: 1", "outcome is one of")]
    public async Task Call_ScriptSettingThatIsNotANameOfItsValues_IsRefused(string line, string message)
    {
        var script = Path.Combine(_temp, "numbers.call");
        File.WriteAllText(script, $"caller: hello\n{line}\n");

        var (exit, _, error) = await RunAsync(string.Empty, "call", "--script", script);

        Assert.Equal(2, exit);
        Assert.Contains($"numbers.call:2: {message}", error);
    }

    [Fact]
    public async Task Call_WithATranscript_WritesTurnsAndHandlerLatencies()
    {
        var path = Path.Combine(_temp, "call.json");

        var (exit, _, _) = await RunAsync("I need a person\n", "call", "--transcript", path);

        Assert.Equal(0, exit);
        var transcript = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal("transferred", (string?)transcript["outcome"]);
        Assert.Contains(transcript["handlerCalls"]!.AsArray(), c => (string?)c!["function"] == "LexFulfillment" && (string?)c["intent"] == "SpeakToAgent");
        Assert.All(transcript["handlerCalls"]!.AsArray(), c => Assert.True((double)c!["ms"]! >= 0));
        var said = Assert.Single(transcript["turns"]!.AsArray(), t => (string?)t!["speaker"] == "caller")!;
        Assert.Equal("SpeakToAgent", (string?)said["intent"]);
        var identify = Assert.Single(transcript["handlerCalls"]!.AsArray(), c => (string?)c!["source"] == "identify-caller")!;
        Assert.Equal("identifyCaller", (string?)identify["parameters"]!["action"]);
        Assert.Equal("phone", (string?)identify["returned"]!["callerVerifiedBy"]);
        Assert.Null(identify["slots"]);
    }

    [Fact]
    public async Task Call_WithATranscript_LogsThePinAsItsSlotName_AsLexObfuscates()
    {
        var path = Path.Combine(_temp, "pin.json");

        var (exit, _, _) = await RunAsync("list my tickets\nE1002\none three five seven\n", "call", "--from", "+14155550111", "--transcript", path);

        Assert.Equal(0, exit);
        var json = File.ReadAllText(path);
        Assert.Contains("{EmployeePin}", json);
        Assert.DoesNotContain("three five", json);
        Assert.DoesNotContain("didn't match", json);
    }

    [Fact]
    public async Task Call_KeypadInputFromAPipe_IsEchoedOnceAfterTheKeypadPrompt()
    {
        var (exit, output, _) = await RunAsync("#2\n", "call", "--after-hours");

        Assert.Equal(0, exit);
        Assert.Contains("  keypad> #2" + Environment.NewLine, output);
        Assert.DoesNotContain("##", output);
    }

    [Fact]
    public async Task Call_EndOfInput_HangsUpWithTheOutcomeOnItsOwnLine()
    {
        var (exit, output, _) = await RunAsync(string.Empty, "call");

        Assert.Equal(0, exit);
        Assert.Contains("  you>    " + Environment.NewLine + "-- call ended: hungup", output);
    }

    [Fact]
    public async Task Call_WithABusyQueue_OffersACallback()
    {
        var (exit, output, _) = await RunAsync("I need a person\n#1\n", "call", "--queue", "busy");

        Assert.Equal(0, exit);
        Assert.Contains("All our agents are busy", output);
        Assert.Contains("-- call ended: callback", output);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_temp, recursive: true);
    }
}
