using ServiceDesk.Wire.Lex;
using ServiceDesk.Core;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// One Lex turn as the handlers see it: the event, who is calling (from the session, as the flow or our own
/// identification set it), the call's dialogue memory, the time left, and the ways to answer.
/// </summary>
internal sealed class LexTurn
{
    private readonly Dictionary<string, string> _attributes;

    /// <summary>Time kept back from the Lambda deadline to write the response and for Lex to receive it (the pipeline's margin).</summary>
    public static readonly TimeSpan SafetyMargin = Core.Resilience.Deadlines.LexResponseMargin;

    public LexTurn(LexEvent lexEvent, TimeProvider time, DateTimeOffset deadline, CancellationToken cancellation)
    {
        Event = lexEvent;
        Deadline = deadline;
        Time = time;
        Cancellation = cancellation;
        Intent = lexEvent.SessionState?.Intent ?? lexEvent.Interpretations?.FirstOrDefault()?.Intent ?? new LexIntent();
        IsFulfillment = lexEvent.InvocationSource == LexValues.FulfillmentCodeHook;
        Intent.Name ??= string.Empty;
        Intent.Slots ??= [];
        // The reply carries the attributes back: the event's own map is this turn's to change (one event, one turn).
        _attributes = lexEvent.SessionState?.SessionAttributes ?? new Dictionary<string, string>(StringComparer.Ordinal);
        Identity = IdentityFrom(_attributes);
        Memory = DialogueMemory.From(_attributes);
        AnsweringPin = Memory.Awaiting == BotContract.Slots.EmployeePin;
        if (AnswersOurQuestion())
        {
            // Lex took an answer to our question for a goodbye or a person ("done that already" scores Goodbye), but
            // the words say neither: they answer the question, and the task that asked it goes on.
            Intent = new LexIntent { Name = Memory.Task, Slots = [], State = LexValues.InProgress, ConfirmationState = LexValues.None };
        }

        if (Memory.Task != IntentName)
        {
            Memory.StartTask(IntentName);
        }
    }

    private bool AnswersOurQuestion() =>
        !IsFulfillment && Memory.Task is { Length: > 0 } task && task != IntentName && Memory.Awaiting is not null
        && CallerLexicon.Command(Transcript, IsDtmf) is null
        && (IntentName is BotContract.Goodbye or BotContract.SpeakToAgent
            // Digits said for the PIN can score as any intent ("it's to for six eight" as a comment): they are the PIN.
            || (Memory.Awaiting == BotContract.Slots.EmployeePin && (VoicePin.Read(Transcript) is not null || CallerLexicon.DoesNotKnow(Transcript) || Identification.CorrectedId(Transcript) is not null))
            // So can an employee id ("it's E one double oh five" as a status check while reporting a fault).
            || (Memory.Awaiting == BotContract.Slots.EmployeeId && Identification.Normalize(VoicePin.BeforeMarker(Transcript)) is not null));

    public LexEvent Event { get; }
    public TimeProvider Time { get; }
    public CancellationToken Cancellation { get; }
    public LexIntent Intent { get; private set; }
    public string IntentName => Intent.Name!;
    public string SessionId => Event.SessionId ?? string.Empty;
    public bool IsFulfillment { get; private set; }
    public bool IsDtmf => Event.InputMode == LexValues.Dtmf;
    public string Transcript => Event.InputTranscript ?? string.Empty;

    /// <summary>This turn answers "what's your PIN?": its words are a secret, never quoted, remembered or logged.</summary>
    public bool AnsweringPin { get; }

    /// <summary>The words as they may be repeated to a person (a handoff summary): none when they are a PIN.</summary>
    public string? Quotable => AnsweringPin ? null : VoicePin.Redact(Transcript);
    public DateTimeOffset Now => Time.GetUtcNow();
    public DateTimeOffset Deadline { get; }

    /// <summary>What the bot remembers of this call; written back in the reply.</summary>
    public DialogueMemory Memory { get; }

    /// <summary>What is left for dependencies this turn (its deadline already keeps the response margin back).</summary>
    public TimeSpan Remaining => Deadline - Now is { Ticks: > 0 } left ? left : TimeSpan.Zero;
    public CallerIdentity Identity { get; private set; }

