namespace ServiceDesk.Core.Callers;

/// <summary>An employee who may call the service desk.</summary>
public sealed record Caller(
    string Id,
    string DisplayName,
    IReadOnlyList<PhoneNumber> Phones,
    string? EmployeeId = null,
    bool Vip = false,
    string Language = "en-US",
    string? PinHash = null)
{
    // A hash of a 4-6 digit PIN is as good as the PIN to anyone who reads it: it never appears in a printed caller.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Id = {Id}, EmployeeId = {EmployeeId}, Vip = {Vip}, Language = {Language}, HasPin = {PinHash is not null}");
        return true;
    }
}

/// <summary>How the caller's identity was established. Only the flow or our own verification set it, never a model.</summary>
public enum VerifiedBy
{
    None,
    Phone,
    /// <summary>An employee id and its PIN. An employee id alone verifies nobody: they run in sequence.</summary>
    EmployeeIdPin,
    /// <summary>
    /// Outside a call: the credential of whoever runs the tools, i.e. the operator who started <c>servicedesk mcp
    /// --caller</c>, or an MCP client's API key (or the header of the gateway that authenticated it). Never read from a
    /// session attribute: a session that claims it verifies nobody.
    /// </summary>
    Credential,
}

/// <summary>Who is on the line, as far as we know it: the contract the flow and the bot share through session attributes.</summary>
public sealed record CallerIdentity(string CallerId, string? Name, string? Phone, VerifiedBy VerifiedBy)
{
    public bool IsVerified => VerifiedBy != VerifiedBy.None && !string.IsNullOrEmpty(CallerId);

    public static CallerIdentity Unverified(string? phone = null) => new(string.Empty, null, phone, VerifiedBy.None);
}

/// <summary>Names of the session/contact attributes the flow and the bot exchange. Tests pin them.</summary>
public static class SessionKeys
{
    public const string CallerId = "callerId";
    public const string CallerName = "callerName";
    public const string CallerPhone = "callerPhone";
    public const string CallerVerifiedBy = "callerVerifiedBy";
    public const string CallerVip = "callerVip";
    /// <summary>The Connect contact the call belongs to, passed by the flow so the bot can attach the handoff to it.</summary>
    public const string InitialContactId = "initialContactId";
    public const string Handoff = "handoff";
    public const string HandoffSummary = "handoffSummary";
    public const string HandoffReason = "handoffReason";

    public static string ToWire(VerifiedBy verifiedBy) => verifiedBy switch
    {
        VerifiedBy.Phone => "phone",
        VerifiedBy.EmployeeIdPin => "employeeIdPin",
        VerifiedBy.Credential => "credential",
        _ => "none",
    };

    public static VerifiedBy ParseVerifiedBy(string? wire) => wire switch
    {
        "phone" => VerifiedBy.Phone,
        "employeeIdPin" => VerifiedBy.EmployeeIdPin,
        // "employeeId" (an id without a PIN, as sessions before the PIN were marked) verifies nobody.
        _ => VerifiedBy.None,
    };
}

/// <summary>The caller directory port.</summary>
public interface ICallerDirectory
{
    /// <summary>Every caller registered on this number: none, one, or several sharing a line.</summary>
    Task<IReadOnlyList<Caller>> FindByPhoneAsync(PhoneNumber phone, CancellationToken cancellationToken);

    Task<Caller?> FindByEmployeeIdAsync(string employeeId, CancellationToken cancellationToken);

    Task<Caller?> FindByIdAsync(string callerId, CancellationToken cancellationToken);
}
