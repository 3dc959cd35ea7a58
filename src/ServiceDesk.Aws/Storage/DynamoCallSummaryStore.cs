using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ServiceDesk.Core;
using ServiceDesk.Core.Calls;

namespace ServiceDesk.Aws.Storage;

/// <summary>
/// Call summaries: one item per call (<c>contact_id</c>) holding the summary's JSON (<c>record</c>), its caller and start
/// for the sparse <c>CallerIdIndex</c> (an unidentified call has no <c>caller_id</c>, so it is not indexed), and
/// <c>expires_at</c> (epoch seconds: the start plus the retention) for the table's TTL. A put is conditional on the call
/// not having ended, so the first ending wins. TTL deletes lazily: an expired item is treated as gone.
/// </summary>
public sealed class DynamoCallSummaryStore(IAmazonDynamoDB dynamo, DynamoOptions options, TimeProvider time) : ICallSummaryStore
{
    private readonly DynamoOptions _options = options.ValidateForCallSummaries();

    public Task<Result<bool>> SaveAsync(CallSummary summary, CancellationToken cancellationToken) =>
        DynamoCalls.Run<bool>(time, _options.CallTimeout, async ct =>
        {
            var item = new Dictionary<string, AttributeValue>
            {
                ["contact_id"] = new() { S = summary.ContactId },
                ["started_at"] = new() { S = SortableTime.Format(summary.StartedAt) },
                ["record"] = new() { S = summary.ToJson() },
                ["expires_at"] = new() { N = (summary.StartedAt + _options.CallSummaryRetention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
            };
            if (summary.CallerId.Length > 0)
            {
                item["caller_id"] = new() { S = summary.CallerId };
            }

            if (summary.EndedAt is { } ended)
            {
                item["ended_at"] = new() { S = SortableTime.Format(ended) };
            }

            try
            {
                await dynamo.PutItemAsync(new PutItemRequest { TableName = _options.CallSummariesTable, Item = item, ConditionExpression = "attribute_not_exists(ended_at)" }, ct);
                return true;
            }
            catch (ConditionalCheckFailedException)
            {
                return false;
            }
        }, cancellationToken);

    public Task<Result<CallSummary?>> GetAsync(string contactId, CancellationToken cancellationToken) =>
        DynamoCalls.Run<CallSummary?>(time, _options.CallTimeout, async ct =>
        {
            var response = await dynamo.GetItemAsync(new GetItemRequest
            {
                TableName = _options.CallSummariesTable,
                Key = new() { ["contact_id"] = new() { S = contactId } },
                ConsistentRead = true,
            }, ct);
            return response.Item is { Count: > 0 } item && Live(item) ? Read(item) : null;
        }, cancellationToken);

    public Task<Result<IReadOnlyList<CallSummary>>> ListByCallerAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        DynamoCalls.Run<IReadOnlyList<CallSummary>>(time, _options.CallTimeout, async ct =>
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = _options.CallSummariesTable,
                IndexName = DynamoTables.CallerIdIndex,
                KeyConditionExpression = "caller_id = :caller",
                ExpressionAttributeValues = new() { [":caller"] = new() { S = callerId } },
                ScanIndexForward = false,
                Limit = Math.Max(1, limit),
            }, ct);
            return (response.Items ?? []).Where(Live).Select(Read).OfType<CallSummary>().ToList();
        }, cancellationToken);

    private bool Live(Dictionary<string, AttributeValue> item) =>
        !item.TryGetValue("expires_at", out var expires)
        || !long.TryParse(expires.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
        || epoch > time.GetUtcNow().ToUnixTimeSeconds();

    private static CallSummary? Read(Dictionary<string, AttributeValue> item)
    {
        try
        {
            return item.TryGetValue("record", out var record) && record.S is { } json ? CallSummary.FromJson(json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
