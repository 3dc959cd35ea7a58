namespace ServiceDesk.Core.Callers;

/// <summary>What the caller's number told us.</summary>
public enum CallerMatch
{
    /// <summary>One employee has this number: identified by phone.</summary>
    Single,
    /// <summary>Several employees share this number (a desk line): the bot asks for the employee id.</summary>
    Shared,
    /// <summary>A valid number nobody registered: the bot asks for the employee id.</summary>
    Unknown,
    /// <summary>No number was presented (withheld, anonymous, or no endpoint at all).</summary>
    Withheld,
}

public sealed record CallerLookupResult(CallerMatch Match, PhoneNumber? Phone, Caller? Caller)
{
    public CallerIdentity Identity => Caller is { } caller
        ? new CallerIdentity(caller.Id, caller.DisplayName, Phone?.E164, VerifiedBy.Phone)
        : CallerIdentity.Unverified(Phone?.E164);
}

/// <summary>Identifies a caller from the number the network presented. Identity never comes from what anyone says.</summary>
public sealed class CallerLookup(ICallerDirectory directory)
{
    public async Task<CallerLookupResult> ByPhoneAsync(string? presentedNumber, CancellationToken cancellationToken)
    {
        if (PhoneNumber.TryNormalize(presentedNumber, out var phone) != PhoneNumberKind.Valid)
        {
            return new CallerLookupResult(CallerMatch.Withheld, null, null);
        }

        var callers = await directory.FindByPhoneAsync(phone, cancellationToken);
        return callers.Count switch
        {
            0 => new CallerLookupResult(CallerMatch.Unknown, phone, null),
            1 => new CallerLookupResult(CallerMatch.Single, phone, callers[0]),
            _ => new CallerLookupResult(CallerMatch.Shared, phone, null),
        };
    }
}
