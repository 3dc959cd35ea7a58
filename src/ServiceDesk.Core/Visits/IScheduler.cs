namespace ServiceDesk.Core.Visits;

/// <summary>
/// The external visit scheduler's API, one method per endpoint, for one tenant. Every call carries the session's
/// bearer token (<see cref="SchedulerCall"/>); the adapter never keeps one. Failures: <see cref="FailureKind.NotFound"/>
/// (no such project), <see cref="FailureKind.Conflict"/> (the slot was taken, or the visit can no longer be changed),
/// <see cref="FailureKind.Expired"/> (the request id is no longer valid), <see cref="FailureKind.Refused"/> (token
/// refused), <see cref="FailureKind.Invalid"/> (our request was malformed), <see cref="FailureKind.Unavailable"/>
/// (down, or no answer within the deadline).
/// </summary>
public interface IScheduler
{
    /// <summary><c>GET dashboard/get/{client_id}/{customer_id}</c>.</summary>
    Task<Result<IReadOnlyList<VisitProject>>> ListProjectsAsync(SchedulerCall call, string customerId, CancellationToken cancellationToken);

    /// <summary><c>GET scheduler/client/{client_id}/business-hours</c>.</summary>
    Task<Result<IReadOnlyList<WorkDay>>> GetBusinessHoursAsync(SchedulerCall call, CancellationToken cancellationToken);

    /// <summary><c>GET .../project/{id}/date/{today}/selected/{today}/get-rescheduler-slots</c>: dates and a new request id.</summary>
    Task<Result<AvailableDates>> GetAvailableDatesAsync(SchedulerCall call, string projectId, DateOnly today, CancellationToken cancellationToken);

    /// <summary><c>GET .../date/{date}/selected/{date}/get-rescheduler-slots?request_id=</c>: free times on that date.</summary>
    Task<Result<IReadOnlyList<TimeOnly>>> GetTimeSlotsAsync(SchedulerCall call, string projectId, DateOnly date, string requestId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>POST .../project/{id}/schedule</c>. Not safe to repeat: after a timeout the adapter does not post again; the
    /// caller of this port checks the dashboard instead.
    /// </summary>
    Task<Result<string>> ScheduleAsync(SchedulerCall call, string projectId, DateOnly date, TimeOnly time, string requestId, DateTimeOffset createdAt, CancellationToken cancellationToken);

    /// <summary><c>GET .../project/{id}/cancel-reschedule</c>.</summary>
    Task<Result<string>> CancelAsync(SchedulerCall call, string projectId, CancellationToken cancellationToken);

    /// <summary><c>POST project-notes/add/{client_id}/{project_id}</c>: the new note's id.</summary>
    Task<Result<string>> AddNoteAsync(SchedulerCall call, string projectId, string text, CancellationToken cancellationToken);
}

/// <summary>The bearer token of one session; never logged, never shown to a model or written to Lex attributes.</summary>
public sealed record SchedulerCall(string Token)
{
    public override string ToString() => "SchedulerCall { Token = *** }";
}

/// <summary>Resolves a tenant's bearer token (Secrets Manager in AWS, configuration locally).</summary>
public interface ISchedulerTokens
{
    Task<Result<string>> GetTokenAsync(string clientId, CancellationToken cancellationToken);
}
