using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ServiceDesk.Core;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Aws.Storage;

/// <summary>
/// Wrong PINs across calls: one item per employee (<c>caller_id</c>) in the PIN attempts table, counted with an atomic
/// ADD so concurrent calls both count, forgotten through the table's TTL (<c>expires_at</c>, epoch seconds). TTL deletes
/// lazily, so an item past its time is treated as absent here rather than trusted to be gone.
/// </summary>
public sealed class DynamoPinAttempts(IAmazonDynamoDB dynamo, DynamoOptions options, TimeProvider time) : IPinAttemptStore
{
    private readonly DynamoOptions _options = options.ValidateForPins();

    public Task<Result<PinAttempts>> ReadAsync(string callerId, CancellationToken cancellationToken) =>
        DynamoCalls.Run<PinAttempts>(time, _options.CallTimeout, async ct =>
        {
            var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = _options.PinAttemptsTable, Key = Key(callerId), ConsistentRead = true }, ct);
            return response.Item is { Count: > 0 } item && Number(item, "expires_at") > time.GetUtcNow().ToUnixTimeSeconds()
                ? FromItem(item)
                : PinAttempts.None;
        }, cancellationToken);

    public Task<Result<PinAttempts>> RecordFailureAsync(string callerId, PinPolicy policy, DateTimeOffset now, CancellationToken cancellationToken) =>
        DynamoCalls.Run<PinAttempts>(time, _options.CallTimeout, async ct =>
        {
            var expires = Epoch(now + policy.RememberFailuresFor);
            Dictionary<string, AttributeValue> item;
            try
            {
                var counted = await dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = _options.PinAttemptsTable,
                    Key = Key(callerId),
                    UpdateExpression = "ADD failures :one SET expires_at = :expires",
                    ConditionExpression = "attribute_not_exists(caller_id) OR expires_at > :now",
                    ExpressionAttributeValues = new()
                    {
                        [":one"] = N(1),
                        [":expires"] = N(expires),
                        [":now"] = N(now.ToUnixTimeSeconds()),
                    },
                    ReturnValues = ReturnValue.ALL_NEW,
                }, ct);
                item = counted.Attributes;
            }
            catch (ConditionalCheckFailedException)
            {
                // The item outlived its TTL but is not deleted yet: this failure starts a new count.
                item = new() { ["caller_id"] = new AttributeValue { S = callerId }, ["failures"] = N(1), ["expires_at"] = N(expires) };
                await dynamo.PutItemAsync(new PutItemRequest { TableName = _options.PinAttemptsTable, Item = item }, ct);
            }

            var attempts = FromItem(item);
            if (attempts.Failures < policy.FailuresBeforeLock)
            {
                return attempts;
            }

            var until = now + policy.LockFor;
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _options.PinAttemptsTable,
                Key = Key(callerId),
                UpdateExpression = "SET failures = :zero, locked_until = :until, expires_at = :expires",
                ExpressionAttributeValues = new()
                {
                    [":zero"] = N(0),
                    [":until"] = N(until.ToUnixTimeMilliseconds()),
                    [":expires"] = N(Epoch(until + policy.RememberFailuresFor)),
                },
            }, ct);
            return new PinAttempts(0, until);
        }, cancellationToken);

    public Task<Result<bool>> ClearAsync(string callerId, CancellationToken cancellationToken) =>
        DynamoCalls.Run<bool>(time, _options.CallTimeout, async ct =>
        {
            await dynamo.DeleteItemAsync(new DeleteItemRequest { TableName = _options.PinAttemptsTable, Key = Key(callerId) }, ct);
            return true;
        }, cancellationToken);

    private static Dictionary<string, AttributeValue> Key(string callerId) => new() { ["caller_id"] = new AttributeValue { S = callerId } };

    private static PinAttempts FromItem(Dictionary<string, AttributeValue> item) => new(
        (int)Number(item, "failures"),
        item.ContainsKey("locked_until") ? DateTimeOffset.FromUnixTimeMilliseconds(Number(item, "locked_until")) : null);

    private static long Number(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && long.TryParse(value.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static long Epoch(DateTimeOffset at) => at.ToUnixTimeSeconds();

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
