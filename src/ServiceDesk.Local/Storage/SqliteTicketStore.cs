using System.Globalization;
using Microsoft.Data.Sqlite;
using ServiceDesk.Core;
using ServiceDesk.Core.Analytics;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Local.Storage;

/// <summary>
/// The embedded ticket store: persistence only (<see cref="TicketDesk"/> validates and decides). Same contract as the
/// DynamoDB store; the contract tests run against both. Each change and its history events are one transaction, and
/// triggers refuse any UPDATE or DELETE of an event, whoever issues it.
/// </summary>
public sealed class SqliteTicketStore(SqliteDatabase database) : ITicketStore
{
    // SQLite allows one writer at a time; serialising this process's writers avoids busy waits between them
    // (other processes sharing the data folder are covered by busy_timeout).
    private readonly Lock _writer = new();

    public Task<Result<Ticket>> InsertAsync(Ticket draft, TicketEvent created, CancellationToken cancellationToken) =>
        Write((lease, transaction) =>
        {
            if (draft.IdempotencyKey is { } key && ReadSequenceByKey(lease, transaction, key) is { } existing)
            {
                return Read(lease, transaction, existing)!;
            }

            var insert = lease.Command(InsertTicketSql, transaction);
            insert.Parameters.AddWithValue("$caller", draft.CallerId);
            insert.Parameters.AddWithValue("$summary", draft.Summary);
            insert.Parameters.AddWithValue("$description", draft.Description);
            insert.Parameters.AddWithValue("$status", draft.Status.ToString());
            insert.Parameters.AddWithValue("$priority", draft.Priority.ToString());
            insert.Parameters.AddWithValue("$category", draft.Category.ToString());
            insert.Parameters.AddWithValue("$impact", draft.Impact.ToString());
            insert.Parameters.AddWithValue("$created", SortableTime.Format(draft.CreatedAt));
            insert.Parameters.AddWithValue("$updated", SortableTime.Format(draft.UpdatedAt));
            insert.Parameters.AddWithValue("$key", (object?)draft.IdempotencyKey ?? DBNull.Value);
            BindChangeable(insert, draft);
            var sequence = (long)insert.ExecuteScalar()!;
            if (sequence > TicketNumber.MaxSequence)
            {
                return Failure.Unavailable();
            }

            AppendEvents(lease, transaction, sequence, [created]);
            // Built from what was written rather than read back: the row holds exactly these values.
            var ticket = draft with { Number = TicketNumber.FromSequence(sequence), Comments = [] };
            Count(lease, transaction, TicketCounters.For(null, ticket));
            return ticket;
        });

