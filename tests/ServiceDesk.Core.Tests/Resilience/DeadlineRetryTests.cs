using ServiceDesk.Core.Resilience;
using ServiceDesk.Testing;

namespace ServiceDesk.Core.Tests.Resilience;

public class DeadlineRetryTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly RetryPolicy Policy = new() { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(100), MinimumAttempt = TimeSpan.FromMilliseconds(50) };

    // Jitter of 0.5 is the middle of the range: pauses are exactly the doubled delays.
    private static DeadlineRetry Retry(TimeProvider time, RetryPolicy? policy = null) => new(policy ?? Policy, time, () => 0.5);

    [Fact]
    public async Task Run_RetriesARetryableOutcome_AfterDoublingPauses_UpToMaxAttempts()
    {
        var clock = new ManualClock();
        var attempts = 0;

        var run = Retry(clock).RunAsync(clock.GetUtcNow().AddSeconds(10), _ => Task.FromResult(Attempt<int>.Retry(++attempts)), () => -1, Ct);
        await clock.TimerScheduled(TimeSpan.FromMilliseconds(100));
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await clock.TimerScheduled(TimeSpan.FromMilliseconds(200));
        clock.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal(3, await run);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Run_AFinalOutcome_IsNotRetried()
    {
        var attempts = 0;

        var value = await Retry(new ManualClock()).RunAsync(DateTimeOffset.MaxValue, _ => Task.FromResult(Attempt<int>.Final(++attempts)), () => -1, Ct);

        Assert.Equal(1, value);
    }

    [Fact]
    public async Task Run_DoesNotRetryWhenThePauseWouldLeaveNoRoomForAnAttempt()
    {
        var clock = new ManualClock();
        var attempts = 0;

        // 250 ms: after the first attempt a 100 ms pause leaves 150 ms; after the second (at 100 ms) a 200 ms pause would not.
        var run = Retry(clock).RunAsync(clock.GetUtcNow().AddMilliseconds(250), _ => Task.FromResult(Attempt<int>.Retry(++attempts)), () => -1, Ct);
        await clock.TimerScheduled(TimeSpan.FromMilliseconds(100));
        clock.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal(2, await run);
    }

    [Fact]
    public async Task Run_WithTheDeadlinePassed_StartsNothing()
    {
        var clock = new ManualClock();
        var attempts = 0;

        var value = await Retry(clock).RunAsync(clock.GetUtcNow(), _ => Task.FromResult(Attempt<int>.Final(++attempts)), () => -1, Ct);

        Assert.Equal((-1, 0), (value, attempts));
    }

    [Fact]
    public async Task Run_AnAttemptThatHangs_IsCancelledAtTheDeadline_OnTheInjectedClock()
    {
        var clock = new ManualClock();

        var run = Retry(clock).RunAsync(clock.GetUtcNow().AddSeconds(2), async token =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
                return Attempt<string>.Final("answered");
            }
            catch (OperationCanceledException)
            {
                return Attempt<string>.Final("timed out");
            }
        }, () => "late", Ct);
        await clock.TimerScheduled(TimeSpan.FromSeconds(2));
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("timed out", await run);
    }

    [Theory]
    [InlineData(1, 0.0, 50)]
    [InlineData(1, 1.0, 150)]
    [InlineData(3, 0.5, 400)]
    [InlineData(8, 0.5, 1000)]
    public void Delay_DoublesJittersAndCaps(int attempt, double random, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), new DeadlineRetry(Policy, TimeProvider.System, () => random).Delay(attempt));

    [Fact]
    public void Policy_OutOfRange_IsRefusedWhereItIsBuilt()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy { MaxAttempts = 0 }.Validated());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(1) }.Validated());
    }
}
