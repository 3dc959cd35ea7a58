using ServiceDesk.Core.Tickets;
using ServiceDesk.Local;
using ServiceDesk.Testing;

namespace ServiceDesk.Cli.Tests.Commands;

public sealed class EscalateCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "servicedesk-escalate-tests", Guid.NewGuid().ToString("N"));
    private static readonly DateTimeOffset Opened = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync([.. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<Ticket> SeedAsync(TicketPriority priority, string description)
    {
        using var local = LocalComposition.InFolder(_data, new LocalOptions { Time = new ManualClock(Opened) });
        return (await local.Desk.CreateAsync(new NewTicket("emp-1001", description, Priority: priority), Ct)).Value!;
    }

    [Fact]
    public async Task Escalate_AtAGivenTime_EscalatesTheDueTicketsOnce_AndPrintsEachNotice()
    {
        var p1 = await SeedAsync(TicketPriority.P1, "Email down for the whole floor");
        var p2 = await SeedAsync(TicketPriority.P2, "Shared drive slow");

        var (exit, output, error) = await RunAsync("escalate", "--data", _data, "--now", "2026-12-01T09:05:00Z");
        var (againExit, again, _) = await RunAsync("escalate", "--data", _data, "--now", "2026-12-01T09:05:00Z");

        Assert.True(exit == 0, error);
        Assert.Contains($"escalated: Ticket {p1.Number} (P1, Other, impact Individual) has waited 65 minutes", output, StringComparison.Ordinal);
        Assert.DoesNotContain(p2.Number.ToString(), output, StringComparison.Ordinal);
        Assert.Contains("-- 1 escalated", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Email down", output, StringComparison.Ordinal);
        Assert.Equal(0, againExit);
        Assert.Contains("-- 0 escalated", again, StringComparison.Ordinal);
        using var local = LocalComposition.InFolder(_data);
        Assert.Equal(1, (await local.Desk.GetAsync(p1.Number, Ct)).Value!.EscalationLevel);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T00:00:00Z")]
    public async Task Escalate_WithATimeThatIsNone_ExitsOneNamingIt(string now)
    {
        var (exit, _, error) = await RunAsync("escalate", "--data", _data, "--now", now);

        Assert.Equal(1, exit);
        Assert.Contains($"--now {now}: not a date and time", error, StringComparison.Ordinal);
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
