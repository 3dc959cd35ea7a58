namespace ServiceDesk.Core.Visits;

/// <summary>
/// A project in the external scheduler: one on-site technician visit for one ticket. The link is the project number,
/// which is the ticket number (<c>INC0001234</c>); the scheduler's own project id is opaque to us.
/// </summary>
public sealed record VisitProject(
    string ProjectId,
    string ProjectNumber,
    string Type,
    string Category,
    string Status,
    string Address,
    DateOnly? ScheduledDate,
    DateTime? Start,
    DateTime? End);

/// <summary>One day of the tenant's week: whether technicians work it.</summary>
public sealed record WorkDay(DayOfWeek Day, bool IsWorking);

/// <summary>
/// The dates a project can be visited, and the scheduler's <see cref="RequestId"/> for this booking conversation: the
/// slot query and the booking must carry it, and it expires (then the dates are asked for again).
/// </summary>
public sealed record AvailableDates(IReadOnlyList<DateOnly> Dates, string RequestId);

/// <summary>The tenant (one customer of the scheduler): its id and where its API lives. Configuration, never code.</summary>
public sealed record SchedulerTenant(string ClientId, Uri BaseUrl);

/// <summary>Whether bookings and cancellations are real (1) or answered as if done without doing them (0, test mode).</summary>
public sealed record VisitFlags(bool ConfirmSchedule, bool CancelSchedule)
{
    /// <summary>What a deployment starts with: test mode for both until someone turns them on.</summary>
    public static readonly VisitFlags TestMode = new(false, false);
    public static readonly VisitFlags Live = new(true, true);

    /// <summary>Reads <c>CONFIRM_SCHEDULE_FLAG</c>/<c>CANCEL_SCHEDULE_FLAG</c> values: "1" is real, "0" or nothing is test mode.</summary>
    public static VisitFlags From(string? confirm, string? cancel) => new(Flag(confirm), Flag(cancel));

    private static bool Flag(string? value) => value?.Trim() switch
    {
        null or "" or "0" => false,
        "1" => true,
        _ => throw new ArgumentException($"a schedule flag is 0 or 1, not '{value}'"),
    };
}
