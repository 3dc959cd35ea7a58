using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Testing;

namespace ServiceDesk.IntegrationTests.Storage;

/// <summary>
/// The behaviour every ticket backend promises: each store through the ticket service (SQLite, DynamoDB on dynalite, the
/// in-memory double; <see cref="TicketStoreContract"/>) and the ticket API's HTTP client run this same suite.
/// </summary>
public abstract class TicketBackendContract
{
    protected ManualClock Time { get; } = new();

    protected abstract ITicketBackend CreateSut();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_ReturnsTicketWithNumberAndDefaults()
    {
        var sut = CreateSut();

        var created = await sut.CreateAsync(new NewTicket("emp-1001", "My laptop won't turn on. It beeps."), Ct);

        Assert.True(created.IsOk, created.Failure?.Reason);
        Assert.StartsWith("INC", created.Value.Number.ToString());
        Assert.Equal("My laptop won't turn on", created.Value.Summary);
        Assert.Equal(TicketStatus.New, created.Value.Status);
        Assert.Equal(Time.GetUtcNow(), created.Value.CreatedAt);
    }

    [Fact]
    public async Task Get_ReturnsWhatWasCreated()
    {
        var sut = CreateSut();
        var created = (await sut.CreateAsync(new NewTicket("emp-1001", "VPN drops", "VPN drops", TicketPriority.P2, TicketCategory.Network, TicketImpact.Team), Ct)).Value!;

        var read = await sut.GetAsync(created.Number, Ct);

        Assert.True(read.IsOk);
        Assert.Equal(created with { Comments = [] }, read.Value with { Comments = [] });
        Assert.Equal(TicketPriority.P2, read.Value.Priority);
        Assert.Equal(TicketCategory.Network, read.Value.Category);
        Assert.Equal(TicketImpact.Team, read.Value.Impact);
    }

    [Fact]
    public async Task Get_WhenUnknown_ReturnsNotFound()
    {
        var result = await CreateSut().GetAsync(TicketNumber.FromSequence(9_999_998), Ct);

        Assert.Equal(FailureKind.NotFound, result.Failure?.Kind);
    }

    [Fact]
    public async Task Create_WhenDescriptionMissing_ReturnsInvalidNamingTheField()
    {
        var result = await CreateSut().CreateAsync(new NewTicket("emp-1001", ""), Ct);

        Assert.Equal(FailureKind.Invalid, result.Failure?.Kind);
        Assert.Equal("issue_description", result.Failure?.Field);
    }

    [Fact]
    public async Task Create_WhenSameIdempotencyKey_ReturnsFirstTicket()
    {
        var sut = CreateSut();
        var key = "key-" + Guid.NewGuid().ToString("N");

        var first = await sut.CreateAsync(new NewTicket("emp-1001", "Printer jammed", IdempotencyKey: key), Ct);
        var second = await sut.CreateAsync(new NewTicket("emp-1001", "Printer jammed again", IdempotencyKey: key), Ct);

        Assert.Equal(first.Value!.Number, second.Value!.Number);
        Assert.Equal("Printer jammed", second.Value.Description);
        var list = await sut.ListRecentByCallerAsync("emp-1001", 50, Ct);
        Assert.Single(list.Value!, t => t.IdempotencyKey == key);
    }

