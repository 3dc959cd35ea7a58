using ServiceDesk.Aws.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// One Lex turn as the handlers see it: the event, who is calling (from the session, as the flow or our own
/// identification set it), the working attributes, the time left, and the ways to answer.
/// </summary>
internal sealed class LexTurn
{
    private readonly Dictionary<string, string> _attributes;

    /// <summary>Time kept back from the Lambda deadline to write the response and for Lex to receive it.</summary>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromMilliseconds(750);

    public LexTurn(LexEvent lexEvent, CallerTickets tickets, TimeProvider time, DateTimeOffset deadline, CancellationToken cancellation)
    {
        Event = lexEvent;
        Deadline = deadline;
        Tickets = tickets;
        Time = time;
        Cancellation = cancellation;
        Intent = lexEvent.SessionState?.Intent ?? lexEvent.Interpretations?.FirstOrDefault()?.Intent ?? new LexIntent();
        IsFulfillment = lexEvent.InvocationSource == LexValues.FulfillmentCodeHook;
        Intent.Name ??= string.Empty;
        Intent.Slots ??= [];
        _attributes = lexEvent.SessionState?.SessionAttributes is { } attributes
            ? new Dictionary<string, string>(attributes, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        Identity = IdentityFrom(_attributes);

        if (Get(TurnKeys.Intent) != IntentName)
        {
            foreach (var key in TurnKeys.PerIntent)
            {
                _attributes.Remove(key);
            }

            Set(TurnKeys.Intent, IntentName);
        }
    }

    public LexEvent Event { get; }
    public CallerTickets Tickets { get; }
    public TimeProvider Time { get; }
    public CancellationToken Cancellation { get; }
    public LexIntent Intent { get; private set; }
    public string IntentName => Intent.Name!;
    public string SessionId => Event.SessionId ?? string.Empty;
    public bool IsFulfillment { get; private set; }
    public bool IsDtmf => Event.InputMode == LexValues.Dtmf;
    public string Transcript => Event.InputTranscript ?? string.Empty;
    public DateTimeOffset Now => Time.GetUtcNow();
    public DateTimeOffset Deadline { get; }

    /// <summary>What is left for dependencies this turn, after the safety margin.</summary>
    public TimeSpan Remaining => Deadline - SafetyMargin - Now is { Ticks: > 0 } left ? left : TimeSpan.Zero;
    public CallerIdentity Identity { get; private set; }

    /// <summary>The flow connects the same bot after hours with <c>afterHours=true</c>: there is nobody to hand off to.</summary>
    public bool IsAfterHours => string.Equals(Get(AfterHoursKey), "true", StringComparison.OrdinalIgnoreCase);

    public const string AfterHoursKey = "afterHours";
    public IReadOnlyDictionary<string, string> Attributes => _attributes;

    /// <summary>Set when this turn's words were the answer to another question (the employee id), so no one reads them twice.</summary>
    public bool TranscriptConsumed { get; set; }

    /// <summary>Said before this turn's reply, in the same message (the agent's line as it hands the caller to another intent).</summary>
    public Speech? LeadIn { get; set; }

    /// <summary>What the last prompt asked for (a slot name or <see cref="TurnKeys.Confirm"/>): this turn's words answer it.</summary>
    public string? Awaiting => Get(TurnKeys.Awaiting);

    public void Identified(Caller caller)
    {
        Identity = new CallerIdentity(caller.Id, caller.DisplayName, Get(SessionKeys.CallerPhone), VerifiedBy.EmployeeId);
        Set(SessionKeys.CallerId, caller.Id);
        Set(SessionKeys.CallerName, caller.DisplayName);
        Set(SessionKeys.CallerVerifiedBy, SessionKeys.ToWire(VerifiedBy.EmployeeId));
    }

    /// <summary>
    /// Hands this turn to another intent, as Lex does when a response names a different intent: the new intent starts
    /// empty at its dialog step, and the old one's working state goes. The caller's words count as already heard.
    /// </summary>
    public void SwitchIntent(string name)
    {
        Intent = new LexIntent { Name = name, Slots = [], State = LexValues.InProgress, ConfirmationState = LexValues.None };
        IsFulfillment = false;
        TranscriptConsumed = true;
        CompleteTask();
        Set(TurnKeys.Intent, name);
    }

    public string? Get(string key) => _attributes.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    public void Set(string key, string? value)
    {
        if (value is null)
        {
            _attributes.Remove(key);
        }
        else
        {
            _attributes[key] = value;
        }
    }

    public int Count(string key) => int.TryParse(Get(key), out var n) ? n : 0;

    public int Increment(string key)
    {
        var n = Count(key) + 1;
        Set(key, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return n;
    }

    /// <summary>Remembers a ticket this call touched, for the handoff summary (the last few only).</summary>
    public void Touch(TicketNumber number)
    {
        var touched = (Get(TurnKeys.Tickets) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        touched.Remove(number.ToString());
        touched.Add(number.ToString());
        Set(TurnKeys.Tickets, string.Join(',', touched.TakeLast(5)));
    }

    public IReadOnlyList<string> TicketsTouched => (Get(TurnKeys.Tickets) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The caller's words in a slot: what they said first, then what Lex made of it.</summary>
    public string? SlotText(string name) =>
        Intent.Slots!.TryGetValue(name, out var slot) && slot?.Value is { } value
            ? NonEmpty(value.OriginalValue) ?? NonEmpty(value.InterpretedValue)
            : null;

    public string? SlotInterpreted(string name) =>
        Intent.Slots!.TryGetValue(name, out var slot) && slot?.Value is { } value
            ? NonEmpty(value.InterpretedValue) ?? NonEmpty(value.ResolvedValues?.FirstOrDefault()) ?? NonEmpty(value.OriginalValue)
            : null;

    public void SetSlot(string name, string? interpreted, string? original = null) =>
        Intent.Slots![name] = interpreted is null ? null : LexSlot.Scalar(interpreted, original);

    /// <summary>Finishes the task of this intent: its working state goes, so the next task starts clean.</summary>
    public void CompleteTask()
    {
        foreach (var key in TurnKeys.PerIntent)
        {
            _attributes.Remove(key);
        }
    }

    public LexResponse ElicitSlot(string slot, Speech speech)
    {
        Set(TurnKeys.Awaiting, slot);
        Intent.State = LexValues.InProgress;
        return Reply(new LexDialogAction { Type = LexValues.ElicitSlot, SlotToElicit = slot }, Intent, speech);
    }

    public LexResponse ConfirmIntent(Speech speech)
    {
        Set(TurnKeys.Awaiting, TurnKeys.Confirm);
        Intent.State = LexValues.InProgress;
        Intent.ConfirmationState = LexValues.None;
        return Reply(new LexDialogAction { Type = LexValues.ConfirmIntent }, Intent, speech);
    }

    /// <summary>Everything is collected: Lex moves on to fulfilment, which calls us back with a FulfillmentCodeHook.</summary>
    public LexResponse Delegate()
    {
        Set(TurnKeys.Awaiting, null);
        Intent.State = LexValues.ReadyForFulfillment;
        return Reply(new LexDialogAction { Type = LexValues.Delegate }, Intent, null);
    }

    /// <summary>The task is done (or not possible); the caller stays with the bot for the next one.</summary>
    public LexResponse ElicitIntent(Speech speech)
    {
        CompleteTask();
        return Reply(new LexDialogAction { Type = LexValues.ElicitIntent }, null, speech);
    }

    public LexResponse Close(string state, Speech? speech)
    {
        CompleteTask();
        Intent.State = state;
        return Reply(new LexDialogAction { Type = LexValues.Close }, Intent, speech);
    }

    /// <summary>Ends the bot's part with the handoff attributes the flow copies to the contact for the person who answers.</summary>
    public LexResponse Handoff(string reason, Speech? speech = null)
    {
        LeadIn = null; // "so let's log a ticket" must not run into "I'll put you through"
        Set(SessionKeys.Handoff, "agent");
        Set(SessionKeys.HandoffReason, reason);
        Set(SessionKeys.HandoffSummary, HandoffSummary.For(this, reason));
        var state = reason == BotContract.HandoffReasons.CallerRequest ? LexValues.Fulfilled : LexValues.Failed;
        return Close(state, speech ?? HandoffSummary.Line(reason, IsAfterHours));
    }

    /// <summary>A ticket port failure, mapped once: a person takes over (NotFound is handled by each handler).</summary>
    public LexResponse HandoffFor(Failure failure) =>
        Handoff(failure.Kind is FailureKind.Unavailable or FailureKind.Throttled
            ? BotContract.HandoffReasons.BackendUnavailable
            : BotContract.HandoffReasons.Error);

    private LexResponse Reply(LexDialogAction action, LexIntent? intent, Speech? speech) => new()
    {
        SessionState = new LexSessionState
        {
            ActiveContexts = Event.SessionState?.ActiveContexts,
            SessionAttributes = _attributes,
            DialogAction = action,
            Intent = intent,
        },
        Messages = speech is null ? null : [new LexMessage { ContentType = LexValues.Ssml, Content = (LeadIn?.Then(speech) ?? speech).ToSsml() }],
    };

    /// <summary>Trusted only as set: a verification method other than none, and an id to go with it.</summary>
    internal static CallerIdentity IdentityFrom(Dictionary<string, string> attributes)
    {
        attributes.TryGetValue(SessionKeys.CallerId, out var id);
        attributes.TryGetValue(SessionKeys.CallerName, out var name);
        attributes.TryGetValue(SessionKeys.CallerPhone, out var phone);
        attributes.TryGetValue(SessionKeys.CallerVerifiedBy, out var verifiedBy);
        var method = SessionKeys.ParseVerifiedBy(verifiedBy);
        return method == VerifiedBy.None || string.IsNullOrWhiteSpace(id)
            ? CallerIdentity.Unverified(phone)
            : new CallerIdentity(id, name, phone, method);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
