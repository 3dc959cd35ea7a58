using ServiceDesk.Core.Callers;
using ServiceDesk.Testing;

namespace ServiceDesk.IntegrationTests.Storage;

/// <summary>What every store of wrong PINs promises: counted across calls, atomically, locked by the policy, forgotten in time.</summary>
public abstract class PinAttemptStoreContract
{
    protected ManualClock Time { get; } = new(DateTimeOffset.Parse("2026-12-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    protected static readonly PinPolicy Policy = new() { FailuresBeforeLock = 3, LockFor = TimeSpan.FromMinutes(30), RememberFailuresFor = TimeSpan.FromHours(2) };

    protected abstract IPinAttemptStore CreateSut();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Read_WhenNothingRecorded_IsNoFailures() =>
        Assert.Equal(PinAttempts.None, (await CreateSut().ReadAsync("emp-1002", Ct)).Value);

    [Fact]
    public async Task RecordFailure_CountsUpToTheLockThenLocks()
    {
        var store = CreateSut();

        Assert.Equal(1, (await store.RecordFailureAsync("emp-1002", Policy, Time.GetUtcNow(), Ct)).Value!.Failures);
        Assert.Equal(2, (await store.RecordFailureAsync("emp-1002", Policy, Time.GetUtcNow(), Ct)).Value!.Failures);
        var third = (await store.RecordFailureAsync("emp-1002", Policy, Time.GetUtcNow(), Ct)).Value!;

        Assert.True(third.IsLocked(Time.GetUtcNow()));
        var read = (await store.ReadAsync("emp-1002", Ct)).Value!;
        Assert.Equal(Time.GetUtcNow() + Policy.LockFor, read.LockedUntil);
        Assert.False(read.IsLocked(Time.GetUtcNow() + Policy.LockFor));
        Assert.Equal(PinAttempts.None, (await store.ReadAsync("emp-1003", Ct)).Value);
    }

    [Fact]
    public async Task RecordFailure_FromCallsAtOnce_CountsEveryOne()
    {
        var store = CreateSut();
        var many = new PinPolicy { FailuresBeforeLock = 100 };

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.RecordFailureAsync("emp-1002", many, Time.GetUtcNow(), Ct), Ct)));

        Assert.Equal(8, (await store.ReadAsync("emp-1002", Ct)).Value!.Failures);
    }

    [Fact]
    public async Task RecordFailure_AfterTheFailuresAreForgotten_StartsAgainFromOne()
    {
        var store = CreateSut();
        await store.RecordFailureAsync("emp-1002", Policy, Time.GetUtcNow(), Ct);
        await store.RecordFailureAsync("emp-1002", Policy, Time.GetUtcNow(), Ct);

        Time.Advance(Policy.RememberFailuresFor + TimeSpan.FromMinutes(1));

        Assert.Equal(PinAttempts.None, (await store.ReadAsync("emp-1002", Ct)).Value);
        Assert.Equal(1, (await store.RecordFailureAsync("emp-1002", Policy, Time.GetUtcNow(), Ct)).Value!.Failures);
    }

    [Fact]
    public async Task Clear_ForgetsTheFailures()
    {
        var store = CreateSut();
        await store.RecordFailureAsync("emp-1002", Policy, Time.GetUtcNow(), Ct);

        await store.ClearAsync("emp-1002", Ct);

        Assert.Equal(PinAttempts.None, (await store.ReadAsync("emp-1002", Ct)).Value);
    }
}
