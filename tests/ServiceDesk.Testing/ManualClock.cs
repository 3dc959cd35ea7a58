namespace ServiceDesk.Testing;

/// <summary>
/// A clock whose timers fire only when the test moves it, for code that waits with a <see cref="TimeProvider"/>
/// (<c>Task.WaitAsync(timeout, time)</c>). A test waits for the timer it expects, then advances past it: no real time
/// passes. <see cref="FakeTimeProvider"/> is the simpler clock for code that only reads the time.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<Timer> _timers = [];
    private readonly List<(TimeSpan DueTime, TaskCompletionSource Scheduled)> _waiting = [];
    private DateTimeOffset _now = start;

    public ManualClock() : this(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Completes once a timer set to fire <paramref name="dueTime"/> from when it was set is waiting.</summary>
    public Task TimerScheduled(TimeSpan dueTime)
    {
        lock (_gate)
        {
            if (_timers.Any(t => t.DueTime == dueTime))
            {
                return Task.CompletedTask;
            }

            var scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((dueTime, scheduled));
            return scheduled.Task;
        }
    }

    /// <summary>Moves the clock on and fires the timers that fall due, outside the lock.</summary>
    public void Advance(TimeSpan by)
    {
        List<Timer> due;
        lock (_gate)
        {
            _now += by;
            due = [.. _timers.Where(t => t.DueAt <= _now)];
            foreach (var timer in due)
            {
                _timers.Remove(timer);
                if (timer.Period is { } period && period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
                {
                    timer.DueAt = _now + period;
                    _timers.Add(timer);
                }
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Schedule(Timer timer, TimeSpan dueTime, TimeSpan period)
    {
        List<TaskCompletionSource> scheduled;
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            (timer.DueTime, timer.DueAt, timer.Period) = (dueTime, _now + dueTime, period);
            _timers.Add(timer);
            scheduled = [.. _waiting.Where(w => w.DueTime == dueTime).Select(w => w.Scheduled)];
            _waiting.RemoveAll(w => w.DueTime == dueTime);
        }

        scheduled.ForEach(s => s.SetResult());
    }

    private void Unschedule(Timer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class Timer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan DueTime { get; set; }

        public DateTimeOffset DueAt { get; set; }

        public TimeSpan? Period { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Schedule(this, dueTime, period);
            return true;
        }

        public void Dispose() => clock.Unschedule(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
