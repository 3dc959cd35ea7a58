using System.Diagnostics;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Lex;

namespace ServiceDesk.Emulation.Lex;

/// <summary>What the caller said: speech (with recognition alternatives) or keypad digits.</summary>
public sealed record CallerInput(string Text, bool Dtmf = false, IReadOnlyList<string>? Alternatives = null);

/// <summary>
/// One call of one of our Lambda functions, for the transcript: a Lex code hook (its intent and slots) or a flow's
/// Connect invocation (the parameters the block passed, and the attributes it returned, if it returned in time).
/// </summary>
public sealed record HandlerCall(
    string Function,
    string Source,
    string? Intent,
    IReadOnlyDictionary<string, string?>? Slots,
    double Milliseconds,
    IReadOnlyDictionary<string, string>? Parameters = null,
    IReadOnlyDictionary<string, string>? Returned = null)
{
    public static HandlerCall Lex(string source, string? intent, IReadOnlyDictionary<string, string?> slots, double milliseconds) =>
        new("LexFulfillment", source, intent, slots, milliseconds);

    public static HandlerCall Connect(string function, string block, IReadOnlyDictionary<string, string>? parameters, IReadOnlyDictionary<string, string>? returned, double milliseconds) =>
        new(function, block, null, null, milliseconds, parameters ?? new Dictionary<string, string>(), returned);
}

/// <summary>
/// What the bot did with one caller turn. <see cref="ObfuscatedSlot"/> names the slot the turn answered when Lex masks it
/// in conversation logs: the local logs (the transcript) write <c>{Slot}</c> instead of the words, as Lex does.
/// </summary>
public sealed record BotReply(IReadOnlyList<string> Messages, bool Ended, string? Intent, IReadOnlyDictionary<string, string> SessionAttributes, string? ObfuscatedSlot = null);

/// <summary>
/// One Lex V2 conversation, emulated: recognises intents and fills slots from the bot export, and drives the dialog
/// and fulfilment code hooks with the real event JSON, applying their responses as Lex would.
/// </summary>
public sealed class LexSession(BotDefinition bot, ILambdaFunction codeHook, string sessionId, IDictionary<string, string> sessionAttributes, TimeProvider time, Action<HandlerCall>? observe = null)
{
    /// <summary>Lex waits 30 s for a code hook.</summary>
    public static readonly TimeSpan HookTimeout = TimeSpan.FromSeconds(30);

    private readonly IntentRecognizer _recognizer = IntentRecognizer.For(bot);
    private readonly Dictionary<string, string> _attributes = new(sessionAttributes, StringComparer.Ordinal);
    private LexIntent? _intent;
    private LexDialogAction? _dialogAction;
    private int _turn;

    // Lex counts the answers that fail a slot it elicited itself; past the slot's maxRetries it gives up on the intent.
    private bool _lexElicits;
    private string? _missedSlot;
    private int _misses;

    public async Task<BotReply> HearAsync(CallerInput input, CancellationToken cancellationToken)
    {
        // What the words answer is known before they are heard: the slot the last turn elicited.
        var answering = Obfuscated(_intent?.Name, _dialogAction);
        return await HearCoreAsync(input, cancellationToken) with { ObfuscatedSlot = answering };
    }

    private string? Obfuscated(string? intent, LexDialogAction? action) =>
        action?.Type == LexValues.ElicitSlot && intent is not null && bot.Intent(intent)?.Slots.FirstOrDefault(s => s.Name == action.SlotToElicit) is { Obfuscated: true } slot
            ? slot.Name
            : null;

