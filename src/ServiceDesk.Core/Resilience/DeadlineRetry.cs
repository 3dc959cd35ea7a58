namespace ServiceDesk.Core.Resilience;

/// <summary>How an operation is retried: attempts, the backoff before each retry (jittered), and the room an attempt needs.</summary>
public sealed record RetryPolicy
{
    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The pause before the second attempt; each later pause doubles, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A retry is not started unless this much time is left after its pause: an attempt with less cannot answer.</summary>
    public TimeSpan MinimumAttempt { get; init; } = Deadlines.MinimumAttempt;

    /// <summary>Checked once where a policy is built (start-up), so a bad one never reaches a caller's turn.</summary>
    public RetryPolicy Validated() =>
        MaxAttempts is < 1 or > 10 ? throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "1 to 10 attempts")
        : BaseDelay <= TimeSpan.Zero || MaxDelay < BaseDelay ? throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "a positive base delay no longer than the maximum")
        : MinimumAttempt < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(MinimumAttempt), MinimumAttempt, "not negative")
        : this;
}

/// <summary>One attempt's outcome: its value, and whether another attempt may do better (throttled, a 5xx, not sent).</summary>
public readonly record struct Attempt<T>(T Value, bool Retryable)
{
    public static Attempt<T> Final(T value) => new(value, false);

    public static Attempt<T> Retry(T value) => new(value, true);
}

/// <summary>
/// The one retry of this code base: attempts inside a deadline, each cancelled when the deadline passes, with jittered
/// exponential pauses on the injected clock, and no retry that could not finish in time. The attempt decides what is
/// retryable and maps its own exceptions; a caller who hangs up (the outer token) ends it at once.
/// </summary>
public sealed class DeadlineRetry(RetryPolicy policy, TimeProvider time, Func<double>? random = null)
{
    // Timers take at most ~49 days; a deadline further off than a day is no deadline for a phone call.
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(1);
    private readonly RetryPolicy _policy = policy.Validated();
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    /// <param name="onDeadline">The answer when the deadline passed before any attempt could start.</param>
    public async Task<T> RunAsync<T>(DateTimeOffset deadline, Func<CancellationToken, Task<Attempt<T>>> attempt, Func<T> onDeadline, CancellationToken cancellationToken)
    {
        for (var number = 1; ; number++)
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return onDeadline();
            }

            // The attempt's own deadline runs on the injected clock, so a test's clock (and only it) ends a hung attempt.
            using var timeout = new CancellationTokenSource(remaining < MaxTimer ? remaining : Timeout.InfiniteTimeSpan, time);
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var outcome = await attempt(budget.Token);
            if (!outcome.Retryable || number >= _policy.MaxAttempts || !await PauseAsync(number, deadline, cancellationToken))
            {
                return outcome.Value;
            }
        }
    }

    /// <summary>
    /// The pause after attempt <paramref name="attempt"/> (1-based), taken only when an attempt still fits after it;
    /// false when it would not (the caller answers with what it has). For loops that retry one step of several.
    /// </summary>
    public async Task<bool> PauseAsync(int attempt, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var pause = Delay(attempt);
        if (time.GetUtcNow() + pause + _policy.MinimumAttempt >= deadline)
        {
            return false;
        }

        await Task.Delay(pause, time, cancellationToken);
        return true;
    }

    /// <summary>Full-range jitter around the doubled delay (0.5x to 1.5x), so callers throttled together do not retry together.</summary>
    public TimeSpan Delay(int attempt)
    {
        var doubled = _policy.BaseDelay * Math.Pow(2, Math.Clamp(attempt - 1, 0, 16));
        var capped = doubled < _policy.MaxDelay ? doubled : _policy.MaxDelay;
        return capped * (0.5 + Math.Clamp(_random(), 0, 1));
    }
}
