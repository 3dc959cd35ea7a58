using System.Text.Json;
using Microsoft.Extensions.Logging;
using ServiceDesk.Wire.Bedrock;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Observability;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Functions.Agent;

/// <summary>
/// The Lambda behind the Bedrock agent's action group (ticket tools, and visit tools where a scheduler is configured).
/// The caller comes from the session attributes our bot passed to the agent, and the visit session is the agent's
/// session, never the model's parameters; an unknown tool or bad parameters are answered with REPROMPT and a reason,
/// never thrown and never FAILURE (which fails the agent's whole turn).
/// </summary>
public sealed class AgentActionsFunction(AgentTools tools, FunctionContext context) : LambdaFunction<AgentActionEvent, AgentActionResponse>(context)
{
    protected override TimeSpan ResponseMargin => Core.Resilience.Deadlines.FunctionResponseMargin;

    protected override AgentActionEvent Read(ReadOnlySpan<byte> payload) => AgentActionJson.Read(payload);

    /// <summary>Not an action event: answered in the envelope Bedrock reads, as a tool the model can recover from.</summary>
    protected override AgentActionResponse Unreadable() =>
        Respond(new AgentActionEvent(), new ToolResult(ToolStatus.Reprompt, """{"error":"the action request could not be read"}""", 400));

    protected override byte[] Write(AgentActionResponse response) => AgentActionJson.Write(response);

    protected override KeyValuePair<string, object?>[] Scope(AgentActionEvent request) =>
        [new("tool", ToolName(request)), new("actionGroup", request.ActionGroup)];

    protected override (string? Operation, CallOutcome Outcome) Measure(AgentActionEvent request, AgentActionResponse response) =>
        (ToolName(request), response.Response?.HttpStatusCode is >= 400 || response.Response?.FunctionResponse?.ResponseState is not null ? CallOutcome.Failed : CallOutcome.SelfServed);

    protected override async Task<AgentActionResponse> HandleAsync(AgentActionEvent request, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        var tool = ToolName(request);
        var result = await tools.RunAsync(tool, request.AllParameters(), CallerFrom(request.SessionAttributes), request.SessionId ?? string.Empty, cancellationToken);
        Logger.LogInformation("agent tool {Tool} answered {Status}", tool, result.Status);
        return Respond(request, result);
    }

    /// <summary>The function name, or the OpenAPI path's last segment (<c>/tickets/get_ticket_status</c>).</summary>
    private static string ToolName(AgentActionEvent request) =>
        request.Function is { Length: > 0 } function ? function
        : request.ApiPath?.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;

    private static CallerIdentity CallerFrom(Dictionary<string, string>? session)
    {
        var attributes = session ?? [];
        var verifiedBy = SessionKeys.ParseVerifiedBy(attributes.GetValueOrDefault(SessionKeys.CallerVerifiedBy));
        return new CallerIdentity(attributes.GetValueOrDefault(SessionKeys.CallerId) ?? string.Empty, attributes.GetValueOrDefault(SessionKeys.CallerName), attributes.GetValueOrDefault(SessionKeys.CallerPhone), verifiedBy);
    }

    /// <summary>
    /// Echoes the action group and the api path and method or the function, in the event's style. A member the event
    /// lacked (Bedrock always sends them) is echoed empty: Bedrock then reports the mismatch, where a response without
    /// it would not even be read (its model requires actionGroup; the documented envelope, all of them).
    /// </summary>
    private static AgentActionResponse Respond(AgentActionEvent request, ToolResult result)
    {
        var body = new Dictionary<string, AgentBody> { ["application/json"] = new AgentBody { Body = result.Body } };
        var response = new AgentActionResponse
        {
            SessionAttributes = request.SessionAttributes,
            PromptSessionAttributes = request.PromptSessionAttributes,
        };
        if (request.Function is { Length: > 0 })
        {
            response.Response = new AgentActionResult
            {
                ActionGroup = request.ActionGroup ?? string.Empty,
                Function = request.Function,
                FunctionResponse = new AgentFunctionResponse
                {
                    // REPROMPT lets the model recover; FAILURE would fail the caller's whole turn (DependencyFailedException).
                    ResponseState = result.Status == ToolStatus.Reprompt ? "REPROMPT" : null,
                    ResponseBody = new Dictionary<string, AgentBody> { ["TEXT"] = new AgentBody { Body = result.Body } },
                },
            };
        }
        else
        {
            response.Response = new AgentActionResult
            {
                ActionGroup = request.ActionGroup ?? string.Empty,
                ApiPath = request.ApiPath ?? string.Empty,
                HttpMethod = request.HttpMethod ?? string.Empty,
                HttpStatusCode = result.HttpStatus,
                ResponseBody = body,
            };
        }

        return response;
    }
}