    /// <summary>The flow connects the same bot after hours with <c>afterHours=true</c>: there is nobody to hand off to.</summary>
    public bool IsAfterHours => string.Equals(Get(AfterHoursKey), "true", StringComparison.OrdinalIgnoreCase);

    public const string AfterHoursKey = "afterHours";
    public IReadOnlyDictionary<string, string> Attributes => _attributes;

    /// <summary>Set once this turn's words have answered something (the employee id, the problem), so no one reads them twice.</summary>
    public bool WordsTaken { get; set; }

    /// <summary>This turn's words, unless another step has already taken them as its answer.</summary>
    /// <remarks>
    /// A PIN said in passing ("E1003, PIN 8642, what about my ticket") is not in them (they are kept and quoted), nor an
    /// employee id said in passing (<see cref="Identification.SaidInPassing"/>), which is the identification's alone.
    /// </remarks>
    public string? FreshWords => WordsTaken || (_unread ??= Unread(Transcript).Trim()).Length == 0 ? null : _unread;

    // Read once per turn: the steps ask for the words many times.
    private string? _unread;
    private string[]? _hypotheses;

    private static string Unread(string words)
    {
        var left = VoicePin.Redact(words);
        foreach (var (said, _) in Identification.SaidInPassing(left))
        {
            left = left.Replace(said, " ", StringComparison.Ordinal);
        }

        return left;
    }

    /// <summary>
    /// This turn's words as heard best, then the recogniser's other hypotheses: "know thanks" was probably "no thanks".
    /// Empty once another step has taken the words.
    /// </summary>
    public IReadOnlyList<string> Hypotheses => FreshWords is { } best ? _hypotheses ??= ReadHypotheses(best) : [];

    private string[] ReadHypotheses(string best)
    {
        if (Event.Transcriptions is not { Count: > 0 } transcriptions)
        {
            return [best];
        }

        var all = new List<string>(transcriptions.Count + 1) { best };
        var others = new HashSet<string>(StringComparer.Ordinal);
        foreach (var transcription in transcriptions)
        {
            if (transcription.Transcription is { } said && Unread(said) is { Length: > 0 } other && others.Add(other)
                && !string.Equals(other.Trim(), best, StringComparison.Ordinal))
            {
                all.Add(other);
            }
        }

        return [.. all];
    }

    /// <summary>The first reading of this turn's hypotheses that means something to <paramref name="read"/>.</summary>
    public T? Heard<T>(Func<string, T?> read)
        where T : struct
    {
        foreach (var said in Hypotheses)
        {
            if (read(said) is { } heard)
            {
                return heard;
            }
        }

        return null;
    }

    /// <summary>Said before this turn's reply, in the same message (the agent's line as it hands the caller to another intent).</summary>
    public Speech? LeadIn { get; set; }

    /// <summary>What the last prompt asked for (a slot name or a <see cref="DialogueMemory.Questions"/> name): this turn's words answer it.</summary>
    public string? Awaiting => Memory.Awaiting;

    /// <summary>The caller gave an employee id and its PIN: from here on they are that employee.</summary>
    public void Identified(Caller caller)
    {
        Identity = new CallerIdentity(caller.Id, caller.DisplayName, Get(SessionKeys.CallerPhone), VerifiedBy.EmployeeIdPin);
        Set(SessionKeys.CallerId, caller.Id);
        Set(SessionKeys.CallerName, caller.DisplayName);
        Set(SessionKeys.CallerVerifiedBy, SessionKeys.ToWire(VerifiedBy.EmployeeIdPin));
    }

