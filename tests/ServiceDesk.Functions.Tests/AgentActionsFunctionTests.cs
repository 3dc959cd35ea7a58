using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDesk.Wire.Bedrock;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.Agent;
using ServiceDesk.Testing;
using YamlDotNet.RepresentationModel;

namespace ServiceDesk.Functions.Tests;

public class AgentActionsFunctionTests
{
    private readonly InMemoryTicketBackend _backend = new();

    private async Task<AgentActionResponse> InvokeAsync(byte[] payload)
    {
        var sut = new AgentActionsFunction(new AgentTools(new TicketTools(new CallerTickets(_backend), TimeProvider.System)), FunctionContext.Of(FunctionCatalog.AgentActions));
        var output = await sut.InvokeAsync(payload, new LambdaInvocation("req", DateTimeOffset.UtcNow.AddSeconds(10)), TestContext.Current.CancellationToken);
        AwsServiceModel.AssertValidResponseWhereChecked(LambdaResponseKind.Agent, output);
        return AgentActionJson.ReadResponse(output);
    }

    private Task<AgentActionResponse> InvokeEventAsync(string file) => InvokeAsync(RepoPaths.ReadEvent("agent", file));

    /// <summary>Function-details events: not what the deployed OpenAPI group receives, but the function handles both styles.</summary>
    private Task<AgentActionResponse> InvokeFunctionStyleEventAsync(string file) => InvokeAsync(RepoPaths.ReadEvent("agent-function-style", file));

    private static JsonElement Body(AgentActionResponse response) => JsonDocument.Parse(
        (response.Response.ResponseBody ?? response.Response.FunctionResponse!.ResponseBody!).Values.Single().Body!).RootElement;

    [Fact]
    public async Task ApiStyle_CreateTicket_EchoesTheRequestAndCreatesForTheSessionCaller()
    {
        var response = await InvokeEventAsync("api-create-ticket.json");

        Assert.Equal("ticket-tools", response.Response.ActionGroup);
        Assert.Equal("/tickets/create_ticket", response.Response.ApiPath);
        Assert.Equal("POST", response.Response.HttpMethod);
        Assert.Equal(201, response.Response.HttpStatusCode);
        Assert.Equal("emp-1001", Assert.Single(_backend.All).CallerId);
        Assert.Equal("emp-1001", response.SessionAttributes!["callerId"]);
    }

    [Theory]
    [InlineData("api-get-ticket-status.json")]
    [InlineData("api-add-ticket-comment.json")]
    public async Task TicketTools_OnTheCallersOwnTicket_Answer(string file)
    {
        _backend.Seed("emp-1001", "Docking station stopped charging");

        var response = await InvokeEventAsync(file);

        Assert.True(Body(response).GetProperty("found").GetBoolean());
    }

    [Fact]
    public async Task FunctionStyle_GetTicketStatus_AnswersInTheFunctionsShape()
    {
        _backend.Seed("emp-1001", "Docking station stopped charging");

        var response = await InvokeFunctionStyleEventAsync("get-ticket-status.json");

        Assert.Equal("get_ticket_status", response.Response.Function);
        Assert.Null(response.Response.ApiPath);
        Assert.True(Body(response).GetProperty("found").GetBoolean());
    }

    [Fact]
    public async Task ApiStyle_MissingDescription_AnswersBadRequestWithAReason()
    {
        var response = await InvokeEventAsync("api-create-ticket-missing-description.json");

        Assert.Equal(("/tickets/create_ticket", "POST", 400), (response.Response.ApiPath, response.Response.HttpMethod, response.Response.HttpStatusCode));
        Assert.Contains("description", Body(response).GetProperty("error").GetString());
        Assert.Empty(_backend.All);
    }

    [Fact]
    public async Task ApiStyle_ListRecentTickets_ReturnsAnArray()
    {
        _backend.Seed("emp-1001", "one");
        _backend.Seed("emp-1001", "two");

        var response = await InvokeEventAsync("api-list-recent-tickets.json");

        Assert.Equal(2, Body(response).GetProperty("tickets").GetArrayLength());
    }

