using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceDesk.Core;
using ServiceDesk.Core.Visits;

namespace ServiceDesk.Local.Storage;

/// <summary>Visit sessions beside the tickets, one JSON row per session id, gone once past their time to live.</summary>
public sealed class SqliteVisitSessionStore : IVisitSessionStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public SqliteVisitSessionStore(SqliteDatabase database, TimeProvider time)
    {
        (_database, _time) = (database, time);
        using var lease = database.Lease();
        lease.Command("CREATE TABLE IF NOT EXISTS visit_sessions (session_id TEXT PRIMARY KEY, record TEXT NOT NULL, expires_at TEXT NOT NULL);").ExecuteNonQuery();
    }

    public Task<VisitSession?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        using var lease = _database.Lease();
        var query = lease.Command("SELECT record FROM visit_sessions WHERE session_id = $id AND expires_at > $now;");
        query.Parameters.AddWithValue("$id", sessionId);
        query.Parameters.AddWithValue("$now", SortableTime.Format(_time.GetUtcNow()));
        return Task.FromResult(query.ExecuteScalar() is string record ? JsonSerializer.Deserialize(record, VisitSessionJson.Default.VisitSession) : null);
    }

    public Task PutAsync(VisitSession session, CancellationToken cancellationToken)
    {
        using var lease = _database.Lease();
        var now = _time.GetUtcNow();
        // Expired rows of other sessions go with each write, so the table holds live sessions only.
        var upsert = lease.Command("""
            DELETE FROM visit_sessions WHERE expires_at <= $now;
            INSERT INTO visit_sessions (session_id, record, expires_at) VALUES ($id, $record, $expires)
            ON CONFLICT(session_id) DO UPDATE SET record = excluded.record, expires_at = excluded.expires_at;
            """);
        upsert.Parameters.AddWithValue("$id", session.SessionId);
        upsert.Parameters.AddWithValue("$record", JsonSerializer.Serialize(session, VisitSessionJson.Default.VisitSession));
        upsert.Parameters.AddWithValue("$now", SortableTime.Format(now));
        upsert.Parameters.AddWithValue("$expires", SortableTime.Format(now + IVisitSessionStore.TimeToLive));
        upsert.ExecuteNonQuery();
        return Task.CompletedTask;
    }
}

[JsonSerializable(typeof(VisitSession))]
internal sealed partial class VisitSessionJson : JsonSerializerContext;
