using System.Text.Json;
using Microsoft.Extensions.Logging;
using ServiceDesk.Aws.Bedrock;
using ServiceDesk.Aws.Hosting;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Functions.Agent;

/// <summary>
/// The Lambda behind the Bedrock agent's ticket action group. The caller comes from the session attributes our bot
/// passed to the agent, never from the model's parameters; an unknown tool or bad parameters are answered with REPROMPT and
/// a reason, never thrown and never FAILURE (which fails the agent's whole turn).
/// </summary>
public sealed class AgentActionsFunction(TicketTools tools, ILogger logger) : ILambdaFunction
{
    public async Task<byte[]> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        AgentActionEvent request;
        try
        {
            request = AgentActionJson.Read(payload.Span);
        }
        catch (JsonException)
        {
            request = new AgentActionEvent();
        }

        var tool = ToolName(request);
        var caller = CallerFrom(request.SessionAttributes);
        var result = await tools.RunAsync(tool, request.AllParameters(), caller, cancellationToken);
        logger.LogInformation("agent tool {Tool} answered {Status}", tool, result.Status);
        return AgentActionJson.Write(Respond(request, result));
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
