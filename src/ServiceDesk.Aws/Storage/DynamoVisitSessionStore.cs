using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ServiceDesk.Core;
using ServiceDesk.Core.Visits;

namespace ServiceDesk.Aws.Storage;

/// <summary>
/// Visit sessions: one item per session id (<c>session_id</c>) holding the whole session as JSON (<c>record</c>, the
/// scheduler's token included: it is server-side state and never leaves this table but for the scheduler call), and
/// <c>expires_at</c> (epoch seconds: the last write plus <see cref="IVisitSessionStore.TimeToLive"/>) for the table's TTL.
/// TTL deletes lazily (up to days later), so an item past its time is treated as missing here.
/// </summary>
/// <remarks>
/// The port has no failure channel: a table that cannot be reached within the budget throws, with a message that names
/// neither the session's token nor its contents, and the handler's edge turns that into a person.
/// </remarks>
public sealed class DynamoVisitSessionStore(IAmazonDynamoDB dynamo, DynamoOptions options, TimeProvider time) : IVisitSessionStore
{
    private readonly DynamoOptions _options = options.ValidateForVisitSessions();

    public async Task<VisitSession?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        var result = await DynamoCalls.Run<VisitSession?>(time, _options.CallTimeout, async ct =>
        {
            var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = _options.VisitSessionsTable, Key = Key(sessionId), ConsistentRead = true }, ct);
            return response.Item is { Count: > 0 } item && Live(item) ? Read(item) : null;
        }, cancellationToken);
        return result.IsOk ? result.Value : throw Unavailable(result.Failure);
    }

    public async Task PutAsync(VisitSession session, CancellationToken cancellationToken)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["session_id"] = new() { S = session.SessionId },
            ["record"] = new() { S = JsonSerializer.Serialize(session, VisitSessionJson.Default.VisitSession) },
            ["expires_at"] = new() { N = (time.GetUtcNow() + IVisitSessionStore.TimeToLive).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
        };
        var result = await DynamoCalls.Run<bool>(time, _options.CallTimeout, async ct =>
        {
            await dynamo.PutItemAsync(new PutItemRequest { TableName = _options.VisitSessionsTable, Item = item }, ct);
            return true;
        }, cancellationToken);
        if (!result.IsOk)
        {
            throw Unavailable(result.Failure);
        }
    }

    private static Dictionary<string, AttributeValue> Key(string sessionId) => new() { ["session_id"] = new AttributeValue { S = sessionId } };

    private bool Live(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue("expires_at", out var expires)
        && long.TryParse(expires.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
        && epoch > time.GetUtcNow().ToUnixTimeSeconds();

    private static VisitSession? Read(Dictionary<string, AttributeValue> item)
    {
        try
        {
            return item.TryGetValue("record", out var record) && record.S is { } json ? JsonSerializer.Deserialize(json, VisitSessionJson.Default.VisitSession) : null;
        }
        catch (JsonException)
        {
            // A record this code cannot read is a session to start again, not a call to fail.
            return null;
        }
    }

    private static InvalidOperationException Unavailable(Failure failure) => new($"the visit sessions table is {failure.Kind.ToString().ToLowerInvariant()}");
}

[JsonSerializable(typeof(VisitSession))]
internal sealed partial class VisitSessionJson : JsonSerializerContext;
