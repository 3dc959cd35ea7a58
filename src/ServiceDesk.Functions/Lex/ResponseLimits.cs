using System.Text;
using ServiceDesk.Aws.Lex;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// Lex's limits, enforced once for every response: each message ≤ 1,024 characters, session attributes under 12 KB,
/// the whole response under 25 KB. Over a limit, the least important data goes first; the flow contract stays.
/// </summary>
internal static class ResponseLimits
{
    public const int MaxMessageLength = Speech.MaxMessageLength;
    public const int MaxSessionAttributeBytes = 12 * 1024;
    public const int MaxResponseBytes = 25 * 1024;

    /// <summary>Values a flow may need; longer ones are cut rather than dropped.</summary>
    private const int MaxContractValueLength = 512;

    private static readonly HashSet<string> Contract = new(StringComparer.Ordinal)
    {
        SessionKeys.CallerId, SessionKeys.CallerName, SessionKeys.CallerPhone, SessionKeys.CallerVerifiedBy, SessionKeys.CallerVip,
        SessionKeys.Handoff, SessionKeys.HandoffReason, SessionKeys.HandoffSummary,
    };

    /// <summary>Returns the bytes to send; <paramref name="trimmed"/> says whether anything had to go.</summary>
    public static byte[] Enforce(LexResponse response, out bool trimmed)
    {
        trimmed = false;
        foreach (var message in response.Messages ?? [])
        {
            if (message.Content is { Length: > MaxMessageLength })
            {
                message.ContentType = LexValues.Ssml;
                message.Content = Speech.Say("Sorry, that was too long to read out.").ToSsml();
                trimmed = true;
            }
        }

        if (response.SessionState.SessionAttributes is { } attributes && Size(attributes) >= MaxSessionAttributeBytes)
        {
            TrimAttributes(attributes);
            trimmed = true;
        }

        var bytes = LexJson.Write(response);
        if (bytes.Length < MaxResponseBytes)
        {
            return bytes;
        }

        trimmed = true;
        response.SessionState.ActiveContexts = null;
        response.SessionState.RuntimeHints = null;
        response.RequestAttributes = null;
        foreach (var slot in response.SessionState.Intent?.Slots ?? [])
        {
            if (slot.Value?.Value is { } value)
            {
                value.ResolvedValues = value.InterpretedValue is null ? null : [value.InterpretedValue];
                value.OriginalValue = value.InterpretedValue;
            }
        }

        bytes = LexJson.Write(response);
        return bytes.Length < MaxResponseBytes ? bytes : LexJson.Write(Minimal(response));
    }

    public static int Size(IReadOnlyDictionary<string, string> attributes) =>
        attributes.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value ?? string.Empty));

    /// <summary>Our working keys go first, then anything the flow did not promise us, largest first; contract values are cut.</summary>
    private static void TrimAttributes(Dictionary<string, string> attributes)
    {
        foreach (var key in attributes.Keys.Where(k => !Contract.Contains(k)).OrderBy(k => k.StartsWith("sd", StringComparison.Ordinal) ? 0 : 1)
                     .ThenByDescending(k => Encoding.UTF8.GetByteCount(attributes[k])).ToList())
        {
            if (Size(attributes) < MaxSessionAttributeBytes)
            {
                return;
            }

            attributes.Remove(key);
        }

        foreach (var key in attributes.Keys.ToList())
        {
            if (attributes[key] is { Length: > MaxContractValueLength } value)
            {
                attributes[key] = value[..MaxContractValueLength];
            }
        }
    }

    /// <summary>Nothing else fits: a person takes over, with the contract attributes only.</summary>
    private static LexResponse Minimal(LexResponse response)
    {
        var attributes = (response.SessionState.SessionAttributes ?? [])
            .Where(a => Contract.Contains(a.Key))
            .ToDictionary(a => a.Key, a => a.Value.Length <= MaxContractValueLength ? a.Value : a.Value[..MaxContractValueLength], StringComparer.Ordinal);
        attributes[SessionKeys.Handoff] = "agent";
        attributes[SessionKeys.HandoffReason] = BotContract.HandoffReasons.Error;
        attributes.TryAdd(SessionKeys.HandoffSummary, "The automated desk could not complete the call.");
        return new LexResponse
        {
            SessionState = new LexSessionState
            {
                SessionAttributes = attributes,
                DialogAction = new LexDialogAction { Type = LexValues.Close },
                Intent = new LexIntent { Name = response.SessionState.Intent?.Name ?? BotContract.FallbackIntent, State = LexValues.Failed },
            },
            Messages = [new LexMessage { ContentType = LexValues.Ssml, Content = HandoffSummary.Line(BotContract.HandoffReasons.Error).ToSsml() }],
        };
    }
}
