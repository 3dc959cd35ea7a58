using System.Text.Json;
using ServiceDesk.Testing;

namespace ServiceDesk.Cli.Tests.Commands;

public sealed class InvokeCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "servicedesk-cli-tests", Guid.NewGuid().ToString("N"));

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync([.. args, "--data", _data], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Invoke_PrintsTheFunctionsResponseAndExitsZero()
    {
        var (exit, output, _) = await RunAsync("invoke", "TicketsApi", "--event", RepoPaths.Event("api", "list-tickets.json"));

        Assert.Equal(0, exit);
        // The recorded event carries a key this local run does not know: the handler's own answer is a 403.
        Assert.Equal(403, JsonDocument.Parse(output).RootElement.GetProperty("statusCode").GetInt32());
    }

    [Theory]
    [InlineData("invoke", "TicketsApi", "--event", "list-tickets.json")]
    [InlineData("serve-tickets")]
    [InlineData("serve-scheduler")]
    public async Task DataFolderThatCannotBeCreated_IsOneLineNamingIt(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        args = [.. args.Select(a => a.EndsWith(".json", StringComparison.Ordinal) ? RepoPaths.Event("api", a) : a), "--data", "/dev/null/x"];

        var exit = await CliApp.RunAsync(args, output, error);

        Assert.Equal(1, exit);
        Assert.Equal($"servicedesk {args[0]}: data folder /dev/null/x: cannot be created or written", error.ToString().Trim());
    }

    public static TheoryData<string, string> RecordedEvents() => new(
        from family in new[] { ("lex", "LexFulfillment"), ("connect", "ContactFlow"), ("agent", "AgentActions"), ("agent-function-style", "AgentActions"), ("api", "TicketsApi"), ("scheduled", "EscalationSweep") }
        from file in Directory.GetFiles(RepoPaths.Of("tests", "events", family.Item1), "*.json").Order(StringComparer.Ordinal)
        select (family.Item2, Path.GetRelativePath(RepoPaths.Root, file)));

    [Theory]
    [MemberData(nameof(RecordedEvents))]
    public async Task Invoke_EveryRecordedEvent_AnswersWithJson(string function, string file)
    {
        var (exit, output, error) = await RunAsync("invoke", function, "--event", RepoPaths.Of(file));

        Assert.True(exit == 0, error);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(output).RootElement.ValueKind);
    }

    public static TheoryData<string> AgentEvents() =>
        [.. new[] { "agent", "agent-function-style" }.SelectMany(family => Directory.GetFiles(RepoPaths.Of("tests", "events", family), "*.json").Order(StringComparer.Ordinal))
            .Select(f => Path.GetRelativePath(RepoPaths.Of("tests", "events"), f))];

    [Theory]
    [MemberData(nameof(AgentEvents))]
    public async Task Invoke_AgentActions_EchoesTheToolAndAnswersWithABody(string file)
    {
        var path = RepoPaths.Of("tests", "events", file);
        var request = JsonDocument.Parse(File.ReadAllText(path)).RootElement;

        var (exit, output, error) = await RunAsync("invoke", "AgentActions", "--event", path);

        Assert.True(exit == 0, error);
        var response = JsonDocument.Parse(output).RootElement.GetProperty("response");
        Assert.Equal(request.GetProperty("actionGroup").GetString(), response.GetProperty("actionGroup").GetString());
        JsonElement body;
        if (request.TryGetProperty("function", out var function))
        {
            Assert.Equal(function.GetString(), response.GetProperty("function").GetString());
            body = response.GetProperty("functionResponse").GetProperty("responseBody").GetProperty("TEXT");
        }
        else
        {
            Assert.Equal(request.GetProperty("apiPath").GetString(), response.GetProperty("apiPath").GetString());
            Assert.Equal(request.GetProperty("httpMethod").GetString(), response.GetProperty("httpMethod").GetString());
            body = response.GetProperty("responseBody").GetProperty("application/json");
        }

        // The body is a JSON string the model reads, not a nested object.
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(body.GetProperty("body").GetString()!).RootElement.ValueKind);
    }

    [Fact]
    public async Task Invoke_UnknownFunction_ExitsNonZeroNamingIt()
    {
        var (exit, _, error) = await RunAsync("invoke", "NoSuchFunction", "--event", RepoPaths.Event("api", "list-tickets.json"));

        Assert.NotEqual(0, exit);
        Assert.Contains("NoSuchFunction", error);
    }

    [Fact]
    public async Task Invoke_MissingEventFile_ExitsNonZeroNamingTheFile()
    {
        var (exit, _, error) = await RunAsync("invoke", "TicketsApi", "--event", "no/such/event.json");

        Assert.NotEqual(0, exit);
        Assert.Contains("event.json", error);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
