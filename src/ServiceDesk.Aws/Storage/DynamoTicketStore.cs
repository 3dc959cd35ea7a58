using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using ServiceDesk.Core;
using ServiceDesk.Core.Analytics;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Aws.Storage;

/// <summary>
/// Tickets in DynamoDB, persistence only (<see cref="TicketDesk"/> validates and decides): table keyed by <c>ticket_id</c>,
/// GSI <c>CallerIdIndex</c> (<c>caller_id</c>, <c>created_at</c>), sparse GSI <c>WaitingIndex</c> (<c>sweep_priority</c>,
/// <c>waiting_since</c>, present only on New P1/P2 tickets) for the escalation sweep,
/// numbers reserved in blocks from an atomic counter item (<see cref="TicketNumberBlocks"/>), idempotency records in
/// their own table with a TTL.
/// </summary>
/// <remarks>
/// Create is two conditional writes, not a transaction (dynalite, which the tests run against, has no
/// TransactWriteItems): first the idempotency key is claimed with a fresh number, then the ticket is put in one
/// PutItem. A ticket is therefore never half written; a claim whose ticket is missing (a crash between the two) is
/// completed by the next request with the same key, with the claimed number, so a retry never makes a second ticket.
/// The claim is tried before anything is read: a first request (nearly all of them) makes just those two calls, and
/// only a key claimed before costs a read of its claim (and the number taken for it stays unused).
/// History is a list attribute <c>events</c> of the ticket item, appended (<c>list_append</c>) by the very PutItem or
/// UpdateItem that makes the change: a change never lands without its event, and no call here rewrites or removes one.
/// A change other than a comment is written only over the <c>revision</c> it was decided from.
/// </remarks>
public sealed class DynamoTicketStore(IAmazonDynamoDB dynamo, DynamoOptions options, TimeProvider time) : ITicketStore
{
    private const string CounterId = "#counter";

    /// <summary>
    /// Analytics counter items are <c>#counters#</c>, a family and a shard (<c>#counters#status#3</c>); they have no caller
    /// or waiting keys, so no index holds them.
    /// </summary>
    private const string CountersId = "#counters#";

    /// <summary>
    /// Counter items per family. Every create and change adds to its family's counters; one item per family would be a
    /// hot item every write queues on (on dynalite it made a create 3-5x a PutItem at 10 clients). A write counts in the
    /// shard of its ticket's number; a read sums the shards (and the unsharded item that stores before sharding wrote).
    /// </summary>
    internal const int CounterShards = 8;

    /// <summary>Tickets one page of an open-ticket list reads (open or not): bounded reads, few round trips.</summary>
    internal const int OpenListPage = 100;

    private readonly DynamoOptions _options = options.ValidateForTickets();
    private TicketNumberBlocks? _numbers;

    private TicketNumberBlocks Numbers => LazyInitializer.EnsureInitialized(ref _numbers, () => new TicketNumberBlocks(ReserveNumbersAsync, _options.CallTimeout, time));

    public Task<Result<Ticket>> InsertAsync(Ticket draft, TicketEvent created, CancellationToken cancellationToken) =>
        DynamoCalls.Run<Ticket>(time, _options.CallTimeout, async ct =>
        {
            var (sequence, reserving) = await Numbers.TakeAsync(ct);
            try
            {
                if (sequence > TicketNumber.MaxSequence)
                {
                    // The numbers are used up: only a request whose ticket already has one can still be answered.
                    return draft.IdempotencyKey is { } retried && await ReadClaimAsync(retried, ct) is { } earlier
                        ? await ReadOrCompleteAsync(earlier, draft, created, ct)
                        : Failure.Unavailable();
                }

                if (draft.IdempotencyKey is { } key && !await TryClaimAsync(key, sequence, ct))
                {
                    // Claimed before (a retry, or a request racing this one): the claim's ticket is the answer.
                    return await ReadClaimAsync(key, ct) is { } claimed ? await ReadOrCompleteAsync(claimed, draft, created, ct) : Failure.Unavailable();
                }

                return await PutNewAsync(sequence, draft, created, ct);
            }
            finally
            {
                await SettleAsync(reserving);
            }
        }, cancellationToken);

