using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.ContactCenter;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions.Agent;
using ServiceDesk.Functions.Connect;
using ServiceDesk.Functions.Tests.Lex;
using ServiceDesk.Functions.TicketsApi;
using ServiceDesk.Testing;

namespace ServiceDesk.Functions.Tests;

/// <summary>
/// The standing hostile-event check: every recorded event, mutated member by member (dropped, null, the wrong type, a
/// huge string, a lone surrogate escape), through its real function. Every answer must still be one its caller can
/// use: Lex a response with a dialog action and string attributes, Bedrock the action group echoed in the event's own
/// style, Connect a flat string map, API Gateway a proxy response with a JSON body and no 5xx.
/// </summary>
public sealed class HostileEventTests
{
    private const string LoneSurrogateMarker = "__lone_surrogate__";
    private static readonly string Huge = new('x', 40_000);

    public static TheoryData<string> Events(string family) =>
        new(Directory.GetFiles(RepoPaths.Of("tests", "events", family), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    public static TheoryData<string> LexEvents() => Events("lex");
    /// <summary>The OpenAPI-style events the deployed group receives, and the function-details ones the function also answers.</summary>
    public static TheoryData<string, string> AgentEvents()
    {
        var events = new TheoryData<string, string>();
        foreach (var folder in new[] { "agent", "agent-function-style" })
        {
            foreach (var file in Events(folder))
            {
                events.Add(folder, file.Data);
            }
        }

        return events;
    }

    public static TheoryData<string> ConnectEvents() => Events("connect");
    public static TheoryData<string> ApiEvents() => Events("api");

    [Theory]
    [MemberData(nameof(LexEvents))]
    public async Task Lex_EveryMutation_GetsAValidLexResponse(string file)
    {
        var callerId = JsonNode.Parse(RepoPaths.ReadEvent("lex", file))!["sessionState"]?["sessionAttributes"]?[SessionKeys.CallerId]?.GetValue<string>();
        var failures = new List<string>();
        foreach (var (name, payload) in Mutations(RepoPaths.ReadEvent("lex", file)))
        {
            try
            {
                var harness = new LexHarness();
                await harness.InvokeAsync(payload);
                using var doc = JsonDocument.Parse(harness.LastBytes);
                var state = doc.RootElement.GetProperty("sessionState");
                Assert.Equal(JsonValueKind.String, state.GetProperty("dialogAction").GetProperty("type").ValueKind);
                if (state.TryGetProperty("sessionAttributes", out var attributes))
                {
                    Assert.Equal(JsonValueKind.Object, attributes.ValueKind);
                    Assert.All(attributes.EnumerateObject(), a => Assert.Equal(JsonValueKind.String, a.Value.ValueKind));
                }

                // One bad member elsewhere in the event never costs the caller's identity.
                if (callerId is not null && !name.StartsWith("$ ", StringComparison.Ordinal) && !Touches(name, "sessionState", "sessionState.sessionAttributes")
                    && !name.StartsWith("sessionState.sessionAttributes.caller", StringComparison.Ordinal))
                {
                    Assert.Equal(callerId, attributes.GetProperty(SessionKeys.CallerId).GetString());
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{name}: {ex.GetType().Name} {First(ex.Message)}");
            }
        }

        Assert.True(failures.Count == 0, $"{file}: {failures.Count} mutations failed\n" + string.Join('\n', failures.Take(20)));
    }

    [Theory]
    [MemberData(nameof(AgentEvents))]
    public async Task Agent_EveryMutation_EchoesTheActionGroupInTheEventsStyle(string folder, string file)
    {
        var original = JsonNode.Parse(RepoPaths.ReadEvent(folder, file))!.AsObject();
        var failures = new List<string>();
        foreach (var (name, payload) in Mutations(RepoPaths.ReadEvent(folder, file)))
        {
            try
            {
                var backend = new InMemoryTicketBackend();
                var sut = new AgentActionsFunction(new AgentTools(new TicketTools(new CallerTickets(backend), TimeProvider.System)), FunctionContext.Of(FunctionCatalog.AgentActions));
                var output = await sut.InvokeAsync(payload, new LambdaInvocation("req", DateTimeOffset.UtcNow.AddSeconds(10)), CancellationToken.None);
                AwsServiceModel.AssertValidResponseWhereChecked(LambdaResponseKind.Agent, output);
                using var doc = JsonDocument.Parse(output);
                Assert.Equal("1.0", doc.RootElement.GetProperty("messageVersion").GetString());
                var response = doc.RootElement.GetProperty("response");
                if (!name.StartsWith("$ ", StringComparison.Ordinal) && !Touches(name, "actionGroup", "function", "apiPath", "httpMethod"))
                {
                    Assert.Equal(original["actionGroup"]!.GetValue<string>(), response.GetProperty("actionGroup").GetString());
                    if (original["function"] is { } function)
                    {
                        Assert.Equal(function.GetValue<string>(), response.GetProperty("function").GetString());
                        Assert.Equal(JsonValueKind.Object, response.GetProperty("functionResponse").GetProperty("responseBody").GetProperty("TEXT").ValueKind);
                        Assert.False(response.TryGetProperty("apiPath", out _));
                    }
                    else
                    {
                        Assert.Equal(original["apiPath"]!.GetValue<string>(), response.GetProperty("apiPath").GetString());
                        Assert.Equal(original["httpMethod"]!.GetValue<string>(), response.GetProperty("httpMethod").GetString());
                        Assert.Equal(JsonValueKind.Number, response.GetProperty("httpStatusCode").ValueKind);
                        Assert.False(response.TryGetProperty("function", out _));
                    }
                }

                foreach (var map in new[] { "sessionAttributes", "promptSessionAttributes" })
                {
                    if (doc.RootElement.TryGetProperty(map, out var attributes))
                    {
                        Assert.All(attributes.EnumerateObject(), a => Assert.Equal(JsonValueKind.String, a.Value.ValueKind));
                    }
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{name}: {ex.GetType().Name} {First(ex.Message)}");
            }
        }

        Assert.True(failures.Count == 0, $"{file}: {failures.Count} mutations failed\n" + string.Join('\n', failures.Take(20)));
    }

    [Theory]
    [MemberData(nameof(ConnectEvents))]
    public async Task Connect_EveryMutation_GetsAFlatStringMap(string file)
    {
        var recorded = JsonNode.Parse(await ConnectAsync(RepoPaths.ReadEvent("connect", file)))!.ToJsonString();
        var failures = new List<string>();
        foreach (var (name, payload) in Mutations(RepoPaths.ReadEvent("connect", file)))
        {
            try
            {
                var output = await ConnectAsync(payload);
                AwsServiceModel.AssertValidResponseWhereChecked(LambdaResponseKind.Connect, output);
                using var doc = JsonDocument.Parse(output);
                Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
                Assert.All(doc.RootElement.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));

                // One bad member the function does not read never costs its answer: the caller's number and who they
                // are, the queue check. Only the members it reads decide (else the documented fallbacks answer).
                if (!name.StartsWith("$ ", StringComparison.Ordinal) && !Replaces(name, ConnectReads))
                {
                    Assert.Equal(recorded, JsonNode.Parse(output)!.ToJsonString());
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{name}: {ex.GetType().Name} {First(ex.Message)}");
            }
        }

        Assert.True(failures.Count == 0, $"{file}: {failures.Count} mutations failed\n" + string.Join('\n', failures.Take(20)));
    }

    [Theory]
    [MemberData(nameof(ApiEvents))]
    public async Task Api_EveryMutation_GetsAJsonProxyResponse_NeverA5xx(string file)
    {
        var failures = new List<string>();
        foreach (var (name, payload) in Mutations(RepoPaths.ReadEvent("api", file)))
        {
            try
            {
                var backend = new InMemoryTicketBackend();
                backend.Seed("emp-1001", "Outlook keeps asking for my password");
                var sut = new TicketsApiFunction(backend, "dev-key", FunctionContext.Of(FunctionCatalog.TicketsApi));
                var output = await sut.InvokeAsync(payload, new LambdaInvocation("req", DateTimeOffset.UtcNow.AddSeconds(5)), CancellationToken.None);
                using var doc = JsonDocument.Parse(output);
                var status = doc.RootElement.GetProperty("statusCode").GetInt32();
                Assert.True(status is >= 200 and < 300 or >= 400 and < 500, $"status {status}");
                using var body = JsonDocument.Parse(doc.RootElement.GetProperty("body").GetString()!);
            }
            catch (Exception ex)
            {
                failures.Add($"{name}: {ex.GetType().Name} {First(ex.Message)}");
            }
        }

        Assert.True(failures.Count == 0, $"{file}: {failures.Count} mutations failed\n" + string.Join('\n', failures.Take(20)));
    }

    /// <summary>
    /// The event itself replaced, then for every member at any depth: dropped, null, the wrong type, and for strings a
    /// huge one and a lone surrogate escape. Named <c>path mutation</c>; the whole-event ones start with <c>$ </c>.
    /// </summary>
    private static IEnumerable<(string Name, byte[] Payload)> Mutations(byte[] recorded)
    {
        foreach (var whole in new[] { "null", "[]", "\"event\"", "{}", "7", "{\"a\":" })
        {
            yield return ($"$ {whole}", Encoding.UTF8.GetBytes(whole));
        }

        var root = JsonNode.Parse(recorded)!;
        foreach (var path in Paths(root, []))
        {
            var name = string.Join('.', path);
            var kind = Locate(root, path)?.GetValueKind();
            yield return ($"{name} dropped", Mutate(root, path, static (parent, key) => Remove(parent, key)));
            yield return ($"{name} null", Mutate(root, path, static (parent, key) => Replace(parent, key, null)));
            var wrong = kind switch
            {
                JsonValueKind.String => new JsonNode?[] { JsonValue.Create(7), JsonValue.Create(true), new JsonObject(), new JsonArray() },
                JsonValueKind.Object => [JsonValue.Create("text"), new JsonArray(JsonValue.Create(1))],
                JsonValueKind.Array => [JsonValue.Create("text"), new JsonObject { ["a"] = 1 }],
                _ => [JsonValue.Create("text"), new JsonObject()],
            };
            foreach (var value in wrong)
            {
                yield return ($"{name} as {value!.GetValueKind()}", Mutate(root, path, (parent, key) => Replace(parent, key, value.DeepClone())));
            }

            if (kind == JsonValueKind.Object)
            {
                yield return ($"{name} lone surrogate key", Mutate(root, path, static (parent, key) => Locate(parent, [key])!.AsObject()[LoneSurrogateMarker] = "x"));
            }

            if (path.Count == 1)
            {
                // Two faults at once: a member of the wrong type and a key no .NET string can hold.
                yield return ($"{name} as Object, lone surrogate key", Mutate(root, path, static (parent, key) =>
                {
                    Replace(parent, key, new JsonObject());
                    parent.AsObject()[LoneSurrogateMarker] = "x";
                }));
            }

            if (kind == JsonValueKind.String)
            {
                yield return ($"{name} huge", Mutate(root, path, static (parent, key) => Replace(parent, key, JsonValue.Create(Huge))));
                yield return ($"{name} lone surrogate", Mutate(root, path, static (parent, key) => Replace(parent, key, JsonValue.Create(LoneSurrogateMarker))));
            }
        }
    }

    private static byte[] Mutate(JsonNode root, List<object> path, Action<JsonNode, object> change)
    {
        var copy = root.DeepClone();
        change(Locate(copy, path[..^1])!, path[^1]);
        return Encoding.UTF8.GetBytes(copy.ToJsonString().Replace($"\"{LoneSurrogateMarker}\"", "\"a\\ud800b\"", StringComparison.Ordinal));
    }

    private static IEnumerable<List<object>> Paths(JsonNode? node, List<object> at)
    {
        var children = node switch
        {
            JsonObject o => o.Select(p => ((object)p.Key, p.Value)).ToList(),
            JsonArray a => a.Select((v, i) => ((object)i, v)).ToList(),
            _ => [],
        };
        foreach (var (key, child) in children)
        {
            List<object> path = [.. at, key];
            yield return path;
            foreach (var deeper in Paths(child, path))
            {
                yield return deeper;
            }
        }
    }

    private static JsonNode? Locate(JsonNode? node, List<object> path)
    {
        foreach (var step in path)
        {
            node = step is int index ? node!.AsArray()[index] : node!.AsObject()[(string)step];
        }

        return node;
    }

    private static void Remove(JsonNode parent, object key)
    {
        if (key is int index)
        {
            parent.AsArray().RemoveAt(index);
        }
        else
        {
            parent.AsObject().Remove((string)key);
        }
    }

    private static void Replace(JsonNode parent, object key, JsonNode? value)
    {
        if (key is int index)
        {
            parent.AsArray()[index] = value;
        }
        else
        {
            parent.AsObject()[(string)key] = value;
        }
    }

    /// <summary>What ContactFlow reads from a Connect event: the block's parameters and the caller's number.</summary>
    private static readonly string[] ConnectReads =
    [
        "Details", "Details.Parameters", "Details.Parameters.action", "Details.Parameters.queueId", "Details.Parameters.ending",
        "Details.ContactData", "Details.ContactData.CustomerEndpoint", "Details.ContactData.CustomerEndpoint.Address",
    ];

    private static async Task<byte[]> ConnectAsync(byte[] payload)
    {
        var sut = new ContactFlowFunction(
            new CallerLookup(InMemoryCallerDirectory.Demo()), new OpenQueue(), new ServiceDeskSettings { ServiceDeskQueueId = "queue-1" }, FunctionContext.Of(FunctionCatalog.ContactFlow));
        return await sut.InvokeAsync(payload, new LambdaInvocation("req", DateTimeOffset.UtcNow.AddSeconds(8)), CancellationToken.None);
    }

    /// <summary>Whether the mutation drops or replaces one of the members (a key added inside one leaves it whole).</summary>
    private static bool Replaces(string mutation, string[] members) =>
        members.Any(m => mutation.StartsWith(m + " ", StringComparison.Ordinal) && mutation != m + " lone surrogate key");

    private static bool Touches(string mutation, params string[] members) => members.Any(m => mutation.StartsWith(m + " ", StringComparison.Ordinal));

    private static string First(string message) => message.Split('\n')[0];

    internal sealed class OpenQueue : IContactCenter
    {
        public Task<Result<bool>> UpdateContactAttributesAsync(string initialContactId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken) =>
            Task.FromResult(Result<bool>.Ok(true));

        public Task<Result<QueueStatus>> GetQueueStatusAsync(string queueId, CancellationToken cancellationToken) =>
            Task.FromResult(Result<QueueStatus>.Ok(new QueueStatus(1, TimeSpan.FromSeconds(30))));
    }
}
