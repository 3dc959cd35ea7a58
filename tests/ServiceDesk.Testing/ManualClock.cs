using Microsoft.Extensions.Time.Testing;

namespace ServiceDesk.Testing;

/// <summary>
/// The tests' clock: Microsoft's <see cref="FakeTimeProvider"/>, starting at <see cref="MondayMorning"/> (a Monday morning, in
/// opening hours), and able to tell a test when the code under test has set a timer (<c>Task.WaitAsync(timeout, time)</c>,
/// <c>Task.Delay(delay, time)</c>). A test waits for the timer it expects, then advances past it: no real time passes.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    /// <summary>Monday 2 November 2026, 09:30 UTC.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _set = [];
    private readonly List<(TimeSpan DueTime, TaskCompletionSource Scheduled)> _waiting = [];

    public ManualClock() : this(MondayMorning)
    {
    }

    /// <summary>
    /// Timers due within this span (a retry's backoff, not a call's timeout) move the clock on by their due time as soon
    /// as they are set, so a test that only drives the clock from its fakes' answers still sees the pause spent.
    /// </summary>
    public TimeSpan SkipPausesUpTo { get; set; }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime <= SkipPausesUpTo)
        {
            _ = Task.Run(() => Advance(dueTime));
        }

        List<TaskCompletionSource> scheduled;
        lock (_gate)
        {
            scheduled = [.. _waiting.Where(w => w.DueTime == dueTime).Select(w => w.Scheduled)];
            _waiting.RemoveAll(w => w.DueTime == dueTime);
            if (scheduled.Count == 0)
            {
                _set.Add(dueTime); // for a test that asks after the timer was set
            }
        }

        scheduled.ForEach(s => s.SetResult());
        return timer;
    }

    /// <summary>Completes once a timer due <paramref name="dueTime"/> after it was set has been set.</summary>
    public Task TimerScheduled(TimeSpan dueTime)
    {
        lock (_gate)
        {
            if (_set.Remove(dueTime))
            {
                return Task.CompletedTask;
            }

            var scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((dueTime, scheduled));
            return scheduled.Task;
        }
    }
}