    [Fact]
    public async Task FunctionStyle_MissingDescription_RepromptsWithAReason()
    {
        var response = await InvokeFunctionStyleEventAsync("create-ticket-missing-description.json");

        Assert.Equal("create_ticket", response.Response.Function);
        Assert.Equal("REPROMPT", response.Response.FunctionResponse!.ResponseState);
        Assert.Contains("description", Body(response).GetProperty("error").GetString());
        Assert.Empty(_backend.All);
    }

    [Fact]
    public async Task Injection_NamingAnotherCaller_CannotReadTheirTicket()
    {
        _backend.Seed("emp-1001", "Ada's laptop");
        _backend.Seed("emp-1002", "Grace's salary spreadsheet");

        var response = await InvokeEventAsync("injection-other-callers-ticket.json");

        Assert.False(Body(response).GetProperty("found").GetBoolean());
        Assert.DoesNotContain("salary", response.Response.ResponseBody!["application/json"].Body);
    }

    [Fact]
    public async Task UnverifiedSession_IsRepromptedToIdentify()
    {
        _backend.Seed("emp-1001", "Ada's laptop");

        var response = await InvokeEventAsync("unverified-session.json");

        Assert.Equal(400, response.Response.HttpStatusCode);
        Assert.Contains("employee id", Body(response).GetProperty("error").GetString());
        Assert.DoesNotContain("laptop", response.Response.ResponseBody!["application/json"].Body);
    }

    [Fact]
    public async Task UnknownTool_IsRepromptedWithAReason_NotFailedNorThrown()
    {
        var response = await InvokeEventAsync("unknown-tool.json");

        // An error status with a reason hands it to the model; throwing would make Bedrock fail the caller's whole turn.
        Assert.Equal(404, response.Response.HttpStatusCode);
        Assert.Equal("/tickets/delete_all_tickets", response.Response.ApiPath);
        Assert.Contains("create_ticket", Body(response).GetProperty("error").GetString());
    }

