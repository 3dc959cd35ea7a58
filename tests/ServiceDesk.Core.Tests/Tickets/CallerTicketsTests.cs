using ServiceDesk.Core.Tickets;
using ServiceDesk.Testing;

namespace ServiceDesk.Core.Tests.Tickets;

public class CallerTicketsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListOpen_IncludesOpenTicketsOlderThanTheNewestFifty()
    {
        var backend = new InMemoryTicketBackend();
        var old = backend.Seed("emp-1001", "Scanner offline", age: TimeSpan.FromDays(90));
        for (var i = 0; i < TicketRules.MaxListLimit; i++)
        {
            backend.Seed("emp-1001", $"Fixed {i}", TicketStatus.Resolved, TimeSpan.FromDays(50 - i));
        }

        var newest = backend.Seed("emp-1001", "Headset crackles");
        backend.Seed("emp-1002", "Someone else's", age: TimeSpan.FromDays(1));

        var open = await new CallerTickets(backend).ListOpenAsync("emp-1001", Ct);

        Assert.Equal([newest.Number, old.Number], open.Value!.Select(t => t.Number));
    }
}
