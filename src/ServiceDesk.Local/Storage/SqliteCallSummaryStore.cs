using ServiceDesk.Core;
using ServiceDesk.Core.Calls;

namespace ServiceDesk.Local.Storage;

/// <summary>Call summaries in the embedded database beside the tickets: the summary as its JSON, keyed and indexed.</summary>
public sealed class SqliteCallSummaryStore(SqliteDatabase database) : ICallSummaryStore
{
    public Task<Result<bool>> SaveAsync(CallSummary summary, CancellationToken cancellationToken)
    {
        // One statement: the row is written unless the call has already ended, so the first ending wins.
        using var lease = database.Lease();
        var upsert = lease.Command("""
            INSERT INTO call_summaries (contact_id, caller_id, started_at, ended_at, record) VALUES ($id, $caller, $started, $ended, $record)
            ON CONFLICT(contact_id) DO UPDATE SET
                caller_id = excluded.caller_id, started_at = excluded.started_at, ended_at = excluded.ended_at, record = excluded.record
            WHERE call_summaries.ended_at IS NULL;
            """);
        upsert.Parameters.AddWithValue("$id", summary.ContactId);
        upsert.Parameters.AddWithValue("$caller", summary.CallerId);
        upsert.Parameters.AddWithValue("$started", SortableTime.Format(summary.StartedAt));
        upsert.Parameters.AddWithValue("$ended", summary.EndedAt is { } ended ? SortableTime.Format(ended) : DBNull.Value);
        upsert.Parameters.AddWithValue("$record", summary.ToJson());
        return Task.FromResult<Result<bool>>(upsert.ExecuteNonQuery() > 0);
    }

    public Task<Result<CallSummary?>> GetAsync(string contactId, CancellationToken cancellationToken)
    {
        using var lease = database.Lease();
        var query = lease.Command("SELECT record FROM call_summaries WHERE contact_id = $id;");
        query.Parameters.AddWithValue("$id", contactId);
        var record = query.ExecuteScalar() as string;
        return Task.FromResult<Result<CallSummary?>>(record is null ? null : CallSummary.FromJson(record));
    }

    public Task<Result<IReadOnlyList<CallSummary>>> ListByCallerAsync(string callerId, int limit, CancellationToken cancellationToken)
    {
        using var lease = database.Lease();
        var query = lease.Command("SELECT record FROM call_summaries WHERE caller_id = $caller ORDER BY started_at DESC, contact_id LIMIT $limit;");
        query.Parameters.AddWithValue("$caller", callerId);
        query.Parameters.AddWithValue("$limit", Math.Max(1, limit));
        var calls = new List<CallSummary>();
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                calls.Add(CallSummary.FromJson(reader.GetString(0)));
            }
        }

        return Task.FromResult<Result<IReadOnlyList<CallSummary>>>(calls);
    }
}
