using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Local.Demo;
using ServiceDesk.Local.Storage;
using ServiceDesk.Testing;

namespace ServiceDesk.IntegrationTests.Storage;

public sealed class SqliteFileTicketStoreTests : TicketBackendContract, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "servicedesk-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _database;

    public SqliteFileTicketStoreTests() => _database = SqliteDatabase.InFolder(_folder);

    protected override ITicketBackend CreateSut() => new SqliteTicketStore(_database, Time);

    [Fact]
    public async Task Create_AfterReopeningTheDataFolder_ContinuesNumbering()
    {
        var first = (await CreateSut().CreateAsync(new NewTicket("emp-1001", "First"), TestContext.Current.CancellationToken)).Value!;
        using var reopened = SqliteDatabase.InFolder(_folder);

        var second = (await new SqliteTicketStore(reopened, Time).CreateAsync(new NewTicket("emp-1001", "Second"), TestContext.Current.CancellationToken)).Value!;

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

/// <summary>The handler tests' double keeps the same promises as the stores it stands in for.</summary>
public sealed class InMemoryTicketBackendContractTests : TicketBackendContract
{
    protected override ITicketBackend CreateSut() => _backend ??= new InMemoryTicketBackend(Time);

    private InMemoryTicketBackend? _backend;
}

public sealed class SqliteInMemoryTicketStoreTests : TicketBackendContract, IDisposable
{
    private readonly SqliteDatabase _database = SqliteDatabase.InMemory();

    protected override ITicketBackend CreateSut() => new SqliteTicketStore(_database, Time);

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

public sealed class SqliteCallSummaryStoreTests : CallSummaryStoreContract, IDisposable
{
    private readonly SqliteDatabase _database = SqliteDatabase.InMemory();

    protected override Core.Calls.ICallSummaryStore CreateSut() => new SqliteCallSummaryStore(_database);

    public void Dispose() => _database.Dispose();
}