    private async Task<BotReply> HearCoreAsync(CallerInput input, CancellationToken cancellationToken)
    {
        _turn++;
        var messages = new List<string>();
        List<LexInterpretation> interpretations;
        if (_intent is not null && bot.Intent(_intent.Name!) is { } active && _dialogAction?.Type is LexValues.ElicitSlot or LexValues.ConfirmIntent
            && !SwitchesIntent(input, active))
        {
            if (_dialogAction.Type == LexValues.ElicitSlot && active.Slots.FirstOrDefault(s => s.Name == _dialogAction.SlotToElicit) is { } slot)
            {
                var value = SlotResolver.Resolve(input.Text, slot, bot)
                    ?? input.Alternatives?.Select(a => SlotResolver.Resolve(a, slot, bot)).FirstOrDefault(v => v is not null);
                (_intent.Slots ??= [])[slot.Name] = value is { } v ? Slot(v.Original, v.Interpreted) : null;
                _misses = value is null && _lexElicits ? _misses + 1 : 0;
                if (_misses > slot.MaxRetries && bot.Fallback is { } fallback)
                {
                    _intent = new LexIntent { Name = fallback.Name, Slots = [], State = LexValues.InProgress, ConfirmationState = LexValues.None };
                    (_dialogAction, _lexElicits, _missedSlot, _misses) = (null, false, null, 0);
                }
            }
            else if (_dialogAction.Type == LexValues.ConfirmIntent)
            {
                var answer = SlotResolver.Resolve(input.Text, new SlotDefinition("confirmation", "AMAZON.Confirmation", true, null, 0), bot);
                _intent.ConfirmationState = answer?.Interpreted switch { "Yes" => LexValues.Confirmed, "No" => LexValues.Denied, _ => LexValues.None };
            }

            interpretations = [new LexInterpretation { Intent = _intent, NluConfidence = bot.Intent(_intent.Name!)!.IsFallback ? null : 1.0, InterpretationSource = "Lex" }, .. Others(input.Text, _intent.Name)];
        }
        else
        {
            var matches = _recognizer.Recognize(input.Text);
            var best = matches[0];
            _intent = NewIntent(best, input.Text);
            (_missedSlot, _misses) = (null, 0);
            interpretations = [.. matches.Take(5).Select(m => ReferenceEquals(m, best)
                ? new LexInterpretation { Intent = _intent, NluConfidence = m.Intent.IsFallback ? null : m.Confidence, InterpretationSource = "Lex" }
                : new LexInterpretation { Intent = new LexIntent { Name = m.Intent.Name, Slots = [], ConfirmationState = LexValues.None, State = LexValues.InProgress }, NluConfidence = m.Intent.IsFallback ? null : m.Confidence, InterpretationSource = "Lex" })];
        }

        var definition = bot.Intent(_intent.Name!)!;
        var response = definition.DialogHook
            ? await InvokeAsync(LexValues.DialogCodeHook, input, interpretations, cancellationToken)
            : null;
        for (var step = 0; step < 6; step++)
        {
            var action = response?.SessionState?.DialogAction?.Type ?? LexValues.Delegate;
            if (response is not null)
            {
                Apply(response, messages);
            }

            switch (action)
            {
                case LexValues.Close:
                    _dialogAction = null;
                    return new BotReply(messages, true, response?.SessionState?.Intent?.Name ?? _intent?.Name, _attributes);
                case LexValues.ElicitIntent:
                    var handled = response!.SessionState!.Intent?.Name ?? _intent?.Name;
                    (_intent, _dialogAction) = (null, response.SessionState.DialogAction);
                    return new BotReply(messages, false, handled, _attributes);
                case LexValues.ElicitSlot or LexValues.ConfirmIntent:
                    _intent = response!.SessionState!.Intent ?? _intent;
                    _dialogAction = response.SessionState.DialogAction;
                    var lexPrompts = messages.Count == 0 && action == LexValues.ElicitSlot && definition.Slots.FirstOrDefault(s => s.Name == _dialogAction!.SlotToElicit)?.Prompt is not null;
                    if (lexPrompts)
                    {
                        messages.Add(definition.Slots.First(s => s.Name == _dialogAction!.SlotToElicit).Prompt!);
                    }

                    Eliciting(lexPrompts ? _dialogAction!.SlotToElicit : null);
                    return Reply(messages);
            }

            // Delegate: Lex elicits the next required slot with the bot's own prompt, then fulfils.
            _intent = response?.SessionState?.Intent ?? _intent!;
            if (definition.Slots.FirstOrDefault(s => s.Required && (_intent.Slots?.GetValueOrDefault(s.Name) is null)) is { } missing)
            {
                _dialogAction = new LexDialogAction { Type = LexValues.ElicitSlot, SlotToElicit = missing.Name };
                messages.Add(missing.Prompt ?? $"What is the {missing.Name}?");
                Eliciting(missing.Name);
                return Reply(messages);
            }

            if (!definition.FulfillmentHook || response?.SessionState?.Intent?.State is LexValues.Fulfilled or LexValues.Failed || step > 0)
            {
                _dialogAction = null;
                return new BotReply(messages, true, _intent.Name, _attributes);
            }

            _intent.State = LexValues.ReadyForFulfillment;
            response = await InvokeAsync(LexValues.FulfillmentCodeHook, input, [new LexInterpretation { Intent = _intent, NluConfidence = 1.0, InterpretationSource = "Lex" }], cancellationToken);
        }

        return Reply(messages);
    }

    /// <summary>
    /// Lex leaves a slot or confirmation prompt when the answer does not fit it but clearly asks for another intent
    /// ("I need a person" while a ticket number is expected).
    /// </summary>
    private bool SwitchesIntent(CallerInput input, IntentDefinition active)
    {
        // A command ("say that again", "forget it") goes to the slot's code hook, which answers it at any prompt.
        if (input.Dtmf || Core.Voice.CallerLexicon.Command(input.Text) is not null)
        {
            return false;
        }

        var fits = _dialogAction?.Type == LexValues.ElicitSlot
            ? active.Slots.FirstOrDefault(s => s.Name == _dialogAction.SlotToElicit) is { } slot && slot.TypeName != "AMAZON.FreeFormInput" && SlotResolver.Resolve(input.Text, slot, bot) is not null
            : SlotResolver.Resolve(input.Text, new SlotDefinition("confirmation", "AMAZON.Confirmation", true, null, 0), bot) is not null;
        var free = _dialogAction?.Type == LexValues.ElicitSlot && active.Slots.FirstOrDefault(s => s.Name == _dialogAction.SlotToElicit)?.TypeName == "AMAZON.FreeFormInput";
        if (fits || free)
        {
            return false;
        }

        var best = _recognizer.Recognize(input.Text)[0];
        return !best.Intent.IsFallback && best.Intent.Name != active.Name && best.Confidence >= SwitchConfidence;
    }

