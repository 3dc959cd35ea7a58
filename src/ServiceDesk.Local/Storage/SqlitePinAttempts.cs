using ServiceDesk.Core;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Local.Storage;

/// <summary>Wrong PINs across local calls, in the embedded database beside the tickets.</summary>
public sealed class SqlitePinAttempts(SqliteDatabase database, TimeProvider time) : IPinAttemptStore
{
    public Task<Result<PinAttempts>> ReadAsync(string callerId, CancellationToken cancellationToken)
    {
        using var lease = database.Lease();
        var query = lease.Command("SELECT failures, locked_until FROM pin_attempts WHERE caller_id = $id AND expires_at > $now;");
        query.Parameters.AddWithValue("$id", callerId);
        query.Parameters.AddWithValue("$now", SortableTime.Format(time.GetUtcNow()));
        using var reader = query.ExecuteReader();
        return Task.FromResult<Result<PinAttempts>>(reader.Read() ? Read(reader) : PinAttempts.None);
    }

    public Task<Result<PinAttempts>> RecordFailureAsync(string callerId, PinPolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One statement: two calls guessing at once both count. An expired row starts again from one; reaching the
        // threshold sets the lock and starts the count again, so the next failure after the lock needs a full set again.
        using var lease = database.Lease();
        var upsert = lease.Command("""
            INSERT INTO pin_attempts (caller_id, failures, locked_until, expires_at) VALUES ($id, 1, NULL, $expires)
            ON CONFLICT(caller_id) DO UPDATE SET
                failures = CASE WHEN expires_at <= $now THEN 1 ELSE failures + 1 END,
                expires_at = $expires
            RETURNING failures, locked_until;
            """);
        upsert.Parameters.AddWithValue("$id", callerId);
        upsert.Parameters.AddWithValue("$now", SortableTime.Format(now));
        upsert.Parameters.AddWithValue("$expires", SortableTime.Format(now + policy.RememberFailuresFor));
        PinAttempts attempts;
        using (var reader = upsert.ExecuteReader())
        {
            reader.Read();
            attempts = Read(reader);
        }

        if (attempts.Failures >= policy.FailuresBeforeLock)
        {
            var until = now + policy.LockFor;
            var @lock = lease.Command("UPDATE pin_attempts SET failures = 0, locked_until = $until, expires_at = $expires WHERE caller_id = $id;");
            @lock.Parameters.AddWithValue("$id", callerId);
            @lock.Parameters.AddWithValue("$until", SortableTime.Format(until));
            @lock.Parameters.AddWithValue("$expires", SortableTime.Format(until + policy.RememberFailuresFor));
            @lock.ExecuteNonQuery();
            attempts = new PinAttempts(0, until);
        }

        return Task.FromResult<Result<PinAttempts>>(attempts);
    }

    public Task<Result<bool>> ClearAsync(string callerId, CancellationToken cancellationToken)
    {
        using var lease = database.Lease();
        var delete = lease.Command("DELETE FROM pin_attempts WHERE caller_id = $id;");
        delete.Parameters.AddWithValue("$id", callerId);
        delete.ExecuteNonQuery();
        return Task.FromResult<Result<bool>>(true);
    }

    private static PinAttempts Read(Microsoft.Data.Sqlite.SqliteDataReader reader) =>
        new((int)reader.GetInt64(0), reader.IsDBNull(1) ? null : SortableTime.Parse(reader.GetString(1)));
}
