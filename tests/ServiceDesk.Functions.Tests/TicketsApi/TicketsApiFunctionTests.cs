using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ServiceDesk.Wire.ApiGateway;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.TicketsApi;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests.TicketsApi;

/// <summary>The answers the loopback HTTP tests cannot provoke: a store that is down, a real fault, and events only API Gateway sends.</summary>
public class TicketsApiFunctionTests
{
    private const string Key = "dev-key";

    public static TheoryData<string> RecordedEvents() => new(Directory.GetFiles(RepoPaths.Of("tests", "events", "api"), "*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(RecordedEvents))]
    public async Task EveryRoute_WhenTheStoreIsDown_Answers503WithRetryAfter(string file)
    {
        var backend = new InMemoryTicketBackend { FailWith = FailureKind.Unavailable };

        var response = await InvokeAsync(new TicketsApiFunction(backend, Key, FunctionContext.Of(FunctionCatalog.TicketsApi, new ListLogger())), RepoPaths.ReadEvent("api", file));

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("1", response.Headers!["Retry-After"]);
        Assert.True(JsonDocument.Parse(response.Body!).RootElement.TryGetProperty("error", out _));
    }

    [Theory]
    [MemberData(nameof(RecordedEvents))]
    public async Task EveryRecordedEvent_OnAWorkingStore_Succeeds(string file)
    {
        var backend = new InMemoryTicketBackend();
        backend.Seed("emp-1001", "Outlook keeps asking for my password");

        var response = await InvokeAsync(new TicketsApiFunction(backend, Key, FunctionContext.Of(FunctionCatalog.TicketsApi, new ListLogger())), RepoPaths.ReadEvent("api", file));

        Assert.True(response.StatusCode is 200 or 201, $"{file}: {response.StatusCode} {response.Body}");
    }

    [Fact]
    public async Task AFault_Answers500WithoutDetail_AndLogsOnlyItsType()
    {
        var logger = new ListLogger();
        var sut = new TicketsApiFunction(new ThrowingBackend(), Key, FunctionContext.Of(FunctionCatalog.TicketsApi, logger));

        var response = await InvokeAsync(sut, RepoPaths.ReadEvent("api", "create-ticket.json"));

        Assert.Equal(500, response.StatusCode);
        Assert.Equal("""{"error":"internal error"}""", response.Body);
        var line = Assert.Single(logger.Lines);
        Assert.Contains(nameof(InvalidOperationException), line, StringComparison.Ordinal);
        Assert.DoesNotContain(ThrowingBackend.Secret, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-12345")]
    [InlineData("one two three four five")]
    [InlineData("12345")]
    [InlineData("0012345")]
    [InlineData("inc0012345")]
    [InlineData("INC-0012345")]
    [InlineData("INC 0012345")]
    [InlineData("INC00012345")]
    [InlineData("INC001234\uFF15")]
    [InlineData("..%2FINC0012345")]
    [InlineData("%2E%2E%2FINC0012345")]
    [InlineData("INC0012345%2F..")]
    public async Task TicketId_NotInTheContractsForm_Answers400NamingId(string id)
    {
        var backend = new InMemoryTicketBackend();
        var seeded = backend.Seed("emp-1001", "Outlook keeps asking for my password");

        var response = await InvokeAsync(new TicketsApiFunction(backend, Key, FunctionContext.Of(FunctionCatalog.TicketsApi, new ListLogger())), WithPath("get-ticket.json", "/tickets/" + id));

        Assert.Equal("INC0012345", seeded.Number.ToString());
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("id", JsonDocument.Parse(response.Body!).RootElement.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("INC0012345", 200)]
    [InlineData("INC0012346", 404)]
    [InlineData("INC0000000", 404)]
    public async Task TicketId_InTheContractsForm_IsLookedUp(string id, int status)
    {
        var backend = new InMemoryTicketBackend();
        backend.Seed("emp-1001", "Outlook keeps asking for my password");

        var response = await InvokeAsync(new TicketsApiFunction(backend, Key, FunctionContext.Of(FunctionCatalog.TicketsApi, new ListLogger())), WithPath("get-ticket.json", "/tickets/" + id));

        Assert.Equal(status, response.StatusCode);
    }

    public static TheoryData<string, string, bool> UnreadableBodies() => new()
    {
        { "not UTF-8, base64-encoded", Convert.ToBase64String((byte[])[.. "{\"caller_id\":\"emp-1001\",\"issue_description\":\"caf"u8, 0xE9, .. "\"}"u8]), true },
        { "replacement character", "\"{\\\"caller_id\\\":\\\"emp-1001\\\",\\\"issue_description\\\":\\\"caf\uFFFD\\\"}\"", false },
        { "duplicate key", "\"{\\\"caller_id\\\":\\\"emp-1001\\\",\\\"issue_description\\\":\\\"one\\\",\\\"issue_description\\\":\\\"two\\\"}\"", false },
        { "duplicate key, base64-encoded", Convert.ToBase64String("{\"caller_id\":\"emp-1001\",\"caller_id\":\"emp-1002\",\"issue_description\":\"x\"}"u8), true },
    };

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task Create_WithABodyThatIsNotStrictUtf8Json_Answers400AndStoresNothing(string why, string body, bool base64)
    {
        var backend = new InMemoryTicketBackend();
        var bodyJson = base64 ? JsonSerializer.Serialize(body) : body;

        var response = await InvokeAsync(new TicketsApiFunction(backend, Key, FunctionContext.Of(FunctionCatalog.TicketsApi, new ListLogger())), WithBody("create-ticket.json", bodyJson, base64));

        Assert.True(response.StatusCode == 400, $"{why}: {response.StatusCode} {response.Body}");
        Assert.Equal("body", JsonDocument.Parse(response.Body!).RootElement.GetProperty("field").GetString());
        Assert.Empty(backend.All);
    }

    [Fact]
    public async Task Create_WithABodyOverTheLimit_Answers413()
    {
        var text = JsonSerializer.Serialize(new string('x', TicketsApiFunction.MaxBodyBytes));
        var body = JsonSerializer.Serialize("{\"caller_id\":\"emp-1001\",\"issue_description\":" + text + "}");

        var response = await InvokeAsync(new TicketsApiFunction(new InMemoryTicketBackend(), Key, FunctionContext.Of(FunctionCatalog.TicketsApi, new ListLogger())), WithBody("create-ticket.json", body, base64: false));

        Assert.Equal(413, response.StatusCode);
        Assert.Equal("body", JsonDocument.Parse(response.Body!).RootElement.GetProperty("field").GetString());
    }

    /// <summary>A recorded event with another path, as API Gateway would pass it (path parameters decoded).</summary>
    private static byte[] WithPath(string file, string path)
    {
        var node = JsonNode.Parse(RepoPaths.ReadEvent("api", file))!;
        node["path"] = path;
        node["pathParameters"]!["id"] = Uri.UnescapeDataString(path["/tickets/".Length..]);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>A recorded event whose body is <paramref name="bodyJson"/>, spliced in as raw JSON text so any escape in it survives.</summary>
    private static byte[] WithBody(string file, string bodyJson, bool base64)
    {
        var node = JsonNode.Parse(RepoPaths.ReadEvent("api", file))!;
        node["body"] = "@BODY@";
        node["isBase64Encoded"] = base64;
        return Encoding.UTF8.GetBytes(node.ToJsonString().Replace("\"@BODY@\"", bodyJson, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListCalls_AnswersTheCallersCalls_WithTheNumberMasked()
    {
        var calls = new InMemoryCallSummaryStore();
        var summaries = new Core.Calls.CallSummaries(calls, TimeProvider.System);
        var ada = new Core.Callers.CallerIdentity("emp-1001", "Ada", "+14155550100", Core.Callers.VerifiedBy.Phone);
        await summaries.RecordTurnAsync(new Core.Calls.CallProgress("c-1", ada, ["ReportIssue"], ["INC0000001"], 1, 3, 0, DateTimeOffset.UtcNow, Core.Calls.CallSummaries.BotGoodbye, null), TestContext.Current.CancellationToken);
        await summaries.EndAsync(new Core.Calls.CallEnd("c-1", Core.Calls.CallEndings.Disconnect, ada, null), TestContext.Current.CancellationToken);

        var response = await InvokeAsync(new TicketsApiFunction(new InMemoryTicketBackend(), Key, FunctionContext.Of(FunctionCatalog.TicketsApi), calls), RepoPaths.ReadEvent("calls", "list-calls.json"));

        Assert.Equal(200, response.StatusCode);
        var call = Assert.Single(JsonDocument.Parse(response.Body!).RootElement.EnumerateArray());
        Assert.Equal("ticket", call.GetProperty("outcome").GetString());
        Assert.Equal("+1********00", call.GetProperty("caller_phone").GetString());
        Assert.DoesNotContain("5550100", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListCalls_WhenTheStoreIsDown_Answers503WithRetryAfter()
    {
        var response = await InvokeAsync(new TicketsApiFunction(new InMemoryTicketBackend(), Key, FunctionContext.Of(FunctionCatalog.TicketsApi), new InMemoryCallSummaryStore { Down = true }), RepoPaths.ReadEvent("calls", "list-calls.json"));

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("1", response.Headers!["Retry-After"]);
    }

    private static async Task<ApiGatewayProxyResponse> InvokeAsync(TicketsApiFunction sut, byte[] payload)
    {
        var output = await sut.InvokeAsync(payload, new LambdaInvocation("req", DateTimeOffset.UtcNow.AddSeconds(5)), TestContext.Current.CancellationToken);
        return JsonSerializer.Deserialize(output, ApiGatewayJsonContext.Default.ApiGatewayProxyResponse)!;
    }

    private sealed class ThrowingBackend : ITicketDesk
    {
        public const string Secret = "connection string Server=db.internal;Password=hunter2";

        public Task<Result<Ticket>> CreateAsync(NewTicket ticket, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);

        public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);

        public Task<Result<Ticket>> AddCommentAsync(TicketNumber number, NewComment comment, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);

        public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);

        public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);

        public Task<Result<Ticket>> UpdateStatusAsync(TicketNumber number, TicketStatus status, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);

        public Task<Result<Ticket>> ChangeAsync(TicketNumber number, TicketChange change, TicketActor actor, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);

        public Task<Result<IReadOnlyList<TicketEvent>>> HistoryAsync(TicketNumber number, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);

        public Task<Result<IReadOnlyList<Ticket>>> ListWaitingAsync(TicketPriority priority, DateTimeOffset waitingSinceAtMost, int limit, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);

        public Task<Result<Ticket>> EscalateAsync(Ticket seen, bool waitAgain, TicketActor actor, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);

        public Task<Result<IReadOnlyDictionary<string, long>>> ReadCountersAsync(IReadOnlyList<string> families, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
    }
}
