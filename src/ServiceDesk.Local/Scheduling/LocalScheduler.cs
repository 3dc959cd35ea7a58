using System.Globalization;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Visits;
using ServiceDesk.Local.Storage;

namespace ServiceDesk.Local.Scheduling;

/// <summary>
/// The external scheduler, in-process over SQLite: what <c>servicedesk call</c> books against by default and what
/// <c>serve-scheduler</c> serves over HTTP. The demo calendar: technicians work Monday to Friday at 09:00, 11:00, 14:00
/// and 16:00; dates on offer are the next <see cref="DaysOffered"/> working days; the second working day after today is
/// fully booked; one visit per slot; a request id expires after <see cref="RequestIdLifetime"/> and belongs to one
/// project. Projects are the customer's open tickets (project number = ticket number), picked up from the ticket
/// backend when the dashboard is read, as an ITSM integration would create them.
/// </summary>
public sealed class LocalScheduler : IScheduler
{
    public const int DaysOffered = 10;
    public static readonly TimeSpan RequestIdLifetime = TimeSpan.FromMinutes(10);
    public static readonly IReadOnlyList<TimeOnly> Slots = [new(9, 0), new(11, 0), new(14, 0), new(16, 0)];
    private static readonly TimeSpan VisitLength = TimeSpan.FromHours(2);

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly ITicketBackend? _tickets;
    private readonly string? _token;
    private int _takeNext;
    private int _expireNext;

    /// <param name="token">The bearer token calls must carry; null accepts any (the in-process default).</param>
    public LocalScheduler(SqliteDatabase database, TimeProvider time, ITicketBackend? tickets = null, string? token = null)
    {
        (_database, _time, _tickets, _token) = (database, time, tickets, token);
        using var lease = database.Lease();
        lease.Command(Schema).ExecuteNonQuery();
    }

    /// <summary>Every call fails as if the scheduler did not answer.</summary>
    public bool Down { get; set; }

    /// <summary>The next booking finds its slot just taken by someone else.</summary>
    public void TakeNextBooking() => Interlocked.Exchange(ref _takeNext, 1);

    /// <summary>The next use of a request id finds it expired.</summary>
    public void ExpireNextRequestId() => Interlocked.Exchange(ref _expireNext, 1);

    /// <summary>Bookings and cancellations the scheduler carried out (test mode makes none).</summary>
    public int Booked { get; private set; }

    public int Cancelled { get; private set; }

    /// <summary>The most recent visit booked, if any.</summary>
    public DateTime? LastBooked { get; private set; }

    /// <summary>A project with a visit already booked (demo data, scripts), optionally with its technician on the way.</summary>
    public void GiveVisit(string customerId, TicketNumber ticket, DateTime start, bool enRoute = false)
    {
        using var lease = _database.Lease();
        Upsert(lease, customerId, ticket.ToString(), "Hardware");
        var update = lease.Command("UPDATE sched_projects SET start = $start, status = $status WHERE project_number = $number;");
        update.Parameters.AddWithValue("$start", Stamp(start));
        update.Parameters.AddWithValue("$status", enRoute ? "Technician en route" : "Scheduled");
        update.Parameters.AddWithValue("$number", ticket.ToString());
        update.ExecuteNonQuery();
    }

    public async Task<Result<IReadOnlyList<VisitProject>>> ListProjectsAsync(SchedulerCall call, string customerId, CancellationToken cancellationToken)
    {
        if (Refusal(call) is { } refused)
        {
            return refused;
        }

        IReadOnlyList<Ticket> open = [];
        if (_tickets is not null && await _tickets.ListOpenByCallerAsync(customerId, 100, cancellationToken) is { IsOk: true } listed)
        {
            open = listed.Value;
        }

        using var lease = _database.Lease();
        foreach (var ticket in open)
        {
            Upsert(lease, customerId, ticket.Number.ToString(), ticket.Category.ToString());
        }

        var query = lease.Command("SELECT project_id, project_number, category, status, start FROM sched_projects WHERE customer_id = $customer ORDER BY project_id;");
        query.Parameters.AddWithValue("$customer", customerId);
        var projects = new List<VisitProject>();
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            DateTime? start = reader.IsDBNull(4) ? null : ParseStamp(reader.GetString(4));
            projects.Add(new VisitProject(
                reader.GetString(0), reader.GetString(1), "On-site visit", reader.GetString(2), reader.GetString(3), DemoAddress,
                start is { } s ? DateOnly.FromDateTime(s) : null, start, start + VisitLength));
        }

