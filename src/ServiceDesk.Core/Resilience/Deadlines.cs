namespace ServiceDesk.Core.Resilience;

/// <summary>
/// The time margins the functions keep, named in one place. Connect waits at most 8 s for a Lambda and Lex's caller
/// hears every second, so each budget is what is left of the invocation's deadline after these.
/// </summary>
public static class Deadlines
{
    /// <summary>Kept back from a Lex turn's deadline to write the response and for Lex to receive it.</summary>
    public static readonly TimeSpan LexResponseMargin = TimeSpan.FromMilliseconds(750);

    /// <summary>Below this much time for its dependencies, a Lex turn hands off instead of starting a backend call.</summary>
    public static readonly TimeSpan MinimumBackendTime = TimeSpan.FromMilliseconds(750);

    /// <summary>Kept back from a Connect invocation's deadline to answer the flow.</summary>
    public static readonly TimeSpan ConnectResponseMargin = TimeSpan.FromMilliseconds(500);

    /// <summary>Kept back from the deadline of a function no caller hears (the agent's tools, the ticket API) to answer.</summary>
    public static readonly TimeSpan FunctionResponseMargin = TimeSpan.FromMilliseconds(250);

    /// <summary>The least time worth starting a retry with: less cannot get an answer back.</summary>
    public static readonly TimeSpan MinimumAttempt = TimeSpan.FromMilliseconds(50);

    /// <summary>What an agent turn must still have after a throttling pause for the model to answer.</summary>
    public static readonly TimeSpan AgentAnswerRoom = TimeSpan.FromMilliseconds(500);

    /// <summary>One call to a store or the ticket API, retries included.</summary>
    public static readonly TimeSpan BackendCall = TimeSpan.FromSeconds(3);

    /// <summary>The queue check a flow waits for before it offers a callback or transfers anyway.</summary>
    public static readonly TimeSpan QueueCheck = TimeSpan.FromSeconds(2.5);

    /// <summary>One Connect API call (attach a handoff, read the queue).</summary>
    public static readonly TimeSpan ConnectCall = TimeSpan.FromSeconds(2);

    /// <summary>Attaching a handoff after the caller's close: at most this, and never started with less than <see cref="MinimumHandoffWork"/>.</summary>
    public static readonly TimeSpan HandoffWork = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MinimumHandoffWork = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// One call to the external visit scheduler, retries included: a voice turn must answer within Connect's 8 s with
    /// the rest of the turn around it, so a scheduler that is slower than this is "not answering", not waited for.
    /// </summary>
    public static readonly TimeSpan SchedulerCall = TimeSpan.FromSeconds(2.5);

    /// <summary>Ending an agent session on goodbye: best effort, short.</summary>
    public static readonly TimeSpan AgentEndSession = TimeSpan.FromSeconds(2);
}
