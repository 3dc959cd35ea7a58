using ServiceDesk.Core.Visits;
using ServiceDesk.Testing;

namespace ServiceDesk.IntegrationTests.Storage;

/// <summary>What every store of visit sessions promises: the whole session back, for 30 minutes after its last write.</summary>
public abstract class VisitSessionStoreContract
{
    protected ManualClock Time { get; } = new(DateTimeOffset.Parse("2026-12-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    protected abstract IVisitSessionStore CreateSut();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static readonly VisitSession Booked = new("call-1", "bearer-abc")
    {
        ProjectId = "p-17",
        RequestId = "req-9",
        OfferedDates = [new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 4)],
        SlotsDate = new DateOnly(2026, 12, 3),
        OfferedSlots = [new TimeOnly(9, 0), new TimeOnly(14, 30)],
        BookedProjectId = "p-17",
        BookedDate = new DateOnly(2026, 12, 3),
        BookedTime = new TimeOnly(14, 30),
        BookedMoved = true,
    };

    [Fact]
    public async Task Get_WhenNothingWasPut_IsNull() =>
        Assert.Null(await CreateSut().GetAsync("never", Ct));

    [Fact]
    public async Task Put_ThenGet_ReturnsTheWholeSession_TokenIncluded()
    {
        var store = CreateSut();
        await store.PutAsync(Booked, Ct);

        var read = await store.GetAsync("call-1", Ct);

        Assert.NotNull(read);
        Assert.Equal(("call-1", "bearer-abc", "p-17", "req-9"), (read.SessionId, read.Token, read.ProjectId, read.RequestId));
        Assert.Equal(Booked.OfferedDates, read.OfferedDates);
        Assert.Equal(Booked.SlotsDate, read.SlotsDate);
        Assert.Equal(Booked.OfferedSlots, read.OfferedSlots);
        Assert.Equal((Booked.BookedProjectId, Booked.BookedDate, Booked.BookedTime, true), (read.BookedProjectId, read.BookedDate, read.BookedTime, read.BookedMoved));
        Assert.Null(await store.GetAsync("call-2", Ct));
    }

    [Fact]
    public async Task Put_ReplacesTheWholeSession()
    {
        var store = CreateSut();
        await store.PutAsync(Booked, Ct);

        await store.PutAsync(new VisitSession("call-1", "bearer-abc") { ProjectId = "p-18" }, Ct);

        var read = (await store.GetAsync("call-1", Ct))!;
        Assert.Equal("p-18", read.ProjectId);
        Assert.Null(read.RequestId);
        Assert.Empty(read.OfferedDates);
        Assert.Null(read.BookedDate);
    }

    [Fact]
    public async Task Get_AtItsTimeToLive_IsNull()
    {
        var store = CreateSut();
        await store.PutAsync(Booked, Ct);

        Time.Advance(IVisitSessionStore.TimeToLive - TimeSpan.FromSeconds(1));
        var before = await store.GetAsync("call-1", Ct);
        Time.Advance(TimeSpan.FromSeconds(1));

        Assert.NotNull(before);
        Assert.Null(await store.GetAsync("call-1", Ct));
    }

    [Fact]
    public async Task Put_RestartsTheTimeToLive()
    {
        var store = CreateSut();
        await store.PutAsync(Booked, Ct);
        Time.Advance(TimeSpan.FromMinutes(20));

        await store.PutAsync(Booked with { RequestId = "req-10" }, Ct);
        Time.Advance(TimeSpan.FromMinutes(20));

        Assert.Equal("req-10", (await store.GetAsync("call-1", Ct))?.RequestId);
        Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(await store.GetAsync("call-1", Ct));
    }
}
