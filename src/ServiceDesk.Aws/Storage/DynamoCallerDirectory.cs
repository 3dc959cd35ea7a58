using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Aws.Storage;

/// <summary>
/// The caller directory in DynamoDB: one item per (phone, caller), so a shared desk line lists everyone on it; each item
/// carries the caller's whole record. Lookups that fail answer "nobody", and the bot asks for the employee id.
/// </summary>
public sealed class DynamoCallerDirectory(IAmazonDynamoDB dynamo, DynamoOptions options, TimeProvider time) : ICallerDirectory
{
    private readonly DynamoOptions _options = options.ValidateForCallers();

    public async Task<IReadOnlyList<Caller>> FindByPhoneAsync(PhoneNumber phone, CancellationToken cancellationToken) =>
        await QueryAsync(null, "phone = :v", phone.E164, cancellationToken);

    public async Task<Caller?> FindByEmployeeIdAsync(string employeeId, CancellationToken cancellationToken) =>
        First(await QueryAsync(DynamoTables.EmployeeIdIndex, "employee_id_upper = :v", employeeId.Trim().ToUpperInvariant(), cancellationToken));

    public async Task<Caller?> FindByIdAsync(string callerId, CancellationToken cancellationToken) =>
        First(await QueryAsync(DynamoTables.CallerIdIndex, "caller_id = :v", callerId, cancellationToken));

    private static Caller? First(IReadOnlyList<Caller> callers) => callers.Count > 0 ? callers[0] : null;

    /// <summary>Writes each caller once per phone number (deploy seeding and tests).</summary>
    public async Task UpsertAsync(IEnumerable<Caller> callers, CancellationToken cancellationToken)
    {
        foreach (var caller in callers)
        {
            foreach (var phone in caller.Phones.Distinct())
            {
                var item = new Dictionary<string, AttributeValue>
                {
                    ["phone"] = new() { S = phone.E164 },
                    ["caller_id"] = new() { S = caller.Id },
                    ["display_name"] = new() { S = caller.DisplayName },
                    ["vip"] = new() { BOOL = caller.Vip },
                    ["language"] = new() { S = caller.Language },
                    ["phones"] = new() { L = [.. caller.Phones.Select(p => new AttributeValue { S = p.E164 })] },
                };
                if (caller.PinHash is { } pin)
                {
                    item["pin_hash"] = new() { S = pin };
                }

                if (caller.EmployeeId is { } employee)
                {
                    item["employee_id"] = new() { S = employee };
                    item["employee_id_upper"] = new() { S = employee.ToUpperInvariant() };
                }

                await dynamo.PutItemAsync(new PutItemRequest { TableName = _options.CallersTable, Item = item }, cancellationToken);
            }
        }
    }

    private async Task<IReadOnlyList<Caller>> QueryAsync(string? index, string condition, string value, CancellationToken cancellationToken)
    {
        var result = await DynamoCalls.Run<IReadOnlyList<Caller>>(time, _options.CallTimeout, async ct =>
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = _options.CallersTable,
                IndexName = index,
                KeyConditionExpression = condition,
                ExpressionAttributeValues = new() { [":v"] = new AttributeValue { S = value } },
            }, ct);
            return (response.Items ?? []).Select(FromItem).DistinctBy(c => c.Id).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        }, cancellationToken);
        return result.IsOk ? result.Value : [];
    }

    private static Caller FromItem(Dictionary<string, AttributeValue> item) => new(
        item["caller_id"].S,
        item["display_name"].S,
        [.. (item.TryGetValue("phones", out var phones) ? phones.L ?? [] : []).Select(p => PhoneNumber.Parse(p.S))],
        item.TryGetValue("employee_id", out var e) ? e.S : null,
        item.TryGetValue("vip", out var vip) && vip.BOOL == true,
        item.TryGetValue("language", out var language) ? language.S : "en-US",
        item.TryGetValue("pin_hash", out var pin) ? pin.S : null);
}
