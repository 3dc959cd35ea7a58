using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ServiceDesk.Aws.ApiGateway;
using ServiceDesk.Aws.Hosting;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.TicketsApi;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests.TicketsApi;

/// <summary>The answers the loopback HTTP tests cannot provoke: a store that is down, and a real fault.</summary>
public class TicketsApiFunctionTests
{
    private const string Key = "dev-key";

    public static TheoryData<string> RecordedEvents() => new(Directory.GetFiles(RepoPaths.Of("tests", "events", "api"), "*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(RecordedEvents))]
    public async Task EveryRoute_WhenTheStoreIsDown_Answers503WithRetryAfter(string file)
    {
        var backend = new InMemoryTicketBackend { FailWith = FailureKind.Unavailable };

        var response = await InvokeAsync(new TicketsApiFunction(backend, Key, new ListLogger()), RepoPaths.ReadEvent("api", file));

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

        var response = await InvokeAsync(new TicketsApiFunction(backend, Key, new ListLogger()), RepoPaths.ReadEvent("api", file));

        Assert.True(response.StatusCode is 200 or 201, $"{file}: {response.StatusCode} {response.Body}");
    }

    [Fact]
    public async Task AFault_Answers500WithoutDetail_AndLogsOnlyItsType()
    {
        var logger = new ListLogger();
        var sut = new TicketsApiFunction(new ThrowingBackend(), Key, logger);

        var response = await InvokeAsync(sut, RepoPaths.ReadEvent("api", "create-ticket.json"));

        Assert.Equal(500, response.StatusCode);
        Assert.Equal("""{"error":"internal error"}""", response.Body);
        var line = Assert.Single(logger.Lines);
        Assert.Contains(nameof(InvalidOperationException), line, StringComparison.Ordinal);
        Assert.DoesNotContain(ThrowingBackend.Secret, line, StringComparison.Ordinal);
    }

    private static async Task<ApiGatewayProxyResponse> InvokeAsync(TicketsApiFunction sut, byte[] payload)
    {
        var output = await sut.InvokeAsync(payload, new LambdaInvocation("req", DateTimeOffset.UtcNow.AddSeconds(5)), TestContext.Current.CancellationToken);
        return JsonSerializer.Deserialize(output, ApiGatewayJsonContext.Default.ApiGatewayProxyResponse)!;
    }

    private sealed class ThrowingBackend : ITicketBackend
    {
        public const string Secret = "connection string Server=db.internal;Password=hunter2";

        public Task<Result<Ticket>> CreateAsync(NewTicket ticket, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);

        public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);

        public Task<Result<Ticket>> AddCommentAsync(TicketNumber number, NewComment comment, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);

        public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);

        public Task<Result<Ticket>> UpdateStatusAsync(TicketNumber number, TicketStatus status, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);
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
