using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Visits;
using ServiceDesk.Local.Scheduling;
using ServiceDesk.Local.Agent;
using ServiceDesk.Functions;
using ServiceDesk.Local.Tickets;
using ServiceDesk.Local.Demo;
using ServiceDesk.Local.Storage;

namespace ServiceDesk.Local;

/// <summary>
/// The composition root on a laptop: SQLite in a data folder (or in memory), the demo caller directory, the offline
/// agent and the local contact centre. Everything the local tools run is built here, once.
/// </summary>
public sealed class LocalComposition : IDisposable
{
    private readonly SqliteDatabase _database;

    private LocalComposition(SqliteDatabase database, LocalOptions options)
    {
        _database = database;
        var callers = new SqliteCallerDirectory(database);
        callers.Upsert(DemoDirectory.Load(options.DemoDirectoryPath ?? LocalFiles.DemoCallers));
        ContactCenter = new LocalContactCenter();
        // Locally, reports from different callers are matched as one incident with the lexical measure.
        Desk = new TicketDesk(new SqliteTicketStore(database), options.Time, new LexicalSimilarity());
        Tickets = new RecordingTicketBackend(Desk);
        CallSummaries = new SqliteCallSummaryStore(database);
        Scheduler = options.Scheduler is null ? new LocalScheduler(database, options.Time, Tickets) : null;
        VisitSessions = new SqliteVisitSessionStore(database, options.Time);
        Visits = BuildVisits(options);
        var agent = options.Agent ?? new OfflineAgent(
            KnowledgeBase.Load(options.KnowledgeBasePath ?? LocalFiles.Find("deploy", "knowledge-base")),
            new TicketTools(new CallerTickets(Tickets), options.Time),
            new VisitTools(Visits));
        Services = new ServiceDeskServices(
            Tickets,
            callers,
            new SqlitePinAttempts(database, options.Time),
            agent,
            ContactCenter,
            options.Time,
            options.Logging ?? NullLoggerFactory.Instance,
            new ServiceDeskSettings { TicketsApiKey = options.ApiKey, ServiceDeskQueueId = "local-service-desk" })
        {
            Desk = Desk,
            Notifier = new Escalation.WriterEscalationNotifier(options.Notices),
            CallSummaries = CallSummaries,
            Visits = Visits,
        };
    }

    /// <summary>
    /// Technician visits: against the in-process <see cref="Scheduler"/> by default, or the scheduler the options name
    /// (a real base URL with its token).
    /// </summary>
    private VisitDesk BuildVisits(LocalOptions options)
    {
        var token = options.SchedulerToken ?? LocalToken;
        return new VisitDesk(
            options.Scheduler ?? Scheduler!,
            VisitSessions,
            new ConfiguredSchedulerTokens(options.SchedulerTenant.ClientId, token),
            options.SchedulerTenant,
            options.VisitFlags,
            options.Time);
    }

    /// <summary>The ticket service over the SQLite store (the ticket API, the sweep); the bot goes through <see cref="Tickets"/>.</summary>
    public TicketDesk Desk { get; }

    /// <summary>Every call's summary, beside the tickets.</summary>
    public SqliteCallSummaryStore CallSummaries { get; }

    public ServiceDeskServices Services { get; }

    /// <summary>The in-process scheduler (null when the options point at another one).</summary>
    public LocalScheduler? Scheduler { get; }

    public VisitDesk Visits { get; }

    /// <summary>Visit sessions beside the tickets (a retried invocation finds its booking here).</summary>
    public SqliteVisitSessionStore VisitSessions { get; }

    /// <summary>The in-process scheduler checks no token; this one only travels in the session.</summary>
    private const string LocalToken = "local-scheduler-token";

    public LocalContactCenter ContactCenter { get; }

    /// <summary>The store as the functions see it: records what they touch, and can be set to fail like an outage.</summary>
    public RecordingTicketBackend Tickets { get; }

    /// <summary>A data folder that survives between runs (the default for the local tools).</summary>
    /// <exception cref="DataFolderException">The folder cannot be created, or holds no usable database.</exception>
    public static LocalComposition InFolder(string folder, LocalOptions? options = null)
    {
        SqliteDatabase database;
        try
        {
            database = SqliteDatabase.InFolder(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            throw new DataFolderException(folder, ex is Microsoft.Data.Sqlite.SqliteException ? "the database there cannot be opened" : "cannot be created or written");
        }

        return new(database, options ?? new LocalOptions());
    }

    /// <summary>Nothing on disk: tests, benchmarks, throwaway runs.</summary>
    public static LocalComposition InMemory(LocalOptions? options = null) =>
        new(SqliteDatabase.InMemory(), options ?? new LocalOptions());

    public void Dispose() => _database.Dispose();
}

/// <summary>A data folder the local tools cannot use, named for the person who chose it.</summary>
public sealed class DataFolderException(string folder, string problem) : Exception($"data folder {folder}: {problem}");

/// <summary>What a local run may override.</summary>
public sealed record LocalOptions
{
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public ILoggerFactory? Logging { get; init; }
    public IAgentGateway? Agent { get; init; }
    public string? ApiKey { get; init; }
    public string? DemoDirectoryPath { get; init; }
    public string? KnowledgeBasePath { get; init; }

    /// <summary>Where escalation notices are written (none by default; <c>servicedesk escalate</c> prints them).</summary>
    public TextWriter Notices { get; init; } = TextWriter.Null;

    /// <summary>Another scheduler than the in-process one (<c>--scheduler URL</c>), with its tenant and token.</summary>
    public IScheduler? Scheduler { get; init; }
    public string? SchedulerToken { get; init; }
    public SchedulerTenant SchedulerTenant { get; init; } = new("local", new Uri("http://localhost/"));

    /// <summary>Locally, bookings are real unless a run asks for test mode (<c>--test-mode</c>).</summary>
    public VisitFlags VisitFlags { get; init; } = VisitFlags.Live;
}

/// <summary>
/// Where the local tools find the repo's files: in the repository when run from inside it (so a message names the file
/// a person edits, not a build copy), else beside the binaries (copied at build), else in the nearest folder above.
/// </summary>
public static class LocalFiles
{
    public static string DemoCallers => Find("deploy", "demo-callers.json");

    public static string Find(params string[] relative)
    {
        var beside = Path.Combine([AppContext.BaseDirectory, .. relative]);
        string? above = null;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, .. relative]);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                if (File.Exists(Path.Combine(dir.FullName, "ServiceDesk.sln")))
                {
                    return candidate;
                }

                above ??= candidate;
            }
        }

        return File.Exists(beside) || Directory.Exists(beside) ? beside : above ?? beside;
    }
}