    /// <summary>Lex leaves a question only for an answer that clearly asks for something else.</summary>
    private const double SwitchConfidence = 0.8;

    /// <summary>Notes who asked for the slot: Lex (its own prompt, so its retry count applies) or the hook (null).</summary>
    private void Eliciting(string? slotLexPromptsFor)
    {
        _lexElicits = slotLexPromptsFor is not null;
        if (slotLexPromptsFor != _missedSlot)
        {
            (_missedSlot, _misses) = (slotLexPromptsFor, 0);
        }
    }

    private BotReply Reply(List<string> messages) => new(messages, false, _intent?.Name, _attributes);

    private IEnumerable<LexInterpretation> Others(string text, string? except) =>
        _recognizer.Recognize(text).Where(m => m.Intent.Name != except).Take(4)
            .Select(m => new LexInterpretation { Intent = new LexIntent { Name = m.Intent.Name, Slots = [], State = LexValues.InProgress, ConfirmationState = LexValues.None }, NluConfidence = m.Intent.IsFallback ? null : m.Confidence, InterpretationSource = "Lex" });

    private LexIntent NewIntent(IntentMatch match, string text)
    {
        var slots = new Dictionary<string, LexSlot?>(StringComparer.Ordinal);
        foreach (var slot in match.Intent.Slots)
        {
            // Only slots some sample of the intent names are filled from the first utterance, as Lex's slot spans are.
            var named = match.Intent.Utterances.Any(u => u.Contains("{" + slot.Name + "}", StringComparison.Ordinal)) && slot.TypeName != "AMAZON.FreeFormInput";
            slots[slot.Name] = named && SlotResolver.Resolve(text, slot, bot) is { } v ? Slot(v.Original, v.Interpreted) : null;
        }

        return new LexIntent { Name = match.Intent.Name, Slots = slots, State = LexValues.InProgress, ConfirmationState = LexValues.None };
    }

    private async Task<LexResponse?> InvokeAsync(string source, CallerInput input, List<LexInterpretation> interpretations, CancellationToken cancellationToken)
    {
        var lexEvent = new LexEvent
        {
            MessageVersion = "1.0",
            InvocationSource = source,
            InputMode = input.Dtmf ? LexValues.Dtmf : LexValues.Speech,
            ResponseContentType = "audio/pcm",
            SessionId = sessionId,
            InputTranscript = input.Text,
            Bot = new LexBot { Id = "LOCALBOT00", Name = bot.Name, AliasId = "TSTALIASID", AliasName = "TestBotAlias", LocaleId = bot.LocaleId, Version = "DRAFT" },
            Interpretations = interpretations,
            SessionState = new LexSessionState
            {
                SessionAttributes = new Dictionary<string, string>(_attributes, StringComparer.Ordinal),
                Intent = _intent,
                ActiveContexts = [],
                OriginatingRequestId = $"{sessionId}-{_turn}",
            },
            Transcriptions = input.Dtmf ? null : [.. new[] { input.Text }.Concat(input.Alternatives ?? []).Select((t, i) => new LexTranscription
            {
                Transcription = t,
                TranscriptionConfidence = Math.Round(0.9 - (0.15 * i), 2),
                ResolvedContext = new LexResolvedContext { Intent = _intent?.Name },
            })],
        };

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        byte[] output;
        try
        {
            // Lex stops waiting at the limit whether or not the hook honours its token.
            output = await codeHook.InvokeAsync(LexJson.Write(lexEvent), new LambdaInvocation($"{sessionId}-{_turn}-{source}", time.GetUtcNow() + HookTimeout), limit.Token)
                .WaitAsync(HookTimeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            await limit.CancelAsync();
            throw;
        }
        finally
        {
            var secret = _intent?.Name is { } name ? bot.Intent(name)?.Slots.Where(s => s.Obfuscated).Select(s => s.Name).ToHashSet() : null;
            observe?.Invoke(HandlerCall.Lex(source, _intent?.Name,
                _intent?.Slots?.ToDictionary(s => s.Key, s => s.Value?.Value?.InterpretedValue is { } v && secret?.Contains(s.Key) == true ? $"{{{s.Key}}}" : s.Value?.Value?.InterpretedValue) ?? [],
                Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }

        return LexJson.ReadResponse(output);
    }

    private void Apply(LexResponse response, List<string> messages)
    {
        // Lex keeps exactly the session attributes the hook returns.
        if (response.SessionState?.SessionAttributes is { } attributes)
        {
            _attributes.Clear();
            foreach (var (key, value) in attributes)
            {
                _attributes[key] = value;
            }
        }

        messages.AddRange((response.Messages ?? []).Select(m => m.Content).OfType<string>());
    }

    private static LexSlot Slot(string original, string interpreted) => new()
    {
        Shape = LexValues.Scalar,
        Value = new LexSlotValue { OriginalValue = original, InterpretedValue = interpreted, ResolvedValues = [interpreted] },
    };
}
