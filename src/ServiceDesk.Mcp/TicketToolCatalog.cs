using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ServiceDesk.Core.Agents;
using YamlDotNet.RepresentationModel;

namespace ServiceDesk.Mcp;

/// <summary>
/// The MCP tool list, made from the agent's action-group schema (<c>deploy/agent/ticket-tools.openapi.yaml</c>, embedded
/// at build): each operation is a tool named by its <c>operationId</c>, whose input schema is the request body's schema
/// or the query parameters. So the Bedrock agent and an MCP client see the same ticket tools, described once. The
/// schema's visit tools are the phone agent's only: they keep a booking in the agent's session, which an MCP client has
/// none of, so they are left out here.
/// </summary>
public sealed class TicketToolCatalog
{
    private TicketToolCatalog(IReadOnlyList<Tool> tools, string instructions)
    {
        Tools = tools;
        Instructions = instructions;
    }

    public IReadOnlyList<Tool> Tools { get; }

    /// <summary>The schema's description: what every tool shares (they act for the caller, who is never a parameter).</summary>
    public string Instructions { get; }

    /// <summary>The catalog of the embedded schema.</summary>
    /// <exception cref="InvalidDataException">The schema lacks a tool <see cref="TicketTools"/> runs, or has one it does not.</exception>
    public static TicketToolCatalog Load()
    {
        using var stream = typeof(TicketToolCatalog).Assembly.GetManifestResourceStream("ticket-tools.openapi.yaml")
            ?? throw new InvalidDataException("ticket-tools.openapi.yaml is not embedded in ServiceDesk.Mcp");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <exception cref="InvalidDataException">The schema lacks a tool <see cref="TicketTools"/> runs, or has one it does not.</exception>
    public static TicketToolCatalog Parse(string openApiYaml)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(openApiYaml));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var tools = new List<Tool>();
        foreach (var (_, pathItem) in Mapping(root, "paths"))
        {
            foreach (var (_, node) in (YamlMappingNode)pathItem)
            {
                var operation = (YamlMappingNode)node;
                var name = Scalar(operation, "operationId") ?? throw new InvalidDataException("an operation has no operationId");
                if (VisitTools.Names.Contains(name))
                {
                    continue;
                }

                tools.Add(new Tool
                {
                    Name = name,
                    Description = Scalar(operation, "description") ?? name,
                    InputSchema = JsonSerializer.SerializeToElement(InputSchema(operation), McpJsonContext.Default.JsonObject),
                    Annotations = new ToolAnnotations
                    {
                        ReadOnlyHint = name is TicketTools.GetTicketStatus or TicketTools.ListRecentTickets,
                        DestructiveHint = false,
                        // create_ticket is keyed by caller, text and day, so asking twice makes one ticket.
                        IdempotentHint = name != TicketTools.AddTicketComment,
                        OpenWorldHint = false,
                    },
                });
            }
        }

        var offered = tools.Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        if (!offered.SequenceEqual(TicketTools.Names.Order(StringComparer.Ordinal)))
        {
            throw new InvalidDataException($"the tool schema offers {string.Join(", ", offered)}; TicketTools runs {string.Join(", ", TicketTools.Names)}");
        }

        var info = root.Children.TryGetValue("info", out var infoNode) ? (YamlMappingNode)infoNode : null;
        return new TicketToolCatalog(tools, (info is null ? null : Scalar(info, "description"))?.Trim() ?? string.Empty);
    }

    private static JsonObject InputSchema(YamlMappingNode operation)
    {
        if (operation.Children.TryGetValue("requestBody", out var body))
        {
            var schema = Mapping(Mapping(Mapping((YamlMappingNode)body, "content"), "application/json"), "schema");
            return ToJson(schema).AsObject();
        }

        var properties = new JsonObject();
        var required = new JsonArray();
        if (operation.Children.TryGetValue("parameters", out var parameters))
        {
            foreach (var parameter in ((YamlSequenceNode)parameters).Cast<YamlMappingNode>())
            {
                var name = Scalar(parameter, "name")!;
                var property = parameter.Children.TryGetValue("schema", out var schema) ? ToJson(schema).AsObject() : [];
                if (Scalar(parameter, "description") is { } description)
                {
                    property["description"] = description;
                }

                properties[name] = property;
                if (Scalar(parameter, "required") == "true")
                {
                    required.Add(name);
                }
            }
        }

        var result = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0)
        {
            result["required"] = required;
        }

        return result;
    }

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var child) && child is YamlMappingNode mapping
            ? mapping
            : throw new InvalidDataException($"the tool schema has no '{key}' mapping where one is expected");

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var child) && child is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>YAML to JSON: plain scalars that read as numbers or booleans are those; quoted ones stay strings.</summary>
    private static JsonNode ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, (JsonNode?)ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(c => (JsonNode?)ToJson(c))]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } flag => JsonValue.Create(flag.Value == "true"),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } plain when long.TryParse(plain.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? string.Empty),
        _ => throw new InvalidDataException($"unexpected YAML node at {node.Start}"),
    };
}