    /// <summary>
    /// Hands this turn to another intent, as Lex does when a response names a different intent: the new intent starts
    /// empty at its dialog step, and the old one's task goes. The caller's words count as already heard.
    /// </summary>
    public void SwitchIntent(string name)
    {
        Intent = new LexIntent { Name = name, Slots = [], State = LexValues.InProgress, ConfirmationState = LexValues.None };
        IsFulfillment = false;
        WordsTaken = true;
        // The turn already left the last task when it began; correcting Lex's label keeps the question it answers.
        var (awaiting, interrupted) = (Memory.Awaiting, Memory.Interrupted);
        Memory.StartTask(name);
        (Memory.Awaiting, Memory.Interrupted) = (awaiting, interrupted);
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

    /// <summary>Remembers a ticket this call touched, for the handoff summary and for "put a note on it".</summary>
    public void Touch(TicketNumber number) => Memory.Touch(number);

    public IReadOnlyList<string> TicketsTouched => Memory.Touched;

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

    public LexResponse ElicitSlot(string slot, Speech speech)
    {
        Memory.Awaiting = slot;
        Intent.State = LexValues.InProgress;
        return Reply(new LexDialogAction { Type = LexValues.ElicitSlot, SlotToElicit = slot }, Intent, speech);
    }

    public LexResponse ConfirmIntent(Speech speech)
    {
        Memory.Awaiting = DialogueMemory.Questions.Confirm;
        Intent.State = LexValues.InProgress;
        Intent.ConfirmationState = LexValues.None;
        return Reply(new LexDialogAction { Type = LexValues.ConfirmIntent }, Intent, speech);
    }

    /// <summary>Everything is collected: Lex moves on to fulfilment, which calls us back with a FulfillmentCodeHook.</summary>
    public LexResponse Delegate()
    {
        Memory.Awaiting = null;
        Intent.State = LexValues.ReadyForFulfillment;
        return Reply(new LexDialogAction { Type = LexValues.Delegate }, Intent, null);
    }

    /// <summary>The task is done (or not possible); the caller stays with the bot for the next one.</summary>
    public LexResponse ElicitIntent(Speech speech) => Ask(null, speech);

    /// <summary>
    /// An open question whose answer is read by whichever intent Lex recognises next (a ticket offered after a tip, a
    /// person offered after misses): the question is remembered so that intent knows what "yes" answers.
    /// </summary>
    public LexResponse Ask(string? question, Speech speech)
    {
        Memory.StartTask(null);
        Memory.Awaiting = question;
        return Reply(new LexDialogAction { Type = LexValues.ElicitIntent }, null, speech);
    }

    /// <summary>The last question again, as it was asked ("say that again").</summary>
    public LexResponse Repeat(Speech fallback)
    {
        var speech = Memory.LastPrompt is { } last ? Speech.FromSsml(last) : fallback;
        return Memory.Awaiting switch
        {
            DialogueMemory.Questions.Confirm => ConfirmIntent(speech),
            null or DialogueMemory.Questions.TicketOffer or DialogueMemory.Questions.PersonOffer => Ask(Memory.Awaiting, speech),
            var slot => ElicitSlot(slot, speech),
        };
    }

    public LexResponse Close(string state, Speech? speech)
    {
        Memory.StartTask(null);
        Intent.State = state;
        // After hours the flow tells a caller who closes without the Goodbye intent that "the team will pick this up":
        // true only when this call logged something, so any other close is a goodbye.
        if (IsAfterHours && Memory.TicketsCreated == 0)
        {
            Intent = new LexIntent { Name = BotContract.Goodbye, Slots = [], State = state, ConfirmationState = LexValues.None };
        }

        return Reply(new LexDialogAction { Type = LexValues.Close }, Intent, speech);
    }

    /// <summary>The caller is done: the flow says goodbye on the Goodbye intent, whatever intent was in hand.</summary>
    public LexResponse Goodbye(Speech? speech)
    {
        Intent = new LexIntent { Name = BotContract.Goodbye, Slots = [], State = LexValues.InProgress, ConfirmationState = LexValues.None };
        return Close(LexValues.Fulfilled, speech);
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

    private LexResponse Reply(LexDialogAction action, LexIntent? intent, Speech? speech)
    {
        var spoken = speech is null ? null : (LeadIn?.Then(speech) ?? speech).ToSsml();
        if (spoken is not null)
        {
            Memory.LastPrompt = spoken;
        }

        Memory.CountTurn(IntentName, Now, callerTurn: !IsFulfillment);
        Memory.WriteTo(_attributes);
        return new LexResponse
        {
            SessionState = new LexSessionState
            {
                ActiveContexts = Event.SessionState?.ActiveContexts,
                SessionAttributes = _attributes,
                DialogAction = action,
                Intent = intent,
            },
            Messages = spoken is null ? null : [new LexMessage { ContentType = LexValues.Ssml, Content = spoken }],
        };
    }

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
