using System.Text.RegularExpressions;
using ServiceDesk.Testing;
using YamlDotNet.RepresentationModel;

namespace ServiceDesk.Lint.Tests;

/// <summary>
/// Least privilege for DynamoDB, checked against the code: every dynamodb action a policy grants on a table is an
/// operation the stores actually call on that table. The stores name tables through <c>DynamoOptions</c>, whose
/// property names are the template's logical ids (TicketsTable, CallersTable, IdempotencyTable).
/// </summary>
public sealed partial class TemplateIamTests
{
    [Fact]
    public void DynamoDbActions_AreOnlyOperationsTheStoresCallOnThatTable()
    {
        var used = OperationsByTable();
        var tables = used.Keys.ToList();
        var granted = DynamoStatements().ToList();

        Assert.NotEmpty(granted);
        foreach (var (where, actions, resources) in granted)
        {
            var onTables = tables.Where(t => resources.Any(r => Regex.IsMatch(r, $@"\b{t}\b"))).ToList();
            Assert.True(onTables.Count > 0, $"{where}: grants {string.Join(", ", actions)} on no table the stores use");
            foreach (var action in actions)
            {
                foreach (var table in onTables)
                {
                    Assert.True(used[table].Contains(action), $"{where}: grants {action} on {table}, but the stores only call {string.Join(", ", used[table].Order())} there");
                }
            }
        }
    }

    /// <summary>
    /// Ticket history lives in the ticket items: no role may delete a ticket item or write one outside the stores'
    /// conditional calls (a batch write or PartiQL statement could replace an item, history and all).
    /// </summary>
    [Fact]
    public void NoRole_CanDeleteOrBlindlyReplaceTicketItems()
    {
        var forbidden = new[] { "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:ExecuteStatement", "dynamodb:BatchExecuteStatement", "dynamodb:ExecuteTransaction", "dynamodb:*", "*" };
        foreach (var (where, actions, resources) in DynamoStatements())
        {
            if (resources.Any(r => Regex.IsMatch(r, @"\bTicketsTable\b")))
            {
                Assert.True(!actions.Intersect(forbidden).Any(), $"{where}: grants {string.Join(", ", actions.Intersect(forbidden))} on TicketsTable");
            }
        }
    }

    /// <summary>
    /// Roles that Lex and Bedrock assume for a bot or an agent are only for this account's: the trust policy says so
    /// with <c>aws:SourceAccount</c>, against the confused-deputy problem.
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
    /// </summary>
    [Theory]
    [InlineData("lexv2.amazonaws.com")]
    [InlineData("bedrock.amazonaws.com")]
    public void RolesAServiceAssumesForOurResources_AreLimitedToThisAccount(string service)
    {
        var trusting = new List<string>();
        foreach (var (id, resource) in TemplateYaml.Load().Resources().Children.Select(p => (p.Key.ToString(), p.Value as YamlMappingNode)))
        {
            if (resource?.Children.TryGetValue("Properties", out var properties) != true || properties is not YamlMappingNode props || !props.Children.TryGetValue("AssumeRolePolicyDocument", out var trust))
            {
                continue;
            }

            foreach (var statement in trust.AllNodes.OfType<YamlMappingNode>().Where(m => m.Children.ContainsKey("Principal") && Scalars(m["Principal"]).Contains(service)))
            {
                trusting.Add(id);
                var condition = statement.Children.TryGetValue("Condition", out var c) ? (YamlMappingNode)c : null;
                var equals = condition?.Children.TryGetValue("StringEquals", out var e) == true ? (YamlMappingNode)e : null;
                Assert.True(equals?.Children.ContainsKey("aws:SourceAccount") == true, $"Resources.{id}: {service} may assume it with no aws:SourceAccount condition");
                Assert.Equal("AWS::AccountId", Scalars(equals!["aws:SourceAccount"]).Single());
            }
        }

        Assert.NotEmpty(trusting);
    }

    /// <summary>Each <c>dynamo.XAsync(new XRequest { TableName = _options.Table ...</c> in src/ServiceDesk.Aws/Storage.</summary>
    private static Dictionary<string, HashSet<string>> OperationsByTable()
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(RepoPaths.Of("src", "ServiceDesk.Aws", "Storage"), "*.cs"))
        {
            var code = File.ReadAllText(file);
            var calls = DynamoCall().Matches(code);
            var located = DynamoCallOnTable().Matches(code);
            Assert.True(calls.Count == located.Count, $"{Path.GetFileName(file)}: a DynamoDB call whose table this test cannot see (TableName = _options.X first)");
            foreach (Match match in located)
            {
                var table = match.Groups[2].Value;
                (result.TryGetValue(table, out var ops) ? ops : result[table] = []).Add("dynamodb:" + match.Groups[1].Value);
            }
        }

        return result;
    }

    private static IEnumerable<(string Where, string[] Actions, string[] Resources)> DynamoStatements()
    {
        foreach (var (id, resource) in TemplateYaml.Load().Resources().Children.Select(p => (p.Key.ToString(), p.Value)))
        {
            foreach (var statement in resource.AllNodes.OfType<YamlMappingNode>().Where(m => m.Children.ContainsKey("Action") && m.Children.ContainsKey("Resource")))
            {
                var actions = Scalars(statement["Action"]).Where(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)).ToArray();
                if (actions.Length > 0)
                {
                    yield return ($"Resources.{id}", actions, Scalars(statement["Resource"]).ToArray());
                }
            }
        }
    }

    private static IEnumerable<string> Scalars(YamlNode node) => node.AllNodes.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty);

    [GeneratedRegex(@"\bdynamo\.\w+Async\(")]
    private static partial Regex DynamoCall();

    [GeneratedRegex(@"\bdynamo\.(\w+)Async\(new \w+Request\s*\{\s*TableName = _options\.(\w+)")]
    private static partial Regex DynamoCallOnTable();
}
