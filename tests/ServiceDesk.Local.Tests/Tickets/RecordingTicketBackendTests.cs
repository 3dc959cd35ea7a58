using ServiceDesk.Core.Tickets;
using ServiceDesk.Local.Tickets;
using ServiceDesk.Testing;

namespace ServiceDesk.Local.Tests.Tickets;

public class RecordingTicketBackendTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Record_StopsGrowingAtItsBound_AndStartsAgainAfterForget()
    {
        // serve-tickets never reads the record: without the bound it would keep every ticket the server ever created.
        var sut = new RecordingTicketBackend(new InMemoryTicketBackend());
        for (var i = 0; i < RecordingTicketBackend.MaxRecorded + 50; i++)
        {
            await sut.CreateAsync(new NewTicket("emp-1001", $"Issue {i}"), Ct);
        }

        Assert.Equal(RecordingTicketBackend.MaxRecorded, sut.Touched.Count);

        sut.Forget();
        var next = (await sut.CreateAsync(new NewTicket("emp-1001", "After the reset"), Ct)).Value!;

        Assert.Equal(next.Number, Assert.Single(sut.Touched).Ticket.Number);
    }

    [Fact]
    public async Task Record_WhenFull_StillFollowsTheTicketsItHolds()
    {
        var sut = new RecordingTicketBackend(new InMemoryTicketBackend());
        var first = (await sut.CreateAsync(new NewTicket("emp-1001", "First"), Ct)).Value!;
        for (var i = 1; i < RecordingTicketBackend.MaxRecorded + 5; i++)
        {
            await sut.CreateAsync(new NewTicket("emp-1001", $"Issue {i}"), Ct);
        }

        await sut.AddCommentAsync(first.Number, new NewComment("emp-1001", "More detail"), Ct);

        var recorded = sut.Touched.Single(t => t.Ticket.Number == first.Number);
        Assert.Equal("created", recorded.Change);
        Assert.Single(recorded.Ticket.Comments);
    }
}
