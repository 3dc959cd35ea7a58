using ServiceDesk.Aws.Storage;
using ServiceDesk.Testing;

namespace ServiceDesk.Aws.Tests.Storage;

public class TicketNumberBlocksTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The shared counter item: ADD returns the new value, the last number of the block just reserved.</summary>
    private sealed class Counter
    {
        private long _value;

        public List<long> Sizes { get; } = [];
        public TaskCompletionSource? Gate { get; set; }
        public Exception? FailNext { get; set; }

        public async Task<long> Reserve(long size, CancellationToken ct)
        {
            lock (Sizes)
            {
                Sizes.Add(size);
            }

            if (Gate is { } gate)
            {
                await gate.Task;
            }

            if (FailNext is { } failure)
            {
                FailNext = null;
                throw failure;
            }

            return Interlocked.Add(ref _value, size);
        }
    }

    private static async Task<long> TakeAsync(TicketNumberBlocks sut)
    {
        var (number, reserving) = await sut.TakeAsync(Ct);
        await reserving;
        return number;
    }

    [Fact]
    public async Task Take_GivesConsecutiveNumbers_FromBlocksThatDoubleWhileBusy_UpToTheLargest()
    {
        var counter = new Counter();
        var sut = new TicketNumberBlocks(counter.Reserve, TimeSpan.FromSeconds(3), new ManualClock());

        var numbers = new List<long>();
        for (var i = 0; i < 300; i++)
        {
            numbers.Add(await TakeAsync(sut));
        }

        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), numbers);
        Assert.Equal([10, 20, 40, 80, TicketNumberBlocks.MaxBlock, TicketNumberBlocks.MaxBlock, TicketNumberBlocks.MaxBlock], counter.Sizes);
    }

    [Fact]
    public async Task Take_AfterAQuietMinute_ReservesTheFirstBlockSizeAgain()
    {
        var counter = new Counter();
        var time = new ManualClock();
        var sut = new TicketNumberBlocks(counter.Reserve, TimeSpan.FromSeconds(3), time);
        for (var i = 0; i < 5; i++)
        {
            await TakeAsync(sut);
        }

        time.Advance(TicketNumberBlocks.GrowWithin + TimeSpan.FromSeconds(1));
        for (var i = 0; i < 15; i++)
        {
            await TakeAsync(sut);
        }

        Assert.Equal([TicketNumberBlocks.FirstBlock, 2 * TicketNumberBlocks.FirstBlock, TicketNumberBlocks.FirstBlock], counter.Sizes);
    }

    [Fact]
    public async Task Take_ByManyAtOnce_WaitsForOneReservation()
    {
        var counter = new Counter { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var sut = new TicketNumberBlocks(counter.Reserve, TimeSpan.FromSeconds(3), new ManualClock());

        var takers = Enumerable.Range(0, 50).Select(_ => Task.Run(() => TakeAsync(sut), Ct)).ToArray();
        while (counter.Sizes.Count == 0)
        {
            await Task.Yield();
        }

        Assert.Single(counter.Sizes);
        Assert.DoesNotContain(takers, t => t.IsCompleted);
        counter.Gate.SetResult();
        var numbers = await Task.WhenAll(takers);

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), numbers.Order());
        Assert.True(counter.Sizes.Sum() >= 50);
    }

    [Fact]
    public async Task Take_WhenTheReservationFails_FailsThatTake_AndTheNextOneReservesAgain()
    {
        var counter = new Counter { FailNext = new HttpRequestException("no route") };
        var sut = new TicketNumberBlocks(counter.Reserve, TimeSpan.FromSeconds(3), new ManualClock());

        await Assert.ThrowsAsync<HttpRequestException>(() => TakeAsync(sut));
        var number = await TakeAsync(sut);

        Assert.Equal(1, number);
        Assert.Equal(2, counter.Sizes.Count);
    }

    [Fact]
    public async Task Take_WhenAnotherInstanceReservedInBetween_SkipsItsNumbers()
    {
        var counter = new Counter();
        var first = new TicketNumberBlocks(counter.Reserve, TimeSpan.FromSeconds(3), new ManualClock());
        var second = new TicketNumberBlocks(counter.Reserve, TimeSpan.FromSeconds(3), new ManualClock());

        var a = new List<long>();
        var b = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            a.Add(await TakeAsync(first));
            b.Add(await TakeAsync(second));
        }

        Assert.Empty(a.Intersect(b));
        Assert.Equal(1, a[0]);
        Assert.Equal(1 + TicketNumberBlocks.FirstBlock, b[0]);
    }
}
