using System.Globalization;
using Microsoft.Data.Sqlite;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Local.Storage;

/// <summary>The embedded ticket store. Same contract as the DynamoDB store; the contract tests run against both.</summary>
public sealed class SqliteTicketStore(SqliteDatabase database, TimeProvider time) : ITicketBackend
{
    // SQLite allows one writer at a time; serialising this process's writers avoids busy waits between them
    // (other processes sharing the data folder are covered by busy_timeout).
    private readonly Lock _writer = new();

    public Task<Result<Ticket>> CreateAsync(NewTicket ticket, CancellationToken cancellationToken)
    {
        if (TicketRules.Validate(ticket) is { } invalid)
        {
            return Task.FromResult<Result<Ticket>>(invalid);
        }

        return Write((lease, transaction) =>
        {
            if (ticket.IdempotencyKey is { } key && ReadSequenceByKey(lease, transaction, key) is { } existing)
            {
                return Read(lease, transaction, existing)!;
            }

            var now = time.GetUtcNow();
            var summary = ticket.Summary is { Length: > 0 } s ? s : TicketRules.Summarize(ticket.Description);
            var priority = ticket.Priority ?? TicketPriority.P3;
            var category = ticket.Category ?? TicketCategory.Other;
            var impact = ticket.Impact ?? TicketImpact.Individual;
            var insert = lease.Command(InsertTicketSql, transaction);
            insert.Parameters.AddWithValue("$caller", ticket.CallerId);
            insert.Parameters.AddWithValue("$summary", summary);
            insert.Parameters.AddWithValue("$description", ticket.Description);
            insert.Parameters.AddWithValue("$status", nameof(TicketStatus.New));
            insert.Parameters.AddWithValue("$priority", priority.ToString());
            insert.Parameters.AddWithValue("$category", category.ToString());
            insert.Parameters.AddWithValue("$impact", impact.ToString());
            insert.Parameters.AddWithValue("$now", SortableTime.Format(now));
            insert.Parameters.AddWithValue("$key", (object?)ticket.IdempotencyKey ?? DBNull.Value);
            var sequence = (long)insert.ExecuteScalar()!;
            if (sequence > TicketNumber.MaxSequence)
            {
                return Failure.Unavailable();
            }

            // Built from what was written rather than read back: the row holds exactly these values.
            return new Ticket
            {
                Number = TicketNumber.FromSequence(sequence),
                CallerId = ticket.CallerId,
                Summary = summary,
                Description = ticket.Description,
                Priority = priority,
                Category = category,
                Impact = impact,
                CreatedAt = now,
                UpdatedAt = now,
                IdempotencyKey = ticket.IdempotencyKey,
            };
        });
    }

    public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken) =>
        Guard(() =>
        {
            using var lease = database.Lease();
            return Read(lease, null, number.Sequence) is { } ticket ? Result<Ticket>.Ok(ticket) : Failure.NotFound();
        });

    public Task<Result<Ticket>> AddCommentAsync(TicketNumber number, NewComment comment, CancellationToken cancellationToken)
    {
        if (TicketRules.Validate(comment) is { } invalid)
        {
            return Task.FromResult<Result<Ticket>>(invalid);
        }

        return Write((lease, transaction) =>
        {
            if (Read(lease, transaction, number.Sequence) is null)
            {
                return Failure.NotFound();
            }

            var now = SortableTime.Format(time.GetUtcNow());
            var insert = lease.Command(InsertCommentSql, transaction);
            insert.Parameters.AddWithValue("$seq", number.Sequence);
            insert.Parameters.AddWithValue("$author", comment.Author);
            insert.Parameters.AddWithValue("$text", comment.Text);
            insert.Parameters.AddWithValue("$now", now);
            insert.ExecuteNonQuery();
            return Read(lease, transaction, number.Sequence)!;
        });
    }

    public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        Guard(() => List(ListByCallerSql, callerId, Math.Clamp(limit, 1, TicketRules.MaxListLimit)));

    public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        Guard(() => List(ListOpenByCallerSql, callerId, Math.Clamp(limit, 1, TicketRules.MaxOpenListLimit)));

    public Task<Result<Ticket>> UpdateStatusAsync(TicketNumber number, TicketStatus status, CancellationToken cancellationToken) =>
        Write((lease, transaction) =>
        {
            if (Read(lease, transaction, number.Sequence) is not { } ticket)
            {
                return Failure.NotFound();
            }

            if (ticket.Status == status)
            {
                return ticket;
            }

            if (!TicketRules.CanTransition(ticket.Status, status))
            {
                return Failure.Conflict($"a {ticket.Status} ticket cannot become {status}");
            }

            var update = lease.Command(UpdateStatusSql, transaction);
            update.Parameters.AddWithValue("$status", status.ToString());
            update.Parameters.AddWithValue("$now", SortableTime.Format(time.GetUtcNow()));
            update.Parameters.AddWithValue("$seq", number.Sequence);
            update.ExecuteNonQuery();
            return Read(lease, transaction, number.Sequence)!;
        });

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
        var comments = new List<TicketComment>();
        while (reader.Read())
        {
            comments.Add(new TicketComment(reader.GetString(0), reader.GetString(1), SortableTime.Parse(reader.GetString(2))));
        }

        return ticket with { Comments = comments };
    }

    /// <summary>
    /// A page of tickets with their comments from one query (the page joined to its comments, a ticket's rows adjacent),
    /// not one read per ticket after it.
    /// </summary>
    private Result<IReadOnlyList<Ticket>> List(string sql, string callerId, int limit)
    {
        using var lease = database.Lease();
        var query = lease.Command(sql);
        query.Parameters.AddWithValue("$caller", callerId);
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
    };

    private const int TicketColumns = 11;

    private const string TicketColumnList = "sequence, caller_id, summary, description, status, priority, category, impact, created_at, updated_at, idempotency_key";

    private const string InsertTicketSql = """
        INSERT INTO tickets (caller_id, summary, description, status, priority, category, impact, created_at, updated_at, idempotency_key)
        VALUES ($caller, $summary, $description, $status, $priority, $category, $impact, $now, $now, $key)
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

    private const string UpdateStatusSql = "UPDATE tickets SET status = $status, updated_at = $now WHERE sequence = $seq;";

    private const string SequenceByKeySql = "SELECT sequence FROM tickets WHERE idempotency_key = $key;";

    private const string ReadTicketSql = $"""
        SELECT {TicketColumnList} FROM tickets WHERE sequence = $seq;
        SELECT author, text, created_at FROM comments WHERE ticket_sequence = $seq ORDER BY id;
        """;
}