    [Fact]
    public async Task Create_WhenConcurrentWithSameKey_CreatesOneTicket()
    {
        var sut = CreateSut();
        var caller = "emp-" + Guid.NewGuid().ToString("N")[..8];

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => sut.CreateAsync(new NewTicket(caller, "Wi-Fi down", IdempotencyKey: "same-" + caller), Ct))));

        Assert.All(results, r => Assert.True(r.IsOk, r.Failure?.Reason));
        Assert.Single(results.Select(r => r.Value!.Number).Distinct());
        Assert.Single((await sut.ListRecentByCallerAsync(caller, 50, Ct)).Value!);
    }

    [Fact]
    public async Task Create_When50Concurrent_Yields50DistinctNumbers()
    {
        var sut = CreateSut();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => sut.CreateAsync(new NewTicket("emp-load", $"Issue {i}"), Ct))));

        Assert.All(results, r => Assert.True(r.IsOk, r.Failure?.Reason));
        Assert.Equal(50, results.Select(r => r.Value!.Number).Distinct().Count());
    }

    [Fact]
    public async Task AddComment_When50Concurrent_KeepsThemAll()
    {
        var sut = CreateSut();
        var ticket = (await sut.CreateAsync(new NewTicket("emp-1001", "Email not syncing"), Ct)).Value!;

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => sut.AddCommentAsync(ticket.Number, new NewComment("emp-1001", $"note {i}"), Ct))));

        Assert.All(results, r => Assert.True(r.IsOk, r.Failure?.Reason));
        var read = (await sut.GetAsync(ticket.Number, Ct)).Value!;
        Assert.Equal(50, read.Comments.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"note {i}").Order(), read.Comments.Select(c => c.Text).Order());
    }

    [Fact]
    public async Task AddComment_WhenUnknownTicket_ReturnsNotFound()
    {
        var result = await CreateSut().AddCommentAsync(TicketNumber.FromSequence(9_999_997), new NewComment("emp-1001", "hello"), Ct);

        Assert.Equal(FailureKind.NotFound, result.Failure?.Kind);
    }

    [Fact]
    public async Task ListRecentByCaller_ReturnsOnlyThatCallerNewestFirstUpToLimit()
    {
        var sut = CreateSut();
        var caller = "emp-" + Guid.NewGuid().ToString("N")[..8];
        var numbers = new List<TicketNumber>();
        for (var i = 0; i < 4; i++)
        {
            numbers.Add((await sut.CreateAsync(new NewTicket(caller, $"Problem {i}"), Ct)).Value!.Number);
            Time.Advance(TimeSpan.FromMinutes(1));
        }

        await sut.CreateAsync(new NewTicket("someone-else", "Not mine"), Ct);

        var list = (await sut.ListRecentByCallerAsync(caller, 3, Ct)).Value!;

        Assert.Equal([numbers[3], numbers[2], numbers[1]], list.Select(t => t.Number));
    }

    [Fact]
    public async Task ListRecentByCaller_GivesEachTicketItsOwnCommentsInOrder()
    {
        var sut = CreateSut();
        var caller = "emp-" + Guid.NewGuid().ToString("N")[..8];
        var older = (await sut.CreateAsync(new NewTicket(caller, "Older"), Ct)).Value!;
        Time.Advance(TimeSpan.FromMinutes(1));
        var newer = (await sut.CreateAsync(new NewTicket(caller, "Newer"), Ct)).Value!;
        var quiet = (await sut.CreateAsync(new NewTicket(caller, "No comments"), Ct)).Value!;
        await sut.AddCommentAsync(older.Number, new NewComment(caller, "older 1"), Ct);
        await sut.AddCommentAsync(newer.Number, new NewComment(caller, "newer 1"), Ct);
        await sut.AddCommentAsync(older.Number, new NewComment(caller, "older 2"), Ct);

        var list = (await sut.ListRecentByCallerAsync(caller, 10, Ct)).Value!;

        Assert.Equal([quiet.Number, newer.Number, older.Number], list.Select(t => t.Number));
        Assert.Empty(list[0].Comments);
        Assert.Equal(["newer 1"], list[1].Comments.Select(c => c.Text));
        Assert.Equal(["older 1", "older 2"], list[2].Comments.Select(c => c.Text));
        Assert.Equal((await sut.GetAsync(older.Number, Ct)).Value! with { Comments = [] }, list[2] with { Comments = [] });
    }

    [Fact]
    public async Task ListOpenByCaller_FindsOpenTicketsBehindManyNewerClosedOnes()
    {
        // More closed tickets than a recent list holds (50) and than one DynamoDB page reads (100).
        var sut = CreateSut();
        var caller = "emp-" + Guid.NewGuid().ToString("N")[..8];
        var oldest = (await sut.CreateAsync(new NewTicket(caller, "Scanner offline"), Ct)).Value!;
        Time.Advance(TimeSpan.FromSeconds(1));
        var onHold = (await sut.CreateAsync(new NewTicket(caller, "Docking station"), Ct)).Value!;
        await sut.UpdateStatusAsync(onHold.Number, TicketStatus.OnHold, Ct);
        await sut.AddCommentAsync(onHold.Number, new NewComment(caller, "waiting for a part"), Ct);
        for (var i = 0; i < 110; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            var done = (await sut.CreateAsync(new NewTicket(caller, $"Fixed {i}"), Ct)).Value!;
            await sut.UpdateStatusAsync(done.Number, i % 2 == 0 ? TicketStatus.Closed : TicketStatus.Resolved, Ct);
        }

        await sut.CreateAsync(new NewTicket("someone-else", "Not mine"), Ct);

        var open = await sut.ListOpenByCallerAsync(caller, TicketRules.MaxOpenListLimit, Ct);

        Assert.True(open.IsOk, open.Failure?.Reason);
        Assert.Equal([onHold.Number, oldest.Number], open.Value.Select(t => t.Number));
        Assert.Equal(TicketStatus.OnHold, open.Value[0].Status);
        Assert.Equal(["waiting for a part"], open.Value[0].Comments.Select(c => c.Text));
        Assert.DoesNotContain((await sut.ListRecentByCallerAsync(caller, TicketRules.MaxListLimit, Ct)).Value!, t => t.IsOpen);
    }

    [Fact]
    public async Task ListOpenByCaller_ReturnsTheNewestUpToTheLimit()
    {
        var sut = CreateSut();
        var caller = "emp-" + Guid.NewGuid().ToString("N")[..8];
        var numbers = new List<TicketNumber>();
        for (var i = 0; i < 5; i++)
        {
            numbers.Add((await sut.CreateAsync(new NewTicket(caller, $"Open {i}"), Ct)).Value!.Number);
            Time.Advance(TimeSpan.FromMinutes(1));
        }

        var open = (await sut.ListOpenByCallerAsync(caller, 3, Ct)).Value!;

        Assert.Equal([numbers[4], numbers[3], numbers[2]], open.Select(t => t.Number));
    }

    [Fact]
    public async Task Create_InSequence_GivesFollowingNumbers()
    {
        // Numbers are read to callers: one store gives them without gaps while nothing else creates tickets.
        var sut = CreateSut();

        var numbers = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            numbers.Add((await sut.CreateAsync(new NewTicket("emp-1001", $"Issue {i}", IdempotencyKey: $"seq-{i}"), Ct)).Value!.Number.Sequence);
        }

        Assert.Equal(Enumerable.Range(0, 25).Select(i => numbers[0] + i), numbers);
    }

    [Fact]
    public async Task Create_FromSeveralInstancesAtOnce_NeverGivesANumberTwice()
    {
        var instances = Enumerable.Range(0, 3).Select(_ => CreateSut()).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => instances[i % 3].CreateAsync(new NewTicket("emp-load", $"Issue {i}", IdempotencyKey: $"multi-{i}"), Ct))));

        Assert.All(results, r => Assert.True(r.IsOk, r.Failure?.Reason));
        Assert.Equal(60, results.Select(r => r.Value!.Number).Distinct().Count());
    }

    [Fact]
    public async Task UpdateStatus_FollowsTransitionsAndRefusesInvalidOnes()
    {
        var sut = CreateSut();
        var ticket = (await sut.CreateAsync(new NewTicket("emp-1001", "Monitor flickers"), Ct)).Value!;

        var moved = await sut.UpdateStatusAsync(ticket.Number, TicketStatus.InProgress, Ct);
        var closed = await sut.UpdateStatusAsync(ticket.Number, TicketStatus.Closed, Ct);
        var reopened = await sut.UpdateStatusAsync(ticket.Number, TicketStatus.InProgress, Ct);

        Assert.Equal(TicketStatus.InProgress, moved.Value?.Status);
        Assert.Equal(TicketStatus.Closed, closed.Value?.Status);
        Assert.Equal(FailureKind.Conflict, reopened.Failure?.Kind);
        Assert.Equal(TicketStatus.Closed, (await sut.GetAsync(ticket.Number, Ct)).Value?.Status);
    }

    [Fact]
    public async Task UpdateStatus_ToTheCurrentStatus_ReturnsTheTicketUnchanged()
    {
        // A client whose first PATCH succeeded but lost its answer sends it again: that must not be a 409.
        var sut = CreateSut();
        var ticket = (await sut.CreateAsync(new NewTicket("emp-1001", "Dock not charging"), Ct)).Value!;
        var moved = (await sut.UpdateStatusAsync(ticket.Number, TicketStatus.InProgress, Ct)).Value!;
        Time.Advance(TimeSpan.FromMinutes(5));

        var again = await sut.UpdateStatusAsync(ticket.Number, TicketStatus.InProgress, Ct);

        Assert.True(again.IsOk, again.Failure?.Reason);
        Assert.Equal(TicketStatus.InProgress, again.Value.Status);
        Assert.Equal(moved.UpdatedAt, again.Value.UpdatedAt);
    }

    [Fact]
    public async Task UpdateStatus_WhenUnknownTicket_ReturnsNotFound()
    {
        var result = await CreateSut().UpdateStatusAsync(TicketNumber.FromSequence(9_999_996), TicketStatus.Resolved, Ct);

        Assert.Equal(FailureKind.NotFound, result.Failure?.Kind);
    }
}
