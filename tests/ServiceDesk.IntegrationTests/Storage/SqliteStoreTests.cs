using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Local.Demo;
using ServiceDesk.Local.Storage;
using ServiceDesk.Testing;

namespace ServiceDesk.IntegrationTests.Storage;

public sealed class SqliteFileTicketStoreTests : TicketStoreContract, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "servicedesk-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _database;

    public SqliteFileTicketStoreTests() => _database = SqliteDatabase.InFolder(_folder);

    protected override ITicketStore CreateStore() => new SqliteTicketStore(_database);

    [Fact]
    public async Task Create_AfterReopeningTheDataFolder_ContinuesNumbering()
    {
        var first = (await CreateSut().CreateAsync(new NewTicket("emp-1001", "First"), TestContext.Current.CancellationToken)).Value!;
        using var reopened = SqliteDatabase.InFolder(_folder);

        var second = (await new TicketDesk(new SqliteTicketStore(reopened), Time).CreateAsync(new NewTicket("emp-1001", "Second"), TestContext.Current.CancellationToken)).Value!;

        Assert.Equal(first.Number.Sequence + 1, second.Number.Sequence);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData(SqliteSynchronous.Full, 2)]
    public void EveryConnection_UsesWalWithTheChosenSynchronousSetting(SqliteSynchronous? chosen, long expected)
    {
        // synchronous belongs to a connection, not to the file: each one the store leases must have it.
        using var database = chosen is { } c ? SqliteDatabase.InFolder(_folder + "-sync", c) : SqliteDatabase.InFolder(_folder + "-sync");
        try
        {
            using var first = database.Lease();
            using var second = database.Lease();

            foreach (var lease in new[] { first, second })
            {
                Assert.Equal("wal", lease.Command("PRAGMA journal_mode;").ExecuteScalar());
                Assert.Equal(expected, lease.Command("PRAGMA synchronous;").ExecuteScalar());
            }
        }
        finally
        {
            database.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder + "-sync", recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheDatabase_IsReadableByItsOwnerOnly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        await CreateSut().CreateAsync(new NewTicket("emp-1001", "Written"), TestContext.Current.CancellationToken);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "servicedesk.db")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_folder));
        Assert.All(Directory.GetFiles(_folder), f => Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(f) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)));
    }

    public void Dispose()
    {
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>The handler tests' double (the same service over an in-memory store) keeps the stores' promises.</summary>
public sealed class InMemoryTicketBackendContractTests : TicketStoreContract
{
    protected override ITicketStore CreateStore() => _store ??= new InMemoryTicketStore();

    private InMemoryTicketStore? _store;
}

public sealed class SqliteInMemoryTicketStoreTests : TicketStoreContract, IDisposable
{
    private readonly SqliteDatabase _database = SqliteDatabase.InMemory();

    protected override ITicketStore CreateStore() => new SqliteTicketStore(_database);

    public void Dispose() => _database.Dispose();
}

public sealed class SqliteCallerDirectoryTests : CallerDirectoryContract, IDisposable
{
    private readonly SqliteDatabase _database = SqliteDatabase.InMemory();

    protected override ICallerDirectory CreateSut()
    {
        var directory = new SqliteCallerDirectory(_database);
        directory.Upsert(DemoDirectory.Load(RepoPaths.Of("deploy", "demo-callers.json")));
        return directory;
    }

    [Fact]
    public async Task Upsert_Twice_DoesNotDuplicateNumbers()
    {
        var directory = (SqliteCallerDirectory)CreateSut();
        directory.Upsert(DemoDirectory.Load(RepoPaths.Of("deploy", "demo-callers.json")));

        Assert.Single(await directory.FindByPhoneAsync(PhoneNumber.Parse("+14155550100"), TestContext.Current.CancellationToken));
    }

    public void Dispose() => _database.Dispose();
}

public sealed class SqlitePinAttemptsTests : PinAttemptStoreContract, IDisposable
{
    private readonly SqliteDatabase _database = SqliteDatabase.InMemory();

    protected override IPinAttemptStore CreateSut() => new SqlitePinAttempts(_database, Time);

    public void Dispose() => _database.Dispose();
}

/// <summary>History in SQLite is append-only for any connection, not just the store's code.</summary>
public sealed class SqliteHistoryTests : IDisposable
{
    private readonly SqliteDatabase _database = SqliteDatabase.InMemory();
    private readonly ManualClock _time = new();

    [Theory]
    [InlineData("UPDATE ticket_events SET actor_id = 'someone-else'")]
    [InlineData("UPDATE ticket_events SET kind = 'Commented' WHERE kind = 'Created'")]
    [InlineData("DELETE FROM ticket_events")]
    [InlineData("DELETE FROM tickets")]
    public async Task History_RefusesRewritesAndDeletes_FromAnyConnection(string sql)
    {
        var desk = new TicketDesk(new SqliteTicketStore(_database), _time);
        var ticket = (await desk.CreateAsync(new NewTicket("emp-1001", "Keyboard missing keys"), TestContext.Current.CancellationToken)).Value!;
        var before = (await desk.HistoryAsync(ticket.Number, TestContext.Current.CancellationToken)).Value!;
        using var lease = _database.Lease();

        Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => lease.Command(sql).ExecuteNonQuery());

        Assert.Equal(before, (await desk.HistoryAsync(ticket.Number, TestContext.Current.CancellationToken)).Value!);
    }

    [Fact]
    public void Waiting_IsReadThroughThePartialIndex_NotByScanningTickets()
    {
        using var lease = _database.Lease();
        var plan = lease.Command("""
            EXPLAIN QUERY PLAN SELECT sequence FROM tickets INDEXED BY tickets_waiting
            WHERE waiting_since IS NOT NULL AND priority = 'P1' AND waiting_since <= '2026' ORDER BY waiting_since, sequence LIMIT 10;
            """);
        using var reader = plan.ExecuteReader();
        var steps = new List<string>();
        while (reader.Read())
        {
            steps.Add(reader.GetString(3));
        }

        Assert.Contains(steps, s => s.Contains("USING INDEX tickets_waiting", StringComparison.Ordinal) || s.Contains("USING COVERING INDEX tickets_waiting", StringComparison.Ordinal));
        Assert.DoesNotContain(steps, s => s.StartsWith("SCAN tickets", StringComparison.Ordinal) && !s.Contains("INDEX", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADataFolderFromBeforeHistory_GetsItsColumnsAndTables()
    {
        var folder = Path.Combine(Path.GetTempPath(), "servicedesk-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, "servicedesk.db")}"))
            {
                old.Open();
                using var create = old.CreateCommand();
                create.CommandText = """
                    CREATE TABLE tickets (sequence INTEGER PRIMARY KEY AUTOINCREMENT, caller_id TEXT NOT NULL, summary TEXT NOT NULL,
                        description TEXT NOT NULL, status TEXT NOT NULL, priority TEXT NOT NULL, category TEXT NOT NULL, impact TEXT NOT NULL,
                        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, idempotency_key TEXT UNIQUE);
                    INSERT INTO tickets (caller_id, summary, description, status, priority, category, impact, created_at, updated_at)
                        VALUES ('emp-1001', 'Old', 'Old ticket', 'New', 'P1', 'Other', 'Individual', '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z');
                    """;
                create.ExecuteNonQuery();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            using var database = SqliteDatabase.InFolder(folder);
            var desk = new TicketDesk(new SqliteTicketStore(database), _time);
            var old1 = (await desk.GetAsync(TicketNumber.FromSequence(1), TestContext.Current.CancellationToken)).Value!;
            var moved = await desk.UpdateStatusAsync(old1.Number, TicketStatus.InProgress, TestContext.Current.CancellationToken);

            Assert.Equal((0, 1), (old1.Revision, old1.AffectedCallers));
            Assert.True(moved.IsOk, moved.Failure?.Reason);
            Assert.Equal([TicketEventKind.StatusChanged], (await desk.HistoryAsync(old1.Number, TestContext.Current.CancellationToken)).Value!.Select(e => e.Kind));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    public void Dispose() => _database.Dispose();
}

public sealed class SqliteCallSummaryStoreTests : CallSummaryStoreContract, IDisposable
{
    private readonly SqliteDatabase _database = SqliteDatabase.InMemory();

    protected override Core.Calls.ICallSummaryStore CreateSut() => new SqliteCallSummaryStore(_database);

    public void Dispose() => _database.Dispose();
}

public sealed class SqliteVisitSessionStoreTests : VisitSessionStoreContract, IDisposable
{
    private readonly SqliteDatabase _database = SqliteDatabase.InMemory();

    protected override Core.Visits.IVisitSessionStore CreateSut() => new SqliteVisitSessionStore(_database, Time);

    public void Dispose() => _database.Dispose();
}
