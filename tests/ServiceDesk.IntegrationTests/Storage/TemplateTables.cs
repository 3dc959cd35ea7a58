using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ServiceDesk.Aws.Storage;
using ServiceDesk.Testing;
using YamlDotNet.RepresentationModel;

namespace ServiceDesk.IntegrationTests.Storage;

/// <summary>
/// Creates the DynamoDB tables exactly as template.yaml declares them (key schema, attribute definitions, GSIs), so the
/// contract suites run the stores against the deployed shape and a template that drifts from the code fails them.
/// </summary>
internal static class TemplateTables
{
    public static async Task CreateAsync(IAmazonDynamoDB dynamo, DynamoOptions options, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TicketsTable"] = options.TicketsTable,
            ["CallersTable"] = options.CallersTable,
            ["IdempotencyTable"] = options.IdempotencyTable,
            ["PinAttemptsTable"] = options.PinAttemptsTable,
            ["CallSummariesTable"] = options.CallSummariesTable,
            ["VisitSessionsTable"] = options.VisitSessionsTable,
        };
        foreach (var (id, properties) in Declared())
        {
            var name = names.GetValueOrDefault(id) ?? throw new InvalidOperationException($"template.yaml declares table {id}, which the stores do not know");
            await CreateAsync(dynamo, Request(name, properties), cancellationToken);
        }
    }

    /// <summary>Each AWS::DynamoDB::Table in template.yaml by logical id, with its Properties.</summary>
    public static IEnumerable<(string Id, YamlMappingNode Properties)> Declared()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepoPaths.Of("template.yaml")))
        {
            yaml.Load(reader);
        }

        var resources = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["Resources"];
        return resources.Children
            .Where(r => r.Value is YamlMappingNode m && m.Children.TryGetValue("Type", out var type) && type.ToString() == "AWS::DynamoDB::Table")
            .Select(r => (r.Key.ToString(), (YamlMappingNode)((YamlMappingNode)r.Value)["Properties"]));
    }

    private static CreateTableRequest Request(string name, YamlMappingNode properties) => new()
    {
        TableName = name,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        KeySchema = KeySchema(properties),
        AttributeDefinitions = [.. Items(properties, "AttributeDefinitions").Select(a => new AttributeDefinition(Text(a, "AttributeName"), new ScalarAttributeType(Text(a, "AttributeType"))))],
        GlobalSecondaryIndexes = properties.Children.ContainsKey("GlobalSecondaryIndexes")
            ? [.. Items(properties, "GlobalSecondaryIndexes").Select(Index)]
            : null,
    };

    private static GlobalSecondaryIndex Index(YamlMappingNode index)
    {
        var projection = (YamlMappingNode)index["Projection"];
        return new GlobalSecondaryIndex
        {
            IndexName = Text(index, "IndexName"),
            KeySchema = KeySchema(index),
            Projection = new Projection
            {
                ProjectionType = new ProjectionType(Text(projection, "ProjectionType")),
                NonKeyAttributes = projection.Children.ContainsKey("NonKeyAttributes") ? [.. ((YamlSequenceNode)projection["NonKeyAttributes"]).Select(n => n.ToString())] : null,
            },
        };
    }

    private static List<KeySchemaElement> KeySchema(YamlMappingNode node) =>
        [.. Items(node, "KeySchema").Select(k => new KeySchemaElement(Text(k, "AttributeName"), new KeyType(Text(k, "KeyType"))))];

    private static IEnumerable<YamlMappingNode> Items(YamlMappingNode node, string key) => ((YamlSequenceNode)node[key]).Children.Cast<YamlMappingNode>();

    private static string Text(YamlMappingNode node, string key) => node[key].ToString();

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
