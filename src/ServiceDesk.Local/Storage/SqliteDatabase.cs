using Microsoft.Data.Sqlite;

namespace ServiceDesk.Local.Storage;

/// <summary>
/// The embedded store's database: a file in a data folder, or a named shared-cache in-memory database for tests
/// and benchmarks (kept alive by one open connection for the lifetime of this object).
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    // Enough for the local API's concurrent requests; more callers at once open extra connections and close them after.
    private const int MaxIdleLeases = 8;

    private readonly SqliteConnection? _keepAlive;
    private readonly string _connectionString;
    private readonly string? _perConnection;
    private readonly Stack<SqliteLease> _idle = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    private SqliteDatabase(string connectionString, bool inMemory, SqliteSynchronous synchronous = SqliteSynchronous.Normal)
    {
        _connectionString = connectionString;
        // synchronous is a property of each connection, not of the file: every connection the pool opens sets it.
        _perConnection = inMemory ? null : $"PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()};";
        if (inMemory)
        {
            _keepAlive = new SqliteConnection(connectionString);
            _keepAlive.Open();
        }

        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL is a property of the database file: set once, every later connection uses it (readers and one writer
        // proceed together). An in-memory database has no journal file to switch.
        command.CommandText = (inMemory ? string.Empty : "PRAGMA journal_mode = WAL;") + Schema;
        command.ExecuteNonQuery();
        // A data folder made before the audit trail and the escalation sweep has tickets without their columns.
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('tickets') WHERE name = 'revision';";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            command.CommandText = TicketColumnsAdded;
            command.ExecuteNonQuery();
        }

        command.CommandText = HistorySchema;
        command.ExecuteNonQuery();
        // A data folder made before PINs existed has a callers table without the column: add it in place.
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('callers') WHERE name = 'pin_hash';";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            command.CommandText = "ALTER TABLE callers ADD COLUMN pin_hash TEXT;";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The default data folder: the user's local application data, <c>ServiceDesk</c>.</summary>
    public static string DefaultFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ServiceDesk");

    /// <param name="folder">Where <c>servicedesk.db</c> lives (created owner-only if missing).</param>
    /// <param name="synchronous">
    /// When a commit reaches the disk. <see cref="SqliteSynchronous.Normal"/> (the default) in WAL mode: a committed
    /// ticket survives the process being killed, and a power loss or OS crash can lose the last commits (never corrupt
    /// the file). <see cref="SqliteSynchronous.Full"/> flushes the disk at every commit, several times slower.
    /// </param>
    public static SqliteDatabase InFolder(string folder, SqliteSynchronous synchronous = SqliteSynchronous.Normal)
    {
        var file = Path.Combine(folder, "servicedesk.db");
        OwnerOnly(folder, file);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            // Microsoft.Data.Sqlite retries a busy database until this timeout: concurrent writers wait, not fail.
            DefaultTimeout = 10,
        };
        return new SqliteDatabase(builder.ToString(), inMemory: false, synchronous);
    }

    /// <summary>
    /// Tickets hold callers' names and problems: the folder and the database are the user's alone (0700 and 0600), and
    /// SQLite gives its journal files the database file's mode.
    /// </summary>
    private static void OwnerOnly(string folder, string file)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (!File.Exists(file))
        {
            using var created = new FileStream(file, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
        }
        else
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
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

    /// <summary>An open connection for one store call; disposing the lease gives it back.</summary>
    public SqliteLease Lease()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out var lease))
            {
                return lease;
            }
        }

        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        if (_perConnection is not null)
        {
            using var pragma = connection.CreateCommand();
            pragma.CommandText = _perConnection;
            pragma.ExecuteNonQuery();
        }

        return new SqliteLease(this, connection);
    }

    internal void Return(SqliteLease lease)
    {
        lock (_gate)
        {
            if (!_disposed && lease.Connection.State == System.Data.ConnectionState.Open && _idle.Count < MaxIdleLeases)
            {
                _idle.Push(lease);
                return;
            }
        }

        lease.Close();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            while (_idle.TryPop(out var lease))
            {
                lease.Close();
            }
        }

        _keepAlive?.Dispose();
    }

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
            idempotency_key TEXT UNIQUE,
            revision INTEGER NOT NULL DEFAULT 0,
            escalation_level INTEGER NOT NULL DEFAULT 0,
            waiting_since TEXT,
            parent_sequence INTEGER REFERENCES tickets(sequence),
            affected_callers INTEGER NOT NULL DEFAULT 1
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
            language TEXT NOT NULL DEFAULT 'en-US',
            pin_hash TEXT
        );
        CREATE INDEX IF NOT EXISTS callers_by_employee ON callers (employee_id);
        CREATE TABLE IF NOT EXISTS caller_phones (
            phone TEXT NOT NULL,
            caller_id TEXT NOT NULL REFERENCES callers(id),
            PRIMARY KEY (phone, caller_id)
        );
        CREATE TABLE IF NOT EXISTS pin_attempts (
            caller_id TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            locked_until TEXT,
            expires_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS call_summaries (
            contact_id TEXT PRIMARY KEY,
            caller_id TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            record TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS call_summaries_by_caller ON call_summaries (caller_id, started_at DESC);
        """;

    private const string TicketColumnsAdded = """
        ALTER TABLE tickets ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE tickets ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE tickets ADD COLUMN waiting_since TEXT;
        ALTER TABLE tickets ADD COLUMN parent_sequence INTEGER REFERENCES tickets(sequence);
        ALTER TABLE tickets ADD COLUMN affected_callers INTEGER NOT NULL DEFAULT 1;
        """;

    // History is append-only for everyone, not just for the store's own code: the triggers refuse an UPDATE or DELETE of
    // an event from any connection, and the foreign key keeps a ticket with history from being deleted.
    // tickets_waiting is partial: only the New P1/P2 tickets the escalation sweep reads are in it.
    private const string HistorySchema = """
        CREATE TABLE IF NOT EXISTS ticket_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ticket_sequence INTEGER NOT NULL REFERENCES tickets(sequence),
            kind TEXT NOT NULL,
            actor_kind TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            at TEXT NOT NULL,
            from_value TEXT,
            to_value TEXT,
            detail TEXT
        );
        CREATE INDEX IF NOT EXISTS ticket_events_by_ticket ON ticket_events (ticket_sequence, id);
        CREATE TRIGGER IF NOT EXISTS ticket_events_never_updated BEFORE UPDATE ON ticket_events
            BEGIN SELECT RAISE(ABORT, 'ticket history is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS ticket_events_never_deleted BEFORE DELETE ON ticket_events
            BEGIN SELECT RAISE(ABORT, 'ticket history is append-only'); END;
        CREATE INDEX IF NOT EXISTS tickets_waiting ON tickets (priority, waiting_since, sequence) WHERE waiting_since IS NOT NULL;
        CREATE INDEX IF NOT EXISTS tickets_by_created ON tickets (created_at DESC, sequence DESC);
        CREATE TABLE IF NOT EXISTS ticket_counters (
            family TEXT NOT NULL,
            key TEXT NOT NULL,
            value INTEGER NOT NULL,
            PRIMARY KEY (family, key)
        ) WITHOUT ROWID;
        """;
}

/// <summary>SQLite's <c>synchronous</c> setting for a database in WAL mode (https://sqlite.org/pragma.html#pragma_synchronous).</summary>
public enum SqliteSynchronous
{
    /// <summary>The WAL is flushed at checkpoints, not at every commit: commits survive a process kill, not a power loss.</summary>
    Normal,

    /// <summary>The WAL is flushed at every commit: commits survive a power loss too.</summary>
    Full,
}

/// <summary>
/// A connection kept open with its statements prepared once. For a point read, opening a connection and compiling the
/// SQL cost several times the read itself, so each store call leases a connection and reuses its prepared commands.
/// </summary>
public sealed class SqliteLease : IDisposable
{
    private readonly SqliteDatabase _owner;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    internal SqliteLease(SqliteDatabase owner, SqliteConnection connection) => (_owner, Connection) = (owner, connection);

    public SqliteConnection Connection { get; }

    /// <summary>The command for <paramref name="sql"/>, prepared on first use, with no parameters bound yet.</summary>
    public SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    public void Dispose() => _owner.Return(this);

    internal void Close()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        Connection.Dispose();
    }
}
