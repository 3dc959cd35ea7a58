using Microsoft.Data.Sqlite;

namespace ServiceDesk.Local.Storage;

/// <summary>
/// The embedded store's database: a file in a data folder, or a named shared-cache in-memory database for tests
/// and benchmarks (kept alive by one open connection for the lifetime of this object).
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly SqliteConnection? _keepAlive;
    private readonly string _connectionString;

    private SqliteDatabase(string connectionString, bool inMemory)
    {
        _connectionString = connectionString;
        if (inMemory)
        {
            _keepAlive = new SqliteConnection(connectionString);
            _keepAlive.Open();
        }

        using var connection = Open();
        using var command = connection.CreateCommand();
        // WAL is a property of the database file: set once, every later connection uses it (readers and one writer
        // proceed together). An in-memory database has no journal file to switch.
        command.CommandText = (inMemory ? string.Empty : "PRAGMA journal_mode = WAL;") + Schema;
        command.ExecuteNonQuery();
    }

    /// <summary>The default data folder: the user's local application data, <c>ServiceDesk</c>.</summary>
    public static string DefaultFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ServiceDesk");

    public static SqliteDatabase InFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "servicedesk.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            // Microsoft.Data.Sqlite retries a busy database until this timeout: concurrent writers wait, not fail.
            DefaultTimeout = 10,
        };
        return new SqliteDatabase(builder.ToString(), inMemory: false);
    }

    public static SqliteDatabase InMemory(string? name = null)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = name ?? "servicedesk-" + Guid.NewGuid().ToString("N"),
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
            ForeignKeys = true,
            DefaultTimeout = 10,
        };
        return new SqliteDatabase(builder.ToString(), inMemory: true);
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public void Dispose() => _keepAlive?.Dispose();

    // AUTOINCREMENT (not plain rowid) guarantees a ticket number is never reused, even after a delete.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS tickets (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            caller_id TEXT NOT NULL,
            summary TEXT NOT NULL,
            description TEXT NOT NULL,
            status TEXT NOT NULL,
            priority TEXT NOT NULL,
            category TEXT NOT NULL,
            impact TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            idempotency_key TEXT UNIQUE
        );
        CREATE INDEX IF NOT EXISTS tickets_by_caller ON tickets (caller_id, created_at DESC, sequence DESC);
        CREATE TABLE IF NOT EXISTS comments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ticket_sequence INTEGER NOT NULL REFERENCES tickets(sequence),
            author TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS comments_by_ticket ON comments (ticket_sequence, id);
        CREATE TABLE IF NOT EXISTS callers (
            id TEXT PRIMARY KEY,
            display_name TEXT NOT NULL,
            employee_id TEXT COLLATE NOCASE,
            vip INTEGER NOT NULL DEFAULT 0,
            language TEXT NOT NULL DEFAULT 'en-US'
        );
        CREATE INDEX IF NOT EXISTS callers_by_employee ON callers (employee_id);
        CREATE TABLE IF NOT EXISTS caller_phones (
            phone TEXT NOT NULL,
            caller_id TEXT NOT NULL REFERENCES callers(id),
            PRIMARY KEY (phone, caller_id)
        );
        """;
}
