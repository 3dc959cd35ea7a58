using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using ServiceDesk.Core.Resilience;
using ServiceDesk.Aws.Http;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Aws.Bedrock;

/// <summary>Which agent to ask.</summary>
public sealed record BedrockAgentOptions(string AgentId, string AgentAliasId, AwsEndpoint Endpoint);

/// <summary>
/// The agent port on Amazon Bedrock agents (InvokeAgent, signing name <c>bedrock</c>). One agent session per call, the
/// caller's identity passed as session attributes; when the agent returns control to run a ticket or visit tool, the
/// tool runs here for the session's caller (and a visit in the agent's session), whatever the model's parameters say. Each turn is bounded by the voice budget: past it
/// the caller hears a short line, and the agent session carries on if they stay.
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_InvokeAgent.html
/// </summary>
public sealed partial class BedrockAgentGateway(AwsSignedClient client, BedrockAgentOptions options, TicketTools tools, TimeProvider time, ILogger logger, Func<double>? jitter = null, VisitTools? visits = null) : IAgentGateway
{
    private readonly AgentTools _tools = new(tools, visits);

    /// <summary>Return of control can chain; a model asking for more than this in one turn is looping.</summary>
    private const int MaxToolRounds = 4;

    // A throttled stream (an exception event inside a 200) is asked again after a short pause, if the model still has room.
    private readonly DeadlineRetry _throttled = new(new() { BaseDelay = TimeSpan.FromMilliseconds(300), MaxDelay = TimeSpan.FromMilliseconds(300), MinimumAttempt = Deadlines.AgentAnswerRoom }, time, jitter);

    public async Task<AgentReply> AskAsync(AgentTurn turn, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + turn.Budget;
        var question = Body(turn.Caller, turn.Text, endSession: false);
        var request = question;
        var text = new StringBuilder();
        var touched = new List<string>();
        var toolsRan = false;
        for (var round = 0; round <= MaxToolRounds; round++)
        {
            var response = await client.SendAsync(options.Endpoint, HttpMethod.Post, Path(turn.SessionId), request, "application/json", null, deadline, cancellationToken);
            if (response.ErrorType == "DeadlineExceeded" || time.GetUtcNow() >= deadline)
            {
                return TimedOut(touched);
            }

            if (response.Status != HttpStatusCode.OK)
            {
                logger.LogWarning("agent call failed: {Status} {ErrorType}", (int)response.Status, response.ErrorType);
                return Unavailable(touched);
            }

            IReadOnlyList<StreamEvent> events;
            try
            {
                events = EventStreamReader.Read(response.Body);
            }
            catch (InvalidDataException)
            {
                logger.LogWarning("agent stream was corrupted");
                return Unavailable(touched);
            }

            JsonObject? next = null;
            var throttled = false;
            foreach (var e in events)
            {
                if (e.IsFailure)
                {
                    logger.LogWarning("agent stream {MessageType} {ExceptionType}", e.MessageType, e.ExceptionType);
                    // Asking again from the start is only safe while the turn has done nothing: after a return of
                    // control the tools have run (a comment is not idempotent), and after a chunk the caller's answer has begun.
                    if (e.MessageType != "exception" || e.ExceptionType != "throttlingException" || toolsRan || text.Length > 0)
                    {
                        return Unavailable(touched);
                    }

                    throttled = true;
                    break;
                }

                switch (e.EventType)
                {
                    case "chunk":
                        text.Append(ChunkText(e.Payload));
                        break;
                    case "returnControl":
                        next = await RunToolsAsync(e.Payload, turn.Caller, SessionId(turn.SessionId), touched, cancellationToken);
                        toolsRan = true;
                        break;
                }
            }

            if (throttled)
            {
                if (!await _throttled.PauseAsync(1, deadline, cancellationToken))
                {
                    return TimedOut(touched);
                }

                request = question;
                continue;
            }

            if (next is null)
            {
                var spoken = AgentSpeech.Clean(text.ToString());
                return spoken.Length == 0
                    ? new AgentReply(AgentOutcome.SuggestTicket, "I don't have an answer for that, so let's log a ticket.", touched)
                    : new AgentReply(AgentOutcome.Answered, spoken, touched);
            }

            request = Encoding.UTF8.GetBytes(next.ToJsonString());
        }

        return Unavailable(touched);
    }

    /// <summary>InvokeAgent ends the session when asked; no input text, so the model is not run for a goodbye.</summary>
    public async Task EndSessionAsync(string sessionId, CallerIdentity caller, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(options.Endpoint, HttpMethod.Post, Path(sessionId), Body(caller, null, endSession: true), "application/json", null, time.GetUtcNow() + Deadlines.AgentEndSession, cancellationToken);
        if (!response.IsSuccess)
        {
            logger.LogInformation("ending the agent session failed: {ErrorType}", response.ErrorType);
        }
    }