    [Fact]
    public void OpenApiSchema_DescribesExactlyTheToolsInCode()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(RepoPaths.Of("deploy", "agent", "ticket-tools.openapi.yaml"))));
        var paths = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["paths"];

        var tools = new List<string>();
        foreach (var (path, node) in paths.Children)
        {
            // The Lambda takes the tool from the path's last segment; the operation id is what the model sees.
            var tool = ((YamlScalarNode)path).Value!.Split('/').Last();
            var operation = (YamlMappingNode)Assert.Single(((YamlMappingNode)node).Children).Value;
            Assert.Equal(tool, ((YamlScalarNode)operation["operationId"]).Value);
            tools.Add(tool);
        }

        Assert.Equal(TicketTools.Names.Concat(VisitTools.Names).Order(StringComparer.Ordinal), tools.Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> RecordedEvents() =>
        [.. Directory.GetFiles(RepoPaths.Of("tests", "events", "agent"), "*.json").Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f))];

    /// <summary>
    /// The recorded events are what Bedrock sends the deployed group: template.yaml's ActionGroupName, an OpenAPI group
    /// (ApiSchema), so apiPath and httpMethod, never function; a path of the schema with its method.
    /// </summary>
    [Theory]
    [MemberData(nameof(RecordedEvents))]
    public void RecordedEvent_IsWhatBedrockSendsTheDeployedOpenApiGroup(string file)
    {
        var template = File.ReadAllText(RepoPaths.Of("template.yaml"));
        var group = System.Text.RegularExpressions.Regex.Match(template, @"- ActionGroupName: (\S+)").Groups[1].Value;
        Assert.Contains("ApiSchema:", template);
        var schema = new YamlStream();
        schema.Load(new StringReader(File.ReadAllText(RepoPaths.Of("deploy", "agent", "ticket-tools.openapi.yaml"))));
        var paths = (YamlMappingNode)((YamlMappingNode)schema.Documents[0].RootNode)["paths"];

        var request = AgentActionJson.Read(RepoPaths.ReadEvent("agent", file));

        Assert.Equal(group, request.ActionGroup);
        Assert.Null(request.Function);
        Assert.NotNull(request.ApiPath);
        Assert.NotNull(request.HttpMethod);
        if (paths.Children.TryGetValue(new YamlScalarNode(request.ApiPath), out var path))
        {
            Assert.Equal(((YamlScalarNode)Assert.Single(((YamlMappingNode)path).Children).Key).Value, request.HttpMethod.ToLowerInvariant());
        }
        else
        {
            Assert.Equal("unknown-tool.json", file);
        }
    }

    [Fact]
    public void OpenApiSchema_DescribesEveryParameterWithoutEnums()
    {
        // Bedrock's action group schemas do not support enum: allowed values go in the description, the model's only guide.
        // https://docs.aws.amazon.com/bedrock/latest/userguide/agents-api-schema.html
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(RepoPaths.Of("deploy", "agent", "ticket-tools.openapi.yaml"))));
        var paths = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["paths"];
        var undescribed = new List<string>();
        var enums = new List<string>();
        foreach (var (path, node) in paths.Children)
        {
            var operation = (YamlMappingNode)Assert.Single(((YamlMappingNode)node).Children).Value;
            var parameters = operation.Children.TryGetValue(new YamlScalarNode("parameters"), out var p) ? ((YamlSequenceNode)p).Cast<YamlMappingNode>() : [];
            foreach (var parameter in parameters)
            {
                Check($"{path} {parameter["name"]}", parameter, (YamlMappingNode)parameter["schema"]);
            }

            if (operation.Children.TryGetValue(new YamlScalarNode("requestBody"), out var body))
            {
                var schema = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)body)["content"])["application/json"])["schema"];
                foreach (var (name, property) in ((YamlMappingNode)schema["properties"]).Children)
                {
                    Check($"{path} {name}", (YamlMappingNode)property, (YamlMappingNode)property);
                }
            }
        }

        Assert.Empty(undescribed);
        Assert.Empty(enums);
        var impact = (YamlMappingNode)At(paths, "/tickets/create_ticket", "post", "requestBody", "content", "application/json", "schema", "properties", "impact");
        Assert.All(["individual", "team", "organization"], v => Assert.Contains(v, ((YamlScalarNode)impact["description"]).Value));

        static YamlNode At(YamlNode node, params string[] keys) => keys.Aggregate(node, (n, k) => ((YamlMappingNode)n)[k]);

        void Check(string what, YamlMappingNode described, YamlMappingNode schema)
        {
            if (!described.Children.TryGetValue(new YamlScalarNode("description"), out var d) || string.IsNullOrWhiteSpace(((YamlScalarNode)d).Value))
            {
                undescribed.Add(what);
            }

            if (schema.Children.ContainsKey(new YamlScalarNode("enum")))
            {
                enums.Add(what);
            }
        }
    }

    [Fact]
    [Trait("Category", ExternalCorpus.Trait)]
    public void EveryCorpusEvent_GetsAWellFormedAnswer() =>
        ExternalCorpus.ForEach(ExternalCorpus.Files("bedrock-agent-action-events"), file =>
        {
            var request = AgentActionJson.Read(File.ReadAllBytes(file));
            var response = InvokeAsync(File.ReadAllBytes(file)).GetAwaiter().GetResult();
            Assert.Equal(request.ActionGroup, response.Response.ActionGroup);
            Assert.Equal(request.Function, response.Response.Function);
            Assert.Equal(request.ApiPath, response.Response.ApiPath);
            Assert.Equal(request.HttpMethod, response.Response.HttpMethod);
            Body(response);
        });

    [Fact]
    [Trait("Category", ExternalCorpus.Trait)]
    public void EveryCorpusResponse_Parses() =>
        ExternalCorpus.ForEach(ExternalCorpus.Files("bedrock-agent-action-responses"), file =>
        {
            var response = AgentActionJson.ReadResponse(File.ReadAllBytes(file));
            Assert.NotNull(response.Response.ActionGroup);
        });

    /// <summary>A recorded event with one member changed; <c>LONE</c> becomes a lone surrogate escape on the wire.</summary>
    private static byte[] Mutated(string folder, string file, Action<System.Text.Json.Nodes.JsonObject> change)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(RepoPaths.ReadEvent(folder, file))!.AsObject();
        change(root);
        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString().Replace("\"LONE\"", "\"\\ud800\"", StringComparison.Ordinal));
    }

    public static TheoryData<string> OneWrongMember() => new("agent.version boolean", "session attribute number", "inputText lone surrogate");

    private static void Spoil(System.Text.Json.Nodes.JsonObject root, string how)
    {
        switch (how)
        {
            case "agent.version boolean":
                root["agent"]!["version"] = true;
                break;
            case "session attribute number":
                root["sessionAttributes"]!["callerVip"] = 1;
                break;
            default:
                root["inputText"] = "LONE";
                break;
        }
    }

    [Theory]
    [MemberData(nameof(OneWrongMember))]
    public async Task FunctionStyle_OneWrongMember_StillAnswersTheFunctionForTheCaller(string how)
    {
        _backend.Seed("emp-1001", "Docking station stopped charging");

        var response = await InvokeAsync(Mutated("agent-function-style", "get-ticket-status.json", root => Spoil(root, how)));

        Assert.Equal("ticket-tools", response.Response.ActionGroup);
        Assert.Equal("get_ticket_status", response.Response.Function);
        Assert.Null(response.Response.ApiPath);
        Assert.Null(response.Response.ResponseBody);
        Assert.True(Body(response).GetProperty("found").GetBoolean());
        Assert.Equal("emp-1001", response.SessionAttributes!["callerId"]);
    }

    [Theory]
    [MemberData(nameof(OneWrongMember))]
    public async Task ApiStyle_OneWrongMember_StillEchoesThePathAndMethod(string how)
    {
        _backend.Seed("emp-1001", "Docking station stopped charging");

        var response = await InvokeAsync(Mutated("agent", "api-get-ticket-status.json", root => Spoil(root, how)));

        Assert.Equal("ticket-tools", response.Response.ActionGroup);
        Assert.Equal("/tickets/get_ticket_status", response.Response.ApiPath);
        Assert.Equal("GET", response.Response.HttpMethod);
        Assert.Equal(200, response.Response.HttpStatusCode);
        Assert.True(Body(response).GetProperty("found").GetBoolean());
    }

    /// <summary>
    /// Bedrock always sends these; a response without them is one its model (ApiResult needs actionGroup) and the
    /// documented envelope refuse outright, while an empty echo is read and reported as the mismatch it is.
    /// </summary>
    [Theory]
    [InlineData("actionGroup")]
    [InlineData("apiPath")]
    [InlineData("httpMethod")]
    public async Task ApiStyle_AnEventWithoutWhatIsEchoed_StillGetsTheWholeEnvelope(string member)
    {
        var response = await InvokeAsync(Mutated("agent", "api-get-ticket-status.json", root => root.Remove(member)));

        Assert.Equal(member == "actionGroup" ? string.Empty : "ticket-tools", response.Response.ActionGroup);
        Assert.Equal(member == "apiPath" ? string.Empty : "/tickets/get_ticket_status", response.Response.ApiPath);
        Assert.Equal(member == "httpMethod" ? string.Empty : "GET", response.Response.HttpMethod);
        Assert.NotNull(response.Response.HttpStatusCode);
    }

    [Fact]
    public async Task FunctionStyle_AnEventWithoutItsActionGroup_StillGetsTheWholeEnvelope()
    {
        var response = await InvokeAsync(Mutated("agent-function-style", "get-ticket-status.json", root => root.Remove("actionGroup")));

        Assert.Equal(string.Empty, response.Response.ActionGroup);
        Assert.Equal("get_ticket_status", response.Response.Function);
    }

    [Fact]
    public async Task FunctionStyle_ParametersOfTheWrongShape_AreRepromptedInFunctionStyle()
    {
        var response = await InvokeAsync(Mutated("agent-function-style", "get-ticket-status.json", root => root["parameters"] = "ticket 12345"));

        Assert.Equal("ticket-tools", response.Response.ActionGroup);
        Assert.Equal("get_ticket_status", response.Response.Function);
        Assert.Equal("REPROMPT", response.Response.FunctionResponse!.ResponseState);
    }
}
