using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Testing;

namespace ServiceDesk.Core.Tests.Tickets;

public sealed class TicketDeskTests
{
    private readonly ManualClock _time = new();
    private readonly InMemoryTicketStore _store = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void TheStorePort_HasNoCallThatRewritesOrRemovesHistory()
    {
        // Writes either insert a ticket with its first event, or append: there is no delete, replace or set of events.
        var names = typeof(ITicketStore).GetMethods().Select(m => m.Name).Order().ToList();

        Assert.Equal(["AppendCommentAsync", "GetAsync", "HistoryAsync", "InsertAsync", "ListOpenByCallerAsync", "ListOpenSinceAsync", "ListRecentByCallerAsync", "ListWaitingAsync", "UpdateAsync"],
            names.Where(n => n != "ReadCountersAsync"));
    }

    [Fact]
    public async Task Create_ValidatesAndFillsDefaults_InOnePlace()
    {
        var desk = new TicketDesk(_store, _time);

        var invalid = await desk.CreateAsync(new NewTicket("emp-1001", new string('x', TicketRules.MaxDescriptionLength + 1)), Ct);
        var created = (await desk.CreateAsync(new NewTicket("emp-1001", "Monitor flickers. Since Monday."), Ct)).Value!;

        Assert.Equal(FailureKind.Invalid, invalid.Failure?.Kind);
        Assert.DoesNotContain(_store.All, t => t.Description.Length > TicketRules.MaxDescriptionLength);
        Assert.Equal(("Monitor flickers", TicketPriority.P3, TicketCategory.Other, TicketImpact.Individual, (DateTimeOffset?)null),
            (created.Summary, created.Priority, created.Category, created.Impact, created.WaitingSince));
    }

    [Fact]
    public async Task AChangeThatLosesARace_IsDecidedAgainFromAFreshRead()
    {
        var racing = new RacingStore(_store);
        var desk = new TicketDesk(racing, _time);
        var ticket = (await desk.CreateAsync(new NewTicket("emp-1001", "Dock not charging"), Ct)).Value!;
        racing.BeforeNextUpdate = () => _store.UpdateAsync(ticket, ticket with { Priority = TicketPriority.P2, Revision = 1 }, [], Ct).GetAwaiter().GetResult();

        var changed = await desk.ChangeAsync(ticket.Number, new TicketChange(TicketStatus.InProgress, null), TicketActor.Agent("tech-7"), Ct);

        Assert.True(changed.IsOk, changed.Failure?.Reason);
        Assert.Equal((TicketStatus.InProgress, TicketPriority.P2, 2), (changed.Value.Status, changed.Value.Priority, changed.Value.Revision));
    }

    private sealed class RacingStore(InMemoryTicketStore inner) : ITicketStore
    {
        public Action? BeforeNextUpdate { get; set; }

        public Task<Result<Ticket>> InsertAsync(Ticket draft, TicketEvent created, CancellationToken cancellationToken) => inner.InsertAsync(draft, created, cancellationToken);

        public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken) => inner.GetAsync(number, cancellationToken);

        public Task<Result<Ticket>> AppendCommentAsync(TicketNumber number, TicketComment comment, TicketEvent commented, CancellationToken cancellationToken) => inner.AppendCommentAsync(number, comment, commented, cancellationToken);

        public Task<Result<Ticket>> UpdateAsync(Ticket expected, Ticket changed, IReadOnlyList<TicketEvent> events, CancellationToken cancellationToken)
        {
            var race = BeforeNextUpdate;
            BeforeNextUpdate = null;
            race?.Invoke();
            return inner.UpdateAsync(expected, changed, events, cancellationToken);
        }

        public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) => inner.ListRecentByCallerAsync(callerId, limit, cancellationToken);

        public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) => inner.ListOpenByCallerAsync(callerId, limit, cancellationToken);

        public Task<Result<IReadOnlyList<TicketEvent>>> HistoryAsync(TicketNumber number, CancellationToken cancellationToken) => inner.HistoryAsync(number, cancellationToken);

        public Task<Result<IReadOnlyList<Ticket>>> ListOpenSinceAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken) => inner.ListOpenSinceAsync(since, limit, cancellationToken);

        public Task<Result<IReadOnlyList<Ticket>>> ListWaitingAsync(TicketPriority priority, DateTimeOffset waitingSinceAtMost, int limit, CancellationToken cancellationToken) => inner.ListWaitingAsync(priority, waitingSinceAtMost, limit, cancellationToken);

        public Task<Result<IReadOnlyDictionary<string, long>>> ReadCountersAsync(IReadOnlyList<string> families, CancellationToken cancellationToken) => inner.ReadCountersAsync(families, cancellationToken);
    }
}
