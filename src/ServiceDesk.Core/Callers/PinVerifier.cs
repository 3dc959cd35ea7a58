namespace ServiceDesk.Core.Callers;

/// <summary>Wrong PINs an employee has had, across calls, and until when their PIN is locked.</summary>
public sealed record PinAttempts(int Failures, DateTimeOffset? LockedUntil)
{
    public static readonly PinAttempts None = new(0, null);

    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

/// <summary>
/// Where wrong PINs are counted across calls (DynamoDB in AWS, SQLite locally): a caller who hangs up after each
/// guess must meet the same lock as one who keeps guessing.
/// </summary>
public interface IPinAttemptStore
{
    Task<Result<PinAttempts>> ReadAsync(string callerId, CancellationToken cancellationToken);

    /// <summary>Counts one wrong PIN atomically (two calls guessing at once both count) and locks when the policy says so.</summary>
    Task<Result<PinAttempts>> RecordFailureAsync(string callerId, PinPolicy policy, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Result<bool>> ClearAsync(string callerId, CancellationToken cancellationToken);
}

/// <summary>How many wrong PINs lock an employee's PIN, and for how long. One place for both.</summary>
public sealed record PinPolicy
{
    public int FailuresBeforeLock { get; init; } = 5;
    public TimeSpan LockFor { get; init; } = TimeSpan.FromHours(1);
    /// <summary>Wrong PINs older than this are forgotten (the store's TTL), so a slip last month does not count.</summary>
    public TimeSpan RememberFailuresFor { get; init; } = TimeSpan.FromDays(1);
}

public enum PinCheck
{
    Verified,
    Wrong,
    /// <summary>Too many wrong PINs across calls: not even compared until the lock ends.</summary>
    Locked,
    /// <summary>No PIN is set for this employee: the id alone proves nothing.</summary>
    NotSet,
    /// <summary>The attempt store did not answer: fail closed.</summary>
    Unavailable,
}

/// <summary>Checks an employee's PIN against the directory's hash under the lockout. Never logs or keeps the PIN.</summary>
public sealed class PinVerifier(IPinAttemptStore attempts, TimeProvider time, PinPolicy? policy = null)
{
    public PinPolicy Policy { get; } = policy ?? new PinPolicy();

    public async Task<PinCheck> CheckAsync(Caller caller, string pin, CancellationToken cancellationToken)
    {
        if (caller.PinHash is null)
        {
            return PinCheck.NotSet;
        }

        var now = time.GetUtcNow();
        var before = await attempts.ReadAsync(caller.Id, cancellationToken);
        if (!before.IsOk)
        {
            return PinCheck.Unavailable;
        }

        if (before.Value.IsLocked(now))
        {
            return PinCheck.Locked;
        }

        if (VoicePin.Matches(pin, caller.PinHash))
        {
            // A failed clear only leaves old failures counting: the caller is verified either way.
            if (before.Value.Failures > 0)
            {
                await attempts.ClearAsync(caller.Id, cancellationToken);
            }

            return PinCheck.Verified;
        }

        var after = await attempts.RecordFailureAsync(caller.Id, Policy, now, cancellationToken);
        return after.IsOk && after.Value.IsLocked(now) ? PinCheck.Locked : PinCheck.Wrong;
    }
}
