using System.Security.Claims;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Mcp;

/// <summary>The caller an HTTP request was authenticated as, carried on the request's user from the edge to the tools.</summary>
public static class McpCallerClaims
{
    public const string AuthenticationType = "servicedesk-mcp";
    private const string CallerIdClaim = "servicedesk:caller_id";

    public static ClaimsPrincipal Principal(CallerIdentity caller) => new(new ClaimsIdentity(
        [new Claim(CallerIdClaim, caller.CallerId), new Claim(ClaimTypes.Name, caller.Name ?? caller.CallerId), new Claim(ClaimTypes.NameIdentifier, caller.CallerId)],
        AuthenticationType));

    /// <summary>Only a principal this server made: anything else (an unauthenticated user) is nobody.</summary>
    public static CallerIdentity? Read(ClaimsPrincipal? user) =>
        user?.Identities.FirstOrDefault(i => i.AuthenticationType == AuthenticationType) is { } identity
        && identity.FindFirst(CallerIdClaim)?.Value is { Length: > 0 } callerId
            ? new CallerIdentity(callerId, identity.FindFirst(ClaimTypes.Name)?.Value, null, VerifiedBy.Credential)
            : null;
}

/// <summary>An employee id, as the operator or the gateway names it, to the caller the tools act for.</summary>
public static class McpCaller
{
    public static async Task<CallerIdentity?> FindAsync(ICallerDirectory callers, string employeeId, CancellationToken cancellationToken) =>
        await callers.FindByEmployeeIdAsync(employeeId.Trim(), cancellationToken) is { } caller
            ? new CallerIdentity(caller.Id, caller.DisplayName, null, VerifiedBy.Credential)
            : null;
}
