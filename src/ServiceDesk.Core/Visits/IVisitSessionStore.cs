namespace ServiceDesk.Core.Visits;

/// <summary>
/// What one call or agent session knows about the booking in progress, kept server-side for
/// <see cref="IVisitSessionStore.TimeToLive"/>: the scheduler's token and request id never travel through the model,
/// the prompt, logs or Lex session attributes.
/// </summary>
public sealed record VisitSession(string SessionId, string Token)
{
    /// <summary>The project (visit) being booked, and the request id the scheduler issued for it.</summary>
    public string? ProjectId { get; init; }
    public string? RequestId { get; init; }

    /// <summary>The dates and times offered so far, so a choice is checked against what was offered.</summary>
    public IReadOnlyList<DateOnly> OfferedDates { get; init; } = [];
    public DateOnly? SlotsDate { get; init; }
    public IReadOnlyList<TimeOnly> OfferedSlots { get; init; } = [];

    /// <summary>The booking this session already made (project, date, time): a retried invocation answers with it.</summary>
    public string? BookedProjectId { get; init; }
    public DateOnly? BookedDate { get; init; }
    public TimeOnly? BookedTime { get; init; }
    public bool BookedMoved { get; init; }

    public override string ToString() => $"VisitSession {{ SessionId = {SessionId}, ProjectId = {ProjectId}, Token = *** }}";
}

/// <summary>Session state keyed by session id (DynamoDB with TTL in AWS, SQLite locally).</summary>
public interface IVisitSessionStore
{
    /// <summary>How long a session lives after its last write.</summary>
    static TimeSpan TimeToLive => TimeSpan.FromMinutes(30);

    /// <summary>The session, or null when there is none or it is past its time to live.</summary>
    Task<VisitSession?> GetAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Writes the whole session and restarts its time to live.</summary>
    Task PutAsync(VisitSession session, CancellationToken cancellationToken);
}