    public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken) =>
        Guard(() =>
        {
            using var lease = database.Lease();
            return Read(lease, null, number.Sequence) is { } ticket ? Result<Ticket>.Ok(ticket) : Failure.NotFound();
        });

    public Task<Result<Ticket>> AppendCommentAsync(TicketNumber number, TicketComment comment, TicketEvent commented, CancellationToken cancellationToken) =>
        Write((lease, transaction) =>
        {
            if (Read(lease, transaction, number.Sequence) is null)
            {
                return Failure.NotFound();
            }

            var insert = lease.Command(InsertCommentSql, transaction);
            insert.Parameters.AddWithValue("$seq", number.Sequence);
            insert.Parameters.AddWithValue("$author", comment.Author);
            insert.Parameters.AddWithValue("$text", comment.Text);
            insert.Parameters.AddWithValue("$now", SortableTime.Format(comment.CreatedAt));
            insert.ExecuteNonQuery();
            AppendEvents(lease, transaction, number.Sequence, [commented]);
            return Read(lease, transaction, number.Sequence)!;
        });

    public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        Guard(() => List(ListByCallerSql, limit, q => q.Parameters.AddWithValue("$caller", callerId)));

    public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        Guard(() => List(ListOpenByCallerSql, limit, q => q.Parameters.AddWithValue("$caller", callerId)));

    public Task<Result<Ticket>> UpdateAsync(Ticket expected, Ticket changed, IReadOnlyList<TicketEvent> events, CancellationToken cancellationToken) =>
        Write((lease, transaction) =>
        {
            var update = lease.Command(UpdateSql, transaction);
            update.Parameters.AddWithValue("$seq", expected.Number.Sequence);
            update.Parameters.AddWithValue("$expected", expected.Revision);
            update.Parameters.AddWithValue("$status", changed.Status.ToString());
            update.Parameters.AddWithValue("$priority", changed.Priority.ToString());
            update.Parameters.AddWithValue("$impact", changed.Impact.ToString());
            update.Parameters.AddWithValue("$updated", SortableTime.Format(changed.UpdatedAt));
            BindChangeable(update, changed with { Revision = expected.Revision + 1 });
            if (update.ExecuteNonQuery() == 0)
            {
                return Read(lease, transaction, expected.Number.Sequence) is null ? Failure.NotFound() : Failure.Conflict("the ticket changed since it was read");
            }

            AppendEvents(lease, transaction, expected.Number.Sequence, events);
            var updated = Read(lease, transaction, expected.Number.Sequence)!;
            Count(lease, transaction, TicketCounters.For(expected, updated));
            return updated;
        });

    public Task<Result<IReadOnlyDictionary<string, long>>> ReadCountersAsync(IReadOnlyList<string> families, CancellationToken cancellationToken) =>
        Guard<IReadOnlyDictionary<string, long>>(() =>
        {
            using var lease = database.Lease();
            var values = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var family in families)
            {
                var query = lease.Command(ReadCountersSql);
                query.Parameters.AddWithValue("$family", family);
                using var reader = query.ExecuteReader();
                while (reader.Read())
                {
                    values[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            return values;
        });

    /// <summary>The analytics counters of a write, in its own transaction: they move with the change or not at all.</summary>
    private static void Count(SqliteLease lease, SqliteTransaction transaction, IReadOnlyList<CounterDelta> deltas)
    {
        foreach (var delta in deltas)
        {
            var upsert = lease.Command(CountSql, transaction);
            upsert.Parameters.AddWithValue("$family", delta.Family);
            upsert.Parameters.AddWithValue("$key", delta.Key);
            upsert.Parameters.AddWithValue("$delta", delta.Delta);
            upsert.ExecuteNonQuery();
        }
    }

    public Task<Result<IReadOnlyList<TicketEvent>>> HistoryAsync(TicketNumber number, CancellationToken cancellationToken) =>
        Guard<IReadOnlyList<TicketEvent>>(() =>
        {
            using var lease = database.Lease();
            var query = lease.Command(HistorySql);
            query.Parameters.AddWithValue("$seq", number.Sequence);
            using var reader = query.ExecuteReader();
            if (!reader.Read())
            {
                return Failure.NotFound();
            }

            reader.NextResult();
            var events = new List<TicketEvent>();
            while (reader.Read())
            {
                events.Add(new TicketEvent(
                    Enum.Parse<TicketEventKind>(reader.GetString(0)),
                    new TicketActor(Enum.Parse<ActorKind>(reader.GetString(1)), reader.GetString(2)),
                    SortableTime.Parse(reader.GetString(3)),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6)));
            }

            return events;
        });

    public Task<Result<IReadOnlyList<Ticket>>> ListOpenSinceAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
        Guard(() => List(ListOpenSinceSql, limit, q => q.Parameters.AddWithValue("$since", SortableTime.Format(since))));

    public Task<Result<IReadOnlyList<Ticket>>> ListWaitingAsync(TicketPriority priority, DateTimeOffset waitingSinceAtMost, int limit, CancellationToken cancellationToken) =>
        Guard(() => List(ListWaitingSql, limit, q =>
        {
            q.Parameters.AddWithValue("$priority", priority.ToString());
            q.Parameters.AddWithValue("$cutoff", SortableTime.Format(waitingSinceAtMost));
        }));

    private static void BindChangeable(SqliteCommand command, Ticket ticket)
    {
        command.Parameters.AddWithValue("$revision", ticket.Revision);
        command.Parameters.AddWithValue("$level", ticket.EscalationLevel);
        command.Parameters.AddWithValue("$waiting", ticket.WaitingSince is { } w ? SortableTime.Format(w) : DBNull.Value);
        command.Parameters.AddWithValue("$parent", ticket.Parent is { } p ? p.Sequence : DBNull.Value);
        command.Parameters.AddWithValue("$affected", ticket.AffectedCallers);
    }

    private static void AppendEvents(SqliteLease lease, SqliteTransaction transaction, long sequence, IReadOnlyList<TicketEvent> events)
    {
        foreach (var e in events)
        {
            var insert = lease.Command(InsertEventSql, transaction);
            insert.Parameters.AddWithValue("$seq", sequence);
            insert.Parameters.AddWithValue("$kind", e.Kind.ToString());
            insert.Parameters.AddWithValue("$actorKind", e.Actor.Kind.ToString());
            insert.Parameters.AddWithValue("$actor", e.Actor.Id);
            insert.Parameters.AddWithValue("$at", SortableTime.Format(e.At));
            insert.Parameters.AddWithValue("$from", (object?)e.From ?? DBNull.Value);
            insert.Parameters.AddWithValue("$to", (object?)e.To ?? DBNull.Value);
            insert.Parameters.AddWithValue("$detail", (object?)e.Detail ?? DBNull.Value);
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>One transaction, committed only when the work succeeds: a failure leaves nothing half-written.</summary>
    private Task<Result<Ticket>> Write(Func<SqliteLease, SqliteTransaction, Result<Ticket>> work)
    {
        try
        {
            lock (_writer)
            {
                using var lease = database.Lease();
                using var transaction = lease.Connection.BeginTransaction();
                var result = work(lease, transaction);
                if (result.IsOk)
                {
                    transaction.Commit();
                }

                return Task.FromResult(result);
            }
        }
        catch (SqliteException)
        {
            return Task.FromResult<Result<Ticket>>(Failure.Unavailable());
        }
    }

    private static Task<Result<T>> Guard<T>(Func<Result<T>> read)
    {
        try
        {
            return Task.FromResult(read());
        }
        catch (SqliteException)
        {
            return Task.FromResult<Result<T>>(Failure.Unavailable());
        }
    }

    private static long? ReadSequenceByKey(SqliteLease lease, SqliteTransaction transaction, string key)
    {
        var query = lease.Command(SequenceByKeySql, transaction);
        query.Parameters.AddWithValue("$key", key);
        return query.ExecuteScalar() is long sequence ? sequence : null;
    }

    private static Ticket? Read(SqliteLease lease, SqliteTransaction? transaction, long sequence)
    {
        var query = lease.Command(ReadTicketSql, transaction);
        query.Parameters.AddWithValue("$seq", sequence);
        using var reader = query.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var ticket = TicketFrom(reader);
        reader.NextResult();
        List<TicketComment>? comments = null;
        while (reader.Read())
        {
            (comments ??= []).Add(new TicketComment(reader.GetString(0), reader.GetString(1), SortableTime.Parse(reader.GetString(2))));
        }

        // Most tickets have no comments: the ticket as read already says so.
        return comments is null ? ticket : ticket with { Comments = comments };
    }

    /// <summary>
    /// A page of tickets with their comments from one query (the page joined to its comments, a ticket's rows adjacent),
    /// not one read per ticket after it.
    /// </summary>
    private Result<IReadOnlyList<Ticket>> List(string sql, int limit, Action<SqliteCommand> bind)
    {
        using var lease = database.Lease();
        var query = lease.Command(sql);
        bind(query);
        query.Parameters.AddWithValue("$limit", limit);
        using var reader = query.ExecuteReader();
        var tickets = new List<Ticket>();
        Ticket? current = null;
        var comments = new List<TicketComment>();
        while (reader.Read())
        {
            if (current is null || current.Number.Sequence != reader.GetInt64(0))
            {
                if (current is not null)
                {
                    tickets.Add(current with { Comments = comments });
                    comments = [];
                }

                current = TicketFrom(reader);
            }

            if (!reader.IsDBNull(TicketColumns))
            {
                comments.Add(new TicketComment(reader.GetString(TicketColumns), reader.GetString(TicketColumns + 1), SortableTime.Parse(reader.GetString(TicketColumns + 2))));
            }
        }

        if (current is not null)
        {
            tickets.Add(current with { Comments = comments });
        }

        return tickets;
    }

    /// <summary>The row's first <see cref="TicketColumns"/> columns, in the order of <see cref="TicketColumnList"/>.</summary>
    private static Ticket TicketFrom(SqliteDataReader reader) => new()
    {
        Number = TicketNumber.FromSequence(reader.GetInt64(0)),
        CallerId = reader.GetString(1),
        Summary = reader.GetString(2),
        Description = reader.GetString(3),
        Status = Enum.Parse<TicketStatus>(reader.GetString(4)),
        Priority = Enum.Parse<TicketPriority>(reader.GetString(5)),
        Category = Enum.Parse<TicketCategory>(reader.GetString(6)),
        Impact = Enum.Parse<TicketImpact>(reader.GetString(7)),
        CreatedAt = SortableTime.Parse(reader.GetString(8)),
        UpdatedAt = SortableTime.Parse(reader.GetString(9)),
        IdempotencyKey = reader.IsDBNull(10) ? null : reader.GetString(10),
        Revision = reader.GetInt32(11),
        EscalationLevel = reader.GetInt32(12),
        WaitingSince = reader.IsDBNull(13) ? null : SortableTime.Parse(reader.GetString(13)),
        Parent = reader.IsDBNull(14) ? null : TicketNumber.FromSequence(reader.GetInt64(14)),
        AffectedCallers = reader.GetInt32(15),
    };

    private const int TicketColumns = 16;

    private const string TicketColumnList = "sequence, caller_id, summary, description, status, priority, category, impact, created_at, updated_at, idempotency_key, revision, escalation_level, waiting_since, parent_sequence, affected_callers";

    private const string InsertTicketSql = """
        INSERT INTO tickets (caller_id, summary, description, status, priority, category, impact, created_at, updated_at, idempotency_key,
                             revision, escalation_level, waiting_since, parent_sequence, affected_callers)
        VALUES ($caller, $summary, $description, $status, $priority, $category, $impact, $created, $updated, $key,
                $revision, $level, $waiting, $parent, $affected)
        RETURNING sequence;
        """;

    private const string InsertCommentSql = """
        INSERT INTO comments (ticket_sequence, author, text, created_at) VALUES ($seq, $author, $text, $now);
        UPDATE tickets SET updated_at = $now WHERE sequence = $seq;
        """;

    private const string ListByCallerSql = $"""
        WITH page AS (
            SELECT {TicketColumnList} FROM tickets WHERE caller_id = $caller
            ORDER BY created_at DESC, sequence DESC LIMIT $limit)
        SELECT page.*, c.author, c.text, c.created_at FROM page LEFT JOIN comments c ON c.ticket_sequence = page.sequence
        ORDER BY page.created_at DESC, page.sequence DESC, c.id;
        """;

    private const string ListOpenByCallerSql = $"""
        WITH page AS (
            SELECT {TicketColumnList} FROM tickets
            WHERE caller_id = $caller AND status NOT IN ('{nameof(TicketStatus.Resolved)}', '{nameof(TicketStatus.Closed)}')
            ORDER BY created_at DESC, sequence DESC LIMIT $limit)
        SELECT page.*, c.author, c.text, c.created_at FROM page LEFT JOIN comments c ON c.ticket_sequence = page.sequence
        ORDER BY page.created_at DESC, page.sequence DESC, c.id;
        """;

    private const string UpdateSql = """
        UPDATE tickets SET status = $status, priority = $priority, impact = $impact, updated_at = $updated, revision = $revision,
                           escalation_level = $level, waiting_since = $waiting, parent_sequence = $parent, affected_callers = $affected
        WHERE sequence = $seq AND revision = $expected;
        """;

    private const string CountSql = """
        INSERT INTO ticket_counters (family, key, value) VALUES ($family, $key, $delta)
        ON CONFLICT (family, key) DO UPDATE SET value = value + excluded.value;
        """;

    private const string ReadCountersSql = "SELECT key, value FROM ticket_counters WHERE family = $family;";

    private const string InsertEventSql = """
        INSERT INTO ticket_events (ticket_sequence, kind, actor_kind, actor_id, at, from_value, to_value, detail)
        VALUES ($seq, $kind, $actorKind, $actor, $at, $from, $to, $detail);
        """;

    private const string HistorySql = """
        SELECT 1 FROM tickets WHERE sequence = $seq;
        SELECT kind, actor_kind, actor_id, at, from_value, to_value, detail FROM ticket_events WHERE ticket_sequence = $seq ORDER BY id;
        """;

    private const string ListOpenSinceSql = $"""
        WITH page AS (
            SELECT {TicketColumnList} FROM tickets INDEXED BY tickets_by_created
            WHERE created_at >= $since AND status NOT IN ('{nameof(TicketStatus.Resolved)}', '{nameof(TicketStatus.Closed)}')
            ORDER BY created_at DESC, sequence DESC LIMIT $limit)
        SELECT page.*, c.author, c.text, c.created_at FROM page LEFT JOIN comments c ON c.ticket_sequence = page.sequence
        ORDER BY page.created_at DESC, page.sequence DESC, c.id;
        """;

    // The partial index tickets_waiting holds only waiting tickets: the sweep never reads the rest of the table.
    private const string ListWaitingSql = $"""
        WITH page AS (
            SELECT {TicketColumnList} FROM tickets INDEXED BY tickets_waiting
            WHERE waiting_since IS NOT NULL AND priority = $priority AND waiting_since <= $cutoff
            ORDER BY waiting_since, sequence LIMIT $limit)
        SELECT page.*, c.author, c.text, c.created_at FROM page LEFT JOIN comments c ON c.ticket_sequence = page.sequence
        ORDER BY page.waiting_since, page.sequence, c.id;
        """;

    private const string SequenceByKeySql = "SELECT sequence FROM tickets WHERE idempotency_key = $key;";

    private const string ReadTicketSql = $"""
        SELECT {TicketColumnList} FROM tickets WHERE sequence = $seq;
        SELECT author, text, created_at FROM comments WHERE ticket_sequence = $seq ORDER BY id;
        """;
}
