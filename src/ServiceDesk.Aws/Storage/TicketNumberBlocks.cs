namespace ServiceDesk.Aws.Storage;

/// <summary>
/// Ticket numbers for one store instance, reserved from the shared counter in blocks (one atomic ADD each) and handed
/// out from memory, so a create does not write the one counter item every time: a single hot item would cap creates
/// across the fleet. Blocks of different instances never overlap, so a number is never given twice; the numbers an
/// instance had not handed out when it ends are gaps, never reused.
/// </summary>
/// <remarks>
/// Blocks start small and double while each lasts under <see cref="GrowWithin"/>, up to <see cref="MaxBlock"/>, and
/// fall back to <see cref="FirstBlock"/> when traffic slows: a quiet container leaves at most a few numbers unused, a busy
/// one writes the counter once per 100 creates (a hundredth of the old load on that item), and the numbers stay short:
/// an instance leaves unused at most the block it holds when it ends. When half a block is left, the next
/// one is reserved alongside the create that noticed (it awaits that before answering: nothing may run after a Lambda
/// invocation returns), so creates rarely wait for the counter.
/// </remarks>
internal sealed class TicketNumberBlocks(Func<long, CancellationToken, Task<long>> reserve, TimeSpan reserveTimeout, TimeProvider time)
{
    public const int FirstBlock = 10;
    public const int MaxBlock = 100;
    public static readonly TimeSpan GrowWithin = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private long _next = 1;
    private long _end;
    private (long First, long Last)? _spare;
    private long _lastSize;
    private DateTimeOffset _lastReserved;
    private Task? _reserving;

    /// <summary>
    /// The next number, waiting for a block when none is left. <c>Reserving</c> is the next block's reservation when this
    /// call started one (else a completed task): the caller awaits it before it answers, and may ignore its failure.
    /// </summary>
    public async Task<(long Number, Task Reserving)> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            long? number = null;
            Task pending;
            (long Size, TaskCompletionSource Done)? start = null;
            lock (_gate)
            {
                if (_next > _end && _spare is { } spare)
                {
                    (_next, _end, _spare) = (spare.First, spare.Last, null);
                }

                if (_next <= _end)
                {
                    number = _next++;
                    if (_end - _next + 1 > _lastSize / 2 || _spare is not null || _reserving is not null)
                    {
                        return (number.Value, Task.CompletedTask);
                    }
                }

                start = _reserving is null ? Begin() : null;
                pending = _reserving!;
            }

            // Started outside the lock: the reservation takes the lock itself when it completes.
            if (start is { } mine)
            {
                _ = ReserveAsync(mine.Size, mine.Done);
            }

            if (number is { } taken)
            {
                return (taken, pending);
            }

            await pending.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Under the lock: the size of the next block, marked as being reserved so no one else starts it.</summary>
    private (long Size, TaskCompletionSource Done) Begin()
    {
        var now = time.GetUtcNow();
        var size = _lastSize > 0 && now - _lastReserved < GrowWithin ? Math.Min(_lastSize * 2, MaxBlock) : FirstBlock;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _reserving = done.Task;
        return (size, done);
    }

    /// <summary>
    /// One reservation, on its own deadline rather than the token of the call that started it: every waiter shares it,
    /// and each stops waiting on its own token.
    /// </summary>
    private async Task ReserveAsync(long size, TaskCompletionSource done)
    {
        try
        {
            using var deadline = new CancellationTokenSource(reserveTimeout, time);
            var last = await reserve(size, deadline.Token);
            lock (_gate)
            {
                if (_next > _end)
                {
                    (_next, _end) = (last - size + 1, last);
                }
                else
                {
                    _spare = (last - size + 1, last);
                }

                (_lastSize, _lastReserved, _reserving) = (size, time.GetUtcNow(), null);
            }

            done.SetResult();
        }
        catch (Exception ex)
        {
            // The failure is its waiters' (each sees it as its own call's); the next taker starts another reservation.
            lock (_gate)
            {
                _reserving = null;
            }

            done.SetException(ex);
        }
    }
}