    public Task<Result<Ticket>> GetAsync(TicketNumber number, CancellationToken cancellationToken) =>
        DynamoCalls.Run<Ticket>(time, _options.CallTimeout, async ct =>
            await ReadAsync(number.ToString(), ct) is { } ticket ? Result<Ticket>.Ok(ticket) : Failure.NotFound(), cancellationToken);

    public Task<Result<Ticket>> AppendCommentAsync(TicketNumber number, TicketComment comment, TicketEvent commented, CancellationToken cancellationToken) =>
        DynamoCalls.Run<Ticket>(time, _options.CallTimeout, async ct =>
        {
            var now = SortableTime.Format(comment.CreatedAt);
            try
            {
                // list_append in one UpdateItem: concurrent comments are all kept, none overwrites another.
                var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = _options.TicketsTable,
                    Key = Key(number.ToString()),
                    UpdateExpression = "SET comments = list_append(if_not_exists(comments, :empty), :comment), events = list_append(if_not_exists(events, :empty), :events), updated_at = :now",
                    ConditionExpression = "attribute_exists(ticket_id)",
                    ExpressionAttributeValues = new()
                    {
                        [":empty"] = new AttributeValue { L = [], IsLSet = true },
                        [":comment"] = new AttributeValue { L = [new AttributeValue { M = new() { ["author"] = S(comment.Author), ["text"] = S(comment.Text), ["created_at"] = S(now) } }] },
                        [":events"] = Events([commented]),
                        [":now"] = S(now),
                    },
                    ReturnValues = ReturnValue.ALL_NEW,
                }, ct);
                return FromItem(response.Attributes);
            }
            catch (ConditionalCheckFailedException)
            {
                return Failure.NotFound();
            }
        }, cancellationToken);

    public Task<Result<IReadOnlyList<Ticket>>> ListRecentByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        DynamoCalls.Run<IReadOnlyList<Ticket>>(time, _options.CallTimeout, async ct =>
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = _options.TicketsTable,
                IndexName = DynamoTables.CallerIdIndex,
                KeyConditionExpression = "caller_id = :caller",
                ExpressionAttributeValues = new() { [":caller"] = S(callerId) },
                ScanIndexForward = false,
                Limit = Math.Clamp(limit, 1, TicketRules.MaxListLimit),
            }, ct);
            return (response.Items ?? []).Select(FromItem).ToList();
        }, cancellationToken);

    public Task<Result<IReadOnlyList<Ticket>>> ListOpenByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        DynamoCalls.Run<IReadOnlyList<Ticket>>(time, _options.CallTimeout, async ct =>
        {
            // The index is in time order, not status order: closed tickets are read past, a page at a time, until the
            // open ones wanted are found or the caller's tickets end.
            var wanted = Math.Clamp(limit, 1, TicketRules.MaxOpenListLimit);
            var tickets = new List<Ticket>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var response = await dynamo.QueryAsync(new QueryRequest
                {
                    TableName = _options.TicketsTable,
                    IndexName = DynamoTables.CallerIdIndex,
                    KeyConditionExpression = "caller_id = :caller",
                    FilterExpression = "#status <> :resolved AND #status <> :closed",
                    ExpressionAttributeNames = new() { ["#status"] = "status" },
                    ExpressionAttributeValues = new()
                    {
                        [":caller"] = S(callerId),
                        [":resolved"] = S(nameof(TicketStatus.Resolved)),
                        [":closed"] = S(nameof(TicketStatus.Closed)),
                    },
                    ScanIndexForward = false,
                    Limit = OpenListPage,
                    ExclusiveStartKey = start,
                }, ct);
                tickets.AddRange((response.Items ?? []).Select(FromItem));
                start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
            }
            while (start is not null && tickets.Count < wanted);

            return tickets.Count > wanted ? tickets.GetRange(0, wanted) : tickets;
        }, cancellationToken);

    public Task<Result<Ticket>> UpdateAsync(Ticket expected, Ticket changed, IReadOnlyList<TicketEvent> events, CancellationToken cancellationToken) =>
        DynamoCalls.Run<Ticket>(time, _options.CallTimeout, async ct =>
        {
            var values = new Dictionary<string, AttributeValue>
            {
                [":status"] = S(changed.Status.ToString()),
                [":priority"] = S(changed.Priority.ToString()),
                [":impact"] = S(changed.Impact.ToString()),
                [":updated"] = S(SortableTime.Format(changed.UpdatedAt)),
                [":revision"] = N(expected.Revision + 1),
                [":expected"] = N(expected.Revision),
                [":level"] = N(changed.EscalationLevel),
                [":affected"] = N(changed.AffectedCallers),
                [":empty"] = new AttributeValue { L = [], IsLSet = true },
                [":events"] = Events(events),
            };
            var set = new List<string>
            {
                "#status = :status", "priority = :priority", "impact = :impact", "updated_at = :updated", "revision = :revision",
                "escalation_level = :level", "affected_callers = :affected", "events = list_append(if_not_exists(events, :empty), :events)",
            };
            var remove = new List<string>();
            if (changed.WaitingSince is { } waiting)
            {
                set.Add("waiting_since = :waiting");
                set.Add("sweep_priority = :priority");
                values[":waiting"] = S(SortableTime.Format(waiting));
            }
            else
            {
                remove.Add("waiting_since");
                remove.Add("sweep_priority");
            }

            if (changed.Parent is { } parent)
            {
                set.Add("parent_id = :parent");
                values[":parent"] = S(parent.ToString());
            }

            try
            {
                var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = _options.TicketsTable,
                    Key = Key(expected.Number.ToString()),
                    UpdateExpression = "SET " + string.Join(", ", set) + (remove.Count > 0 ? " REMOVE " + string.Join(", ", remove) : string.Empty),
                    // Items written before revisions existed have none: that is revision 0.
                    ConditionExpression = expected.Revision == 0
                        ? "attribute_exists(ticket_id) AND (attribute_not_exists(revision) OR revision = :expected)"
                        : "attribute_exists(ticket_id) AND revision = :expected",
                    ExpressionAttributeNames = new() { ["#status"] = "status" },
                    ExpressionAttributeValues = values,
                    ReturnValues = ReturnValue.ALL_NEW,
                }, ct);
                var updated = FromItem(response.Attributes);
                await CountAsync(updated.Number, TicketCounters.For(expected, updated), ct);
                return updated;
            }
            catch (ConditionalCheckFailedException)
            {
                return await ReadAsync(expected.Number.ToString(), ct) is null ? Failure.NotFound() : Failure.Conflict("the ticket changed since it was read");
            }
        }, cancellationToken);

    public Task<Result<IReadOnlyDictionary<string, long>>> ReadCountersAsync(IReadOnlyList<string> families, CancellationToken cancellationToken) =>
        DynamoCalls.Run<IReadOnlyDictionary<string, long>>(time, _options.CallTimeout, async ct =>
        {
            var ids = families.Distinct().SelectMany(family => Enumerable.Range(-1, CounterShards + 1).Select(shard => CounterItemId(family, shard)));
            var items = await Task.WhenAll(ids.Select(id => dynamo.GetItemAsync(new GetItemRequest { TableName = _options.TicketsTable, Key = Key(id) }, ct)));
            var values = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (name, value) in items.SelectMany(i => i.Item ?? []))
            {
                if (name != "ticket_id" && value.N is { } n)
                {
                    values[name] = values.GetValueOrDefault(name) + long.Parse(n, CultureInfo.InvariantCulture);
                }
            }

            return values;
        }, cancellationToken);

    /// <summary>
    /// Adds a write's analytics counters: one UpdateItem per counter family item in the shard of the ticket's number,
    /// each counter a number attribute. Made after the change is stored, not with it (dynalite has no TransactWriteItems):
    /// a failure here leaves the change in place and that count short, never a count without its change.
    /// </summary>
    private Task CountAsync(TicketNumber number, IReadOnlyList<CounterDelta> deltas, CancellationToken ct) =>
        // The families are separate items: their updates go out together, one round trip for all.
        Task.WhenAll(deltas.GroupBy(d => d.Family).Select(family => CountFamilyAsync(CounterItemId(family.Key, (int)(number.Sequence % CounterShards)), [.. family], ct)));

    /// <summary>A family's counter item in a shard; shard -1 is the unsharded item of stores before sharding (read, never written).</summary>
    private static string CounterItemId(string family, int shard) =>
        shard < 0 ? CountersId + family : CountersId + family + "#" + shard.ToString(CultureInfo.InvariantCulture);

    private async Task CountFamilyAsync(string itemId, List<CounterDelta> deltas, CancellationToken ct)
    {
        var names = new Dictionary<string, string>();
        var values = new Dictionary<string, AttributeValue>();
        var adds = new List<string>();
        for (var i = 0; i < deltas.Count; i++)
        {
            names[$"#c{i}"] = deltas[i].Key;
            values[$":c{i}"] = new AttributeValue { N = deltas[i].Delta.ToString(CultureInfo.InvariantCulture) };
            adds.Add($"#c{i} :c{i}");
        }

        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _options.TicketsTable,
                Key = Key(itemId),
                UpdateExpression = "ADD " + string.Join(", ", adds),
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, ct);
        }
        catch (AmazonServiceException)
        {
            // The change is stored; its answer must not say otherwise (a retry would not count it either).
        }
    }

    public Task<Result<IReadOnlyList<TicketEvent>>> HistoryAsync(TicketNumber number, CancellationToken cancellationToken) =>
        DynamoCalls.Run<IReadOnlyList<TicketEvent>>(time, _options.CallTimeout, async ct =>
        {
            var response = await dynamo.GetItemAsync(new GetItemRequest
            {
                TableName = _options.TicketsTable,
                Key = Key(number.ToString()),
                ProjectionExpression = "ticket_id, events",
                ConsistentRead = true,
            }, ct);
            if (response.Item is not { Count: > 0 } item)
            {
                return Failure.NotFound();
            }

            return (item.TryGetValue("events", out var events) ? events.L ?? [] : []).Select(EventFrom).ToList();
        }, cancellationToken);

    public Task<Result<IReadOnlyList<Ticket>>> ListOpenSinceAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
        DynamoCalls.Run<IReadOnlyList<Ticket>>(time, _options.CallTimeout, async ct =>
        {
            // RecentIndex is keyed by the UTC day created: a window of hours is one or two partitions, read newest first.
            var tickets = new List<Ticket>();
            var from = DateOnly.FromDateTime(since.UtcDateTime);
            for (var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime); day >= from && tickets.Count < limit; day = day.AddDays(-1))
            {
                Dictionary<string, AttributeValue>? start = null;
                do
                {
                    var response = await dynamo.QueryAsync(new QueryRequest
                    {
                        TableName = _options.TicketsTable,
                        IndexName = DynamoTables.RecentIndex,
                        KeyConditionExpression = "created_day = :day AND created_at >= :since",
                        FilterExpression = "#status <> :resolved AND #status <> :closed",
                        ExpressionAttributeNames = new() { ["#status"] = "status" },
                        ExpressionAttributeValues = new()
                        {
                            [":day"] = S(Day(day)),
                            [":since"] = S(SortableTime.Format(since)),
                            [":resolved"] = S(nameof(TicketStatus.Resolved)),
                            [":closed"] = S(nameof(TicketStatus.Closed)),
                        },
                        ScanIndexForward = false,
                        Limit = limit,
                        ExclusiveStartKey = start,
                    }, ct);
                    tickets.AddRange((response.Items ?? []).Select(FromItem));
                    start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
                }
                while (start is not null && tickets.Count < limit);
            }

            return tickets.Count > limit ? tickets.GetRange(0, limit) : tickets;
        }, cancellationToken);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public Task<Result<IReadOnlyList<Ticket>>> ListWaitingAsync(TicketPriority priority, DateTimeOffset waitingSinceAtMost, int limit, CancellationToken cancellationToken) =>
        DynamoCalls.Run<IReadOnlyList<Ticket>>(time, _options.CallTimeout, async ct =>
        {
            // The index is sparse: only New P1/P2 tickets carry sweep_priority, so this reads the waiting ones and no other.
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = _options.TicketsTable,
                IndexName = DynamoTables.WaitingIndex,
                KeyConditionExpression = "sweep_priority = :priority AND waiting_since <= :cutoff",
                ExpressionAttributeValues = new() { [":priority"] = S(priority.ToString()), [":cutoff"] = S(SortableTime.Format(waitingSinceAtMost)) },
                ScanIndexForward = true,
                Limit = limit,
            }, ct);
            return (response.Items ?? []).Select(FromItem).ToList();
        }, cancellationToken);

    /// <summary>Reserves the <paramref name="size"/> numbers ending at the returned one: the counter holds the last number reserved.</summary>
    private async Task<long> ReserveNumbersAsync(long size, CancellationToken ct)
    {
        var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _options.TicketsTable,
            Key = Key(CounterId),
            UpdateExpression = "ADD next_sequence :size",
            ExpressionAttributeValues = new() { [":size"] = new AttributeValue { N = size.ToString(CultureInfo.InvariantCulture) } },
            ReturnValues = ReturnValue.UPDATED_NEW,
        }, ct);
        return long.Parse(response.Attributes["next_sequence"].N, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Waits for a block reservation this create started alongside its writes. Its failure is not this create's: the
    /// next create that needs numbers reserves again.
    /// </summary>
    private static async Task SettleAsync(Task reserving)
    {
        try
        {
            await reserving;
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException or OperationCanceledException)
        {
        }
    }

    private async Task<string?> ReadClaimAsync(string key, CancellationToken ct)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = _options.IdempotencyTable,
            Key = new() { ["idempotency_key"] = S(key) },
            ConsistentRead = true,
        }, ct);
        return response.Item is { Count: > 0 } item && item.TryGetValue("ticket_id", out var id) ? id.S : null;
    }

    private async Task<bool> TryClaimAsync(string key, long sequence, CancellationToken ct)
    {
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = _options.IdempotencyTable,
                Item = new()
                {
                    ["idempotency_key"] = S(key),
                    ["ticket_id"] = S(TicketNumber.FromSequence(sequence).ToString()),
                    ["expires_at"] = new AttributeValue { N = (time.GetUtcNow() + _options.IdempotencyWindow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
                },
                ConditionExpression = "attribute_not_exists(idempotency_key)",
            }, ct);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private async Task<Result<Ticket>> ReadOrCompleteAsync(string ticketId, Ticket ticket, TicketEvent created, CancellationToken ct) =>
        await ReadAsync(ticketId, ct) is { } existing ? Answer(existing, ticket) : await PutNewAsync(TicketNumber.Parse(ticketId).Sequence, ticket, created, ct);

    /// <summary>
    /// A ticket already under the number is this request's only when it carries the request's key (its claim was
    /// completed by a retry racing it). Any other ticket there means the counter was set back below numbers in use (a
    /// deleted or restored counter item): the request fails rather than answer with someone else's ticket.
    /// </summary>
    private static Result<Ticket> Answer(Ticket existing, Ticket request) =>
        request.IdempotencyKey is { } key && existing.IdempotencyKey == key ? existing : Failure.Unavailable();

    private async Task<Result<Ticket>> PutNewAsync(long sequence, Ticket request, TicketEvent created, CancellationToken ct)
    {
        var ticket = request with { Number = TicketNumber.FromSequence(sequence), Comments = [] };
        var item = ToItem(ticket);
        item["events"] = Events([created]);
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest { TableName = _options.TicketsTable, Item = item, ConditionExpression = "attribute_not_exists(ticket_id)" }, ct);
            await CountAsync(ticket.Number, TicketCounters.For(null, ticket), ct);
            return ticket;
        }
        catch (ConditionalCheckFailedException)
        {
            // Another request completed the same claim first (theirs is the ticket), or the number was in use already.
            return await ReadAsync(ticket.Number.ToString(), ct) is { } existing ? Answer(existing, request) : Failure.Unavailable();
        }
    }

    private async Task<Ticket?> ReadAsync(string ticketId, CancellationToken ct)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = _options.TicketsTable, Key = Key(ticketId), ConsistentRead = true }, ct);
        return response.Item is { Count: > 0 } item ? FromItem(item) : null;
    }

    private static Dictionary<string, AttributeValue> ToItem(Ticket t)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["ticket_id"] = S(t.Number.ToString()),
            ["caller_id"] = S(t.CallerId),
            ["summary"] = S(t.Summary),
            ["description"] = S(t.Description),
            ["status"] = S(t.Status.ToString()),
            ["priority"] = S(t.Priority.ToString()),
            ["category"] = S(t.Category.ToString()),
            ["impact"] = S(t.Impact.ToString()),
            ["created_at"] = S(SortableTime.Format(t.CreatedAt)),
            ["created_day"] = S(Day(DateOnly.FromDateTime(t.CreatedAt.UtcDateTime))),
            ["updated_at"] = S(SortableTime.Format(t.UpdatedAt)),
            ["comments"] = new AttributeValue { L = [], IsLSet = true },
        };
        if (t.IdempotencyKey is { } key)
        {
            item["idempotency_key"] = S(key);
        }

        item["revision"] = N(t.Revision);
        item["escalation_level"] = N(t.EscalationLevel);
        item["affected_callers"] = N(t.AffectedCallers);
        if (t.WaitingSince is { } waiting)
        {
            item["waiting_since"] = S(SortableTime.Format(waiting));
            item["sweep_priority"] = S(t.Priority.ToString());
        }

        if (t.Parent is { } parent)
        {
            item["parent_id"] = S(parent.ToString());
        }

        return item;
    }

    private static AttributeValue Events(IEnumerable<TicketEvent> events) => new()
    {
        IsLSet = true,
        L = [.. events.Select(e =>
        {
            var m = new Dictionary<string, AttributeValue>
            {
                ["kind"] = S(e.Kind.ToString()),
                ["actor_kind"] = S(e.Actor.Kind.ToString()),
                ["actor_id"] = S(e.Actor.Id),
                ["at"] = S(SortableTime.Format(e.At)),
            };
            if (e.From is { } from)
            {
                m["from"] = S(from);
            }

            if (e.To is { } to)
            {
                m["to"] = S(to);
            }

            if (e.Detail is { } detail)
            {
                m["detail"] = S(detail);
            }

            return new AttributeValue { M = m };
        })],
    };

    private static TicketEvent EventFrom(AttributeValue value)
    {
        var m = value.M;
        string? Optional(string name) => m.TryGetValue(name, out var v) ? v.S : null;
        return new TicketEvent(
            Enum.Parse<TicketEventKind>(m["kind"].S),
            new TicketActor(Enum.Parse<ActorKind>(m["actor_kind"].S), m["actor_id"].S),
            SortableTime.Parse(m["at"].S),
            Optional("from"),
            Optional("to"),
            Optional("detail"));
    }

    private static Ticket FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        Number = TicketNumber.Parse(item["ticket_id"].S),
        CallerId = item["caller_id"].S,
        Summary = item["summary"].S,
        Description = item["description"].S,
        Status = Enum.Parse<TicketStatus>(item["status"].S),
        Priority = Enum.Parse<TicketPriority>(item["priority"].S),
        Category = Enum.Parse<TicketCategory>(item["category"].S),
        Impact = Enum.Parse<TicketImpact>(item["impact"].S),
        CreatedAt = SortableTime.Parse(item["created_at"].S),
        UpdatedAt = SortableTime.Parse(item["updated_at"].S),
        IdempotencyKey = item.TryGetValue("idempotency_key", out var k) ? k.S : null,
        Comments = [.. (item.TryGetValue("comments", out var c) ? c.L ?? [] : []).Select(v => new TicketComment(v.M["author"].S, v.M["text"].S, SortableTime.Parse(v.M["created_at"].S)))],
        Revision = Int(item, "revision", 0),
        EscalationLevel = Int(item, "escalation_level", 0),
        AffectedCallers = Int(item, "affected_callers", 1),
        WaitingSince = item.TryGetValue("waiting_since", out var w) ? SortableTime.Parse(w.S) : null,
        Parent = item.TryGetValue("parent_id", out var p) ? TicketNumber.Parse(p.S) : null,
    };

    private static int Int(Dictionary<string, AttributeValue> item, string name, int absent) =>
        item.TryGetValue(name, out var v) && v.N is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : absent;

    private static AttributeValue N(int value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static Dictionary<string, AttributeValue> Key(string ticketId) => new() { ["ticket_id"] = S(ticketId) };

    private static AttributeValue S(string value) => new() { S = value };

}
