using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace ServiceDesk.Aws.Storage;

/// <summary>
/// The three tables' key schemas, as template.yaml declares them (a test checks the two agree): tickets
/// (<c>ticket_id</c>; GSI <c>CallerIdIndex</c> on <c>caller_id</c> + <c>created_at</c>), callers (<c>phone</c> +
/// <c>caller_id</c>; GSIs <c>EmployeeIdIndex</c> on <c>employee_id_upper</c> and <c>CallerIdIndex</c> on
/// <c>caller_id</c>), idempotency (<c>idempotency_key</c>, TTL <c>expires_at</c>). Creating them is for tests and local runs.
/// </summary>
public static class DynamoTables
{
    public const string CallerIdIndex = "CallerIdIndex";
    public const string EmployeeIdIndex = "EmployeeIdIndex";

    public static async Task CreateAsync(IAmazonDynamoDB dynamo, DynamoOptions options, CancellationToken cancellationToken)
    {
        await CreateAsync(dynamo, new CreateTableRequest
        {
            TableName = options.TicketsTable,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new("ticket_id", KeyType.HASH)],
            AttributeDefinitions = [new("ticket_id", ScalarAttributeType.S), new("caller_id", ScalarAttributeType.S), new("created_at", ScalarAttributeType.S)],
            GlobalSecondaryIndexes = [Index(CallerIdIndex, "caller_id", "created_at")],
        }, cancellationToken);
        await CreateAsync(dynamo, new CreateTableRequest
        {
            TableName = options.CallersTable,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new("phone", KeyType.HASH), new("caller_id", KeyType.RANGE)],
            AttributeDefinitions = [new("phone", ScalarAttributeType.S), new("caller_id", ScalarAttributeType.S), new("employee_id_upper", ScalarAttributeType.S)],
            GlobalSecondaryIndexes = [Index(EmployeeIdIndex, "employee_id_upper", null), Index(CallerIdIndex, "caller_id", null)],
        }, cancellationToken);
        await CreateAsync(dynamo, new CreateTableRequest
        {
            TableName = options.IdempotencyTable,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new("idempotency_key", KeyType.HASH)],
            AttributeDefinitions = [new("idempotency_key", ScalarAttributeType.S)],
        }, cancellationToken);
    }

    private static GlobalSecondaryIndex Index(string name, string hash, string? range) => new()
    {
        IndexName = name,
        KeySchema = range is null ? [new(hash, KeyType.HASH)] : [new(hash, KeyType.HASH), new(range, KeyType.RANGE)],
        Projection = new Projection { ProjectionType = ProjectionType.ALL },
    };

    private static async Task CreateAsync(IAmazonDynamoDB dynamo, CreateTableRequest request, CancellationToken cancellationToken)
    {
        await dynamo.CreateTableAsync(request, cancellationToken);
        for (var i = 0; i < 200; i++)
        {
            var table = await dynamo.DescribeTableAsync(request.TableName, cancellationToken);
            if (table.Table.TableStatus == TableStatus.ACTIVE && (table.Table.GlobalSecondaryIndexes ?? []).All(g => g.IndexStatus == IndexStatus.ACTIVE))
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"table {request.TableName} did not become ACTIVE");
    }
}