        return projects;
    }

    public Task<Result<IReadOnlyList<WorkDay>>> GetBusinessHoursAsync(SchedulerCall call, CancellationToken cancellationToken) =>
        Task.FromResult(Refusal(call) is { } refused
            ? refused
            : Result<IReadOnlyList<WorkDay>>.Ok([.. Enum.GetValues<DayOfWeek>().Select(d => new WorkDay(d, IsWorking(d)))]));

    public Task<Result<AvailableDates>> GetAvailableDatesAsync(SchedulerCall call, string projectId, DateOnly today, CancellationToken cancellationToken)
    {
        if (Refusal(call) is { } refused)
        {
            return Task.FromResult<Result<AvailableDates>>(refused);
        }

        using var lease = _database.Lease();
        if (!ProjectExists(lease, projectId))
        {
            return Task.FromResult<Result<AvailableDates>>(Failure.NotFound("no such project"));
        }

        var dates = WorkingDaysAfter(today).Take(DaysOffered).Where(d => d != FullDay(today) && FreeSlots(lease, d, projectId).Count > 0).ToList();
        var requestId = Guid.NewGuid().ToString("N");
        var insert = lease.Command("INSERT INTO sched_requests (request_id, project_id, issued_at, today) VALUES ($id, $project, $at, $today);");
        insert.Parameters.AddWithValue("$id", requestId);
        insert.Parameters.AddWithValue("$project", projectId);
        insert.Parameters.AddWithValue("$at", SortableTime.Format(_time.GetUtcNow()));
        insert.Parameters.AddWithValue("$today", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        insert.ExecuteNonQuery();
        return Task.FromResult<Result<AvailableDates>>(new AvailableDates(dates, requestId));
    }

    public Task<Result<IReadOnlyList<TimeOnly>>> GetTimeSlotsAsync(SchedulerCall call, string projectId, DateOnly date, string requestId, CancellationToken cancellationToken)
    {
        using var lease = _database.Lease();
        var today = default(DateOnly);
        if ((Refusal(call) ?? Request(lease, projectId, requestId, out today)) is { } failed)
        {
            return Task.FromResult<Result<IReadOnlyList<TimeOnly>>>(failed);
        }

        IReadOnlyList<TimeOnly> free = IsBookable(date, today) ? FreeSlots(lease, date, projectId) : [];
        return Task.FromResult(Result<IReadOnlyList<TimeOnly>>.Ok(free));
    }

    public Task<Result<string>> ScheduleAsync(SchedulerCall call, string projectId, DateOnly date, TimeOnly time, string requestId, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        using var lease = _database.Lease();
        var today = default(DateOnly);
        if ((Refusal(call) ?? Request(lease, projectId, requestId, out today)) is { } failed)
        {
            return Task.FromResult<Result<string>>(failed);
        }

        if (Status(lease, projectId) is { } status && VisitDesk.OnTheWay(status))
        {
            return Task.FromResult<Result<string>>(Failure.Conflict("the technician is already on the way"));
        }

        if (Interlocked.Exchange(ref _takeNext, 0) == 1)
        {
            // Someone else booked this slot between the offer and the confirmation.
            var taken = lease.Command("INSERT OR IGNORE INTO sched_taken (start) VALUES ($start);");
            taken.Parameters.AddWithValue("$start", Stamp(date.ToDateTime(time)));
            taken.ExecuteNonQuery();
        }

        if (!IsBookable(date, today) || !FreeSlots(lease, date, projectId).Contains(time))
        {
            return Task.FromResult<Result<string>>(Failure.Conflict("that time is no longer free"));
        }

        var update = lease.Command("UPDATE sched_projects SET start = $start, status = 'Scheduled' WHERE project_id = $project;");
        update.Parameters.AddWithValue("$start", Stamp(date.ToDateTime(time)));
        update.Parameters.AddWithValue("$project", projectId);
        update.ExecuteNonQuery();
        Booked++;
        LastBooked = date.ToDateTime(time);
        return Task.FromResult<Result<string>>("Appointment scheduled successfully");
    }

    public Task<Result<string>> CancelAsync(SchedulerCall call, string projectId, CancellationToken cancellationToken)
    {
        if (Refusal(call) is { } refused)
        {
            return Task.FromResult<Result<string>>(refused);
        }

        using var lease = _database.Lease();
        var status = Status(lease, projectId);
        if (status is null)
        {
            return Task.FromResult<Result<string>>(Failure.NotFound("no such project"));
        }

        if (VisitDesk.OnTheWay(status))
        {
            return Task.FromResult<Result<string>>(Failure.Conflict("the technician is already on the way"));
        }

        var update = lease.Command("UPDATE sched_projects SET start = NULL, status = 'Cancelled' WHERE project_id = $project AND start IS NOT NULL;");
        update.Parameters.AddWithValue("$project", projectId);
        if (update.ExecuteNonQuery() == 0)
        {
            return Task.FromResult<Result<string>>(Failure.Conflict("no visit is booked for that ticket"));
        }

        Cancelled++;
        return Task.FromResult<Result<string>>("Appointment cancelled successfully");
    }

    public Task<Result<string>> AddNoteAsync(SchedulerCall call, string projectId, string text, CancellationToken cancellationToken)
    {
        if (Refusal(call) is { } refused)
        {
            return Task.FromResult<Result<string>>(refused);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Task.FromResult<Result<string>>(Failure.Invalid("note_text", "a note needs text"));
        }

        using var lease = _database.Lease();
        if (!ProjectExists(lease, projectId))
        {
            return Task.FromResult<Result<string>>(Failure.NotFound("no such project"));
        }

        var insert = lease.Command("INSERT INTO sched_notes (project_id, text, at) VALUES ($project, $text, $at) RETURNING note_id;");
        insert.Parameters.AddWithValue("$project", projectId);
        insert.Parameters.AddWithValue("$text", text.Trim());
        insert.Parameters.AddWithValue("$at", SortableTime.Format(_time.GetUtcNow()));
        var id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        return Task.FromResult<Result<string>>(id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The notes on a project, oldest first (what a technician would read).</summary>
    public IReadOnlyList<string> Notes(TicketNumber ticket)
    {
        using var lease = _database.Lease();
        var query = lease.Command("SELECT n.text FROM sched_notes n JOIN sched_projects p ON p.project_id = n.project_id WHERE p.project_number = $number ORDER BY n.note_id;");
        query.Parameters.AddWithValue("$number", ticket.ToString());
        var notes = new List<string>();
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            notes.Add(reader.GetString(0));
        }

        return notes;
    }

    private Failure? Refusal(SchedulerCall call) =>
        Down ? new Failure(FailureKind.Unavailable, "the scheduler is not answering")
        : _token is not null && !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(call.Token), System.Text.Encoding.UTF8.GetBytes(_token)) ? new Failure(FailureKind.Refused, "the token was refused")
        : null;

    /// <summary>The request id is this project's, issued less than <see cref="RequestIdLifetime"/> ago.</summary>
    private Failure? Request(SqliteLease lease, string projectId, string requestId, out DateOnly today)
    {
        today = default;
        var query = lease.Command("SELECT project_id, issued_at, today FROM sched_requests WHERE request_id = $id;");
        query.Parameters.AddWithValue("$id", requestId);
        using var reader = query.ExecuteReader();
        if (!reader.Read())
        {
            return new Failure(FailureKind.Expired, "the request id is not valid");
        }

        if (reader.GetString(0) != projectId)
        {
            return Failure.Invalid("request_id", "the request id belongs to another project");
        }

        today = DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var expired = SortableTime.Parse(reader.GetString(1)) + RequestIdLifetime <= _time.GetUtcNow() || Interlocked.Exchange(ref _expireNext, 0) == 1;
        return expired ? new Failure(FailureKind.Expired, "the request id has expired") : null;
    }

    private static bool IsWorking(DayOfWeek day) => day is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    private static IEnumerable<DateOnly> WorkingDaysAfter(DateOnly today)
    {
        for (var day = today.AddDays(1); ; day = day.AddDays(1))
        {
            if (IsWorking(day.DayOfWeek))
            {
                yield return day;
            }
        }
    }

    /// <summary>The demo's fully booked day: the second working day after today.</summary>
    private static DateOnly FullDay(DateOnly today) => WorkingDaysAfter(today).ElementAt(1);

    private static bool IsBookable(DateOnly date, DateOnly today) =>
        date > today && IsWorking(date.DayOfWeek) && date != FullDay(today) && date <= WorkingDaysAfter(today).ElementAt(DaysOffered - 1);

    /// <summary>The slots on <paramref name="date"/> no other project holds (a project's own booking stays free to it).</summary>
    private static List<TimeOnly> FreeSlots(SqliteLease lease, DateOnly date, string projectId)
    {
        var query = lease.Command("""
            SELECT start FROM sched_projects WHERE start LIKE $day AND project_id <> $project
            UNION SELECT start FROM sched_taken WHERE start LIKE $day;
            """);
        query.Parameters.AddWithValue("$day", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "%");
        query.Parameters.AddWithValue("$project", projectId);
        var held = new HashSet<TimeOnly>();
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            held.Add(TimeOnly.FromDateTime(ParseStamp(reader.GetString(0))));
        }

        return [.. Slots.Where(s => !held.Contains(s))];
    }

    private static void Upsert(SqliteLease lease, string customerId, string projectNumber, string category)
    {
        var insert = lease.Command("""
            INSERT INTO sched_projects (project_id, customer_id, project_number, category, status)
            VALUES ('P-' || lower(hex(randomblob(6))), $customer, $number, $category, 'New')
            ON CONFLICT(project_number) DO NOTHING;
            """);
        insert.Parameters.AddWithValue("$customer", customerId);
        insert.Parameters.AddWithValue("$number", projectNumber);
        insert.Parameters.AddWithValue("$category", category);
        insert.ExecuteNonQuery();
    }

    private static bool ProjectExists(SqliteLease lease, string projectId) => Status(lease, projectId) is not null;

    private static string? Status(SqliteLease lease, string projectId)
    {
        var query = lease.Command("SELECT status FROM sched_projects WHERE project_id = $project;");
        query.Parameters.AddWithValue("$project", projectId);
        return query.ExecuteScalar() as string;
    }

    private static string Stamp(DateTime start) => start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static DateTime ParseStamp(string stamp) => DateTime.ParseExact(stamp, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private const string DemoAddress = "Head office, 1 Market Street, floor 3";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS sched_projects (
            project_id TEXT PRIMARY KEY,
            customer_id TEXT NOT NULL,
            project_number TEXT NOT NULL UNIQUE,
            category TEXT NOT NULL,
            status TEXT NOT NULL,
            start TEXT
        );
        CREATE INDEX IF NOT EXISTS sched_projects_by_customer ON sched_projects (customer_id);
        CREATE TABLE IF NOT EXISTS sched_requests (request_id TEXT PRIMARY KEY, project_id TEXT NOT NULL, issued_at TEXT NOT NULL, today TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS sched_taken (start TEXT PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS sched_notes (note_id INTEGER PRIMARY KEY AUTOINCREMENT, project_id TEXT NOT NULL, text TEXT NOT NULL, at TEXT NOT NULL);
        """;
}