    /// <summary>Runs each requested tool for the session's caller and builds the request that hands the results back.</summary>
    /// <param name="sessionId">The agent session id as Bedrock knows it, so a visit keeps one session whichever way its tools run.</param>
    private async Task<JsonObject> RunToolsAsync(byte[] payload, CallerIdentity caller, string sessionId, List<string> touched, CancellationToken cancellationToken)
    {
        using var doc = JsonDocument.Parse(payload);
        var root = doc.RootElement;
        // Added as JsonNode: the generic JsonArray.Add<T> would wrap the object through reflection, which Native AOT rejects.
        var results = new JsonArray();
        foreach (var input in root.TryGetProperty("invocationInputs", out var inputs) ? inputs.EnumerateArray() : default)
        {
            if (input.TryGetProperty("functionInvocationInput", out var fn))
            {
                var name = fn.GetProperty("function").GetString() ?? string.Empty;
                var result = await _tools.RunAsync(name, Parameters(fn), caller, sessionId, cancellationToken);
                Touch(result, touched);
                results.Add((JsonNode)new JsonObject
                {
                    ["functionResult"] = WithState(new JsonObject
                    {
                        ["actionGroup"] = fn.GetProperty("actionGroup").GetString(),
                        ["function"] = name,
                        ["responseBody"] = new JsonObject { ["TEXT"] = new JsonObject { ["body"] = result.Body } },
                    }, result),
                });
            }
            else if (input.TryGetProperty("apiInvocationInput", out var api))
            {
                var path = api.GetProperty("apiPath").GetString() ?? string.Empty;
                var result = await _tools.RunAsync(path.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty, Parameters(api), caller, sessionId, cancellationToken);
                Touch(result, touched);
                results.Add((JsonNode)new JsonObject
                {
                    ["apiResult"] = WithState(new JsonObject
                    {
                        ["actionGroup"] = api.GetProperty("actionGroup").GetString(),
                        ["apiPath"] = path,
                        ["httpMethod"] = api.TryGetProperty("httpMethod", out var m) ? m.GetString() : "POST",
                        ["httpStatusCode"] = result.HttpStatus,
                        ["responseBody"] = new JsonObject { ["application/json"] = new JsonObject { ["body"] = result.Body } },
                    }, result),
                });
            }
        }

        var body = JsonNode.Parse(Body(caller, null, endSession: false))!.AsObject();
        body["sessionState"]!["invocationId"] = root.TryGetProperty("invocationId", out var id) ? id.GetString() : null;
        body["sessionState"]!["returnControlInvocationResults"] = results;
        return body;
    }

    /// <summary>
    /// <c>responseState</c> (ApiResult and FunctionResult alike): REPROMPT hands the body to the model to ask the caller
    /// again; absent means the tool ran. FAILURE is never sent: it fails the whole turn.
    /// </summary>
    private static JsonObject WithState(JsonObject result, ToolResult tool)
    {
        if (tool.Status == ToolStatus.Reprompt)
        {
            result["responseState"] = "REPROMPT";
        }

        return result;
    }

    private static void Touch(ToolResult result, List<string> touched)
    {
        using var doc = JsonDocument.Parse(result.Body);
        if (doc.RootElement.TryGetProperty("ticket_number", out var n) && doc.RootElement.TryGetProperty("found", out var f) && f.ValueKind == JsonValueKind.True)
        {
            touched.Add(n.GetString()!);
        }
    }

    private static Dictionary<string, string> Parameters(JsonElement input)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        var lists = new List<JsonElement>();
        if (input.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Array)
        {
            lists.Add(p);
        }

        if (input.TryGetProperty("requestBody", out var rb) && rb.TryGetProperty("content", out var content))
        {
            lists.AddRange(content.EnumerateObject().Where(c => c.Value.TryGetProperty("properties", out _)).Select(c => c.Value.GetProperty("properties")));
        }

        foreach (var parameter in lists.SelectMany(l => l.EnumerateArray()))
        {
            if (parameter.TryGetProperty("name", out var name) && parameter.TryGetProperty("value", out var value))
            {
                all.TryAdd(name.GetString()!, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText());
            }
        }

        return all;
    }

    private static string ChunkText(byte[] payload)
    {
        using var doc = JsonDocument.Parse(payload);
        return doc.RootElement.TryGetProperty("bytes", out var bytes) ? Encoding.UTF8.GetString(bytes.GetBytesFromBase64()) : string.Empty;
    }

    private static byte[] Body(CallerIdentity caller, string? text, bool endSession)
    {
        var body = new JsonObject
        {
            ["sessionState"] = new JsonObject
            {
                ["sessionAttributes"] = new JsonObject
                {
                    [SessionKeys.CallerId] = caller.CallerId,
                    [SessionKeys.CallerName] = caller.Name ?? string.Empty,
                    [SessionKeys.CallerVerifiedBy] = SessionKeys.ToWire(caller.VerifiedBy),
                },
            },
        };
        if (text is not null)
        {
            body["inputText"] = text;
        }

        if (endSession)
        {
            body["endSession"] = true;
        }

        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    private string Path(string sessionId) =>
        $"agents/{options.AgentId}/agentAliases/{options.AgentAliasId}/sessions/{SessionId(sessionId)}/text";

    /// <summary>InvokeAgent takes 2–100 of [0-9a-zA-Z._-] (':' too, but it would need double encoding in the signature).</summary>
    public static string SessionId(string lexSessionId)
    {
        var clean = UnsafeSessionCharacters().Replace(lexSessionId, "-");
        clean = clean.Length > 100 ? clean[..100] : clean;
        return clean.Length < 2 ? clean.PadRight(2, '0') : clean;
    }

    /// <summary>The tickets the turn's tools touched go with every outcome: a ticket created before the budget ran out is still the caller's.</summary>
    private static AgentReply TimedOut(IReadOnlyList<string> touched) =>
        new(AgentOutcome.TimedOut, "That's taking me longer than it should. I can put you through to a person, or log a ticket for you.", touched);

    private static AgentReply Unavailable(IReadOnlyList<string> touched) =>
        new(AgentOutcome.Unavailable, "Sorry, the assistant isn't available right now. I can put you through to a person, or log a ticket for you.", touched);

    [GeneratedRegex("[^0-9a-zA-Z._-]")]
    private static partial Regex UnsafeSessionCharacters();
}
