using System.Text;
using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// Lex's limits, enforced once for every response: what is echoed from the event only as Lex takes it back, each
/// message ≤ 1,024 characters, session attributes under 12 KB, the whole response under 25 KB. Over a limit, the least
/// important data goes first; the flow contract stays.
/// </summary>
internal static partial class ResponseLimits
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
        EchoOnlyWhatLexTakes(response.SessionState);
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

    /// <summary>
    /// The intent and the active contexts go back as the event carried them, but Lex checks a response against its
    /// runtime model (lexv2-runtime <c>SessionState</c>) and refuses the whole of it for one member it does not take,
    /// and the caller hears an error. So a confirmation state Lex does not know is left out, a slot value without its
    /// required interpreted value takes what the caller said (else the slot goes back unfilled), empty original or
    /// resolved values are left out, an active context without its name or time to live goes, <c>kendraResponse</c>
    /// (an input-only member) is not written, and neither is an attribute with no name.
    /// </summary>
    private static void EchoOnlyWhatLexTakes(LexSessionState state)
    {
        if (state.Intent is { } intent)
        {
            intent.ConfirmationState = intent.ConfirmationState is LexValues.Confirmed or LexValues.Denied or LexValues.None ? intent.ConfirmationState : null;
            intent.KendraResponse = null;
            TakeableSlots(intent.Slots);
        }

        if (state.ActiveContexts is { } contexts)
        {
            contexts.RemoveAll(static c => c.Name is not { Length: <= 100 } name || !ContextName().IsMatch(name)
                                           || c.TimeToLive is not { TimeToLiveInSeconds: >= 5 and <= 86_400, TurnsToLive: >= 1 and <= 20 });
            if (contexts.Count > 20)
            {
                contexts.RemoveRange(20, contexts.Count - 20);
            }

            foreach (var context in contexts)
            {
                context.ContextAttributes ??= [];
            }
        }

        state.SessionAttributes?.Remove(string.Empty);
    }

    /// <summary>Each slot made takeable in place; one that cannot be goes back unfilled.</summary>
    private static void TakeableSlots(Dictionary<string, LexSlot?>? slots)
    {
        List<string>? unfilled = null;
        foreach (var (name, slot) in slots ?? [])
        {
            if (slot is not null && Takeable(slot) is null)
            {
                (unfilled ??= []).Add(name);
            }
        }

        foreach (var name in unfilled ?? (IEnumerable<string>)[])
        {
            slots![name] = null;
        }
    }

    private static LexSlot? Takeable(LexSlot? slot)
    {
        if (slot is null)
        {
            return null;
        }

        if (slot.Value is { } value)
        {
            value.ResolvedValues?.RemoveAll(string.IsNullOrEmpty);
            value.OriginalValue = string.IsNullOrEmpty(value.OriginalValue) ? null : value.OriginalValue;
            value.InterpretedValue = string.IsNullOrEmpty(value.InterpretedValue)
                ? value.ResolvedValues?.FirstOrDefault() ?? value.OriginalValue
                : value.InterpretedValue;
            if (value.InterpretedValue is null)
            {
                return null;
            }
        }

        slot.Shape = slot.Shape is LexValues.Scalar or "List" or "Composite" ? slot.Shape : null;
        slot.Values = slot.Values?.Select(Takeable).OfType<LexSlot>().ToList();
        TakeableSlots(slot.SubSlots);
        return slot;
    }

    /// <summary>The runtime model's pattern for an active context's name.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^([A-Za-z0-9]_?)+$")]
    private static partial System.Text.RegularExpressions.Regex ContextName();

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
