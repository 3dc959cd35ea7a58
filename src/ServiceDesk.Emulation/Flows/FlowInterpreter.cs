using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServiceDesk.Wire.Connect;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Emulation.Lex;

namespace ServiceDesk.Emulation.Flows;

/// <summary>How a call ended.</summary>
public enum CallOutcome
{
    Transferred,
    Callback,
    Goodbye,
    HungUp,
}

/// <summary>The caller's side of the line: what they hear, and what they say or press.</summary>
public interface ICallChannel
{
    Task SayAsync(string message, CancellationToken cancellationToken);

    /// <summary>The caller's next words or keys; null when they hang up.</summary>
    Task<CallerInput?> ListenAsync(bool keypadOnly, CancellationToken cancellationToken);
}

/// <summary>What a flow's references resolve to: our functions and our bot.</summary>
public sealed record FlowBindings(
    Func<string, (string Name, ILambdaFunction Function)?> Lambda,
    Func<string, (BotDefinition Bot, ILambdaFunction CodeHook)?> Bot);

/// <summary>The contact as the flow sees it.</summary>
public sealed class FlowContact(string contactId, string? customerNumber)
{
    public string ContactId { get; } = contactId;
    public string? CustomerNumber { get; } = customerNumber;
    public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> External { get; private set; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> LexSessionAttributes { get; private set; } = new(StringComparer.Ordinal);
    public string? LexIntent { get; private set; }
    public string? StoredInput { get; set; }
    public string? TargetQueue { get; set; }
    public string? CallbackNumber { get; set; }
    public bool CallbackCreated { get; set; }

    /// <summary>The flow Connect runs when the caller hangs up (the <c>CustomerRemaining</c> event hook), as the flow set it.</summary>
    public string? DisconnectFlow { get; set; }

    internal void SetExternal(Dictionary<string, string> values) => External = values;

    internal void SetLex(string? intent, IReadOnlyDictionary<string, string> attributes)
    {
        LexIntent = intent;
        LexSessionAttributes = new Dictionary<string, string>(attributes, StringComparer.Ordinal);
    }

    /// <summary>Resolves one <c>$.</c> reference the way Connect does; a literal stays as it is.</summary>
    public string Resolve(string value)
    {
        if (!value.StartsWith("$.", StringComparison.Ordinal))
        {
            return value;
        }

        var path = value[2..];
        return path switch
        {
            "StoredCustomerInput" => StoredInput ?? string.Empty,
            "CustomerEndpoint.Address" => CustomerNumber ?? string.Empty,
            "ContactId" or "InitialContactId" => ContactId,
            "Channel" => "VOICE",
            "Lex.IntentName" => LexIntent ?? string.Empty,
            _ when path.StartsWith("External.", StringComparison.Ordinal) => External.GetValueOrDefault(path[9..], string.Empty),
            _ when path.StartsWith("Attributes.", StringComparison.Ordinal) => Attributes.GetValueOrDefault(path[11..], string.Empty),
            _ when path.StartsWith("Lex.SessionAttributes.", StringComparison.Ordinal) => LexSessionAttributes.GetValueOrDefault(path[22..], string.Empty),
            _ => string.Empty,
        };
    }

    /// <summary>Prompts may embed references ("the wait is about $.External.minutes minutes").</summary>
    public string Interpolate(string text) => Regex.Replace(text, @"\$\.[A-Za-z]+(\.[A-Za-z0-9_]+)*", m => Resolve(m.Value));
}

/// <summary>
/// Runs a contact flow block by block for the block types our flows use, with Lambdas and the bot invoked in-process
/// through their real JSON. Any other block type stops the call with a message naming it, its identifier and the file.
/// </summary>
public sealed class FlowInterpreter(FlowDocument flow, FlowBindings bindings, ICallChannel caller, TimeProvider time, Action<HandlerCall>? observe = null)
{
    private const int MaxSteps = 500;

    /// <summary>Whether the hours-of-operation check answers open.</summary>
    public bool InHours { get; init; } = true;

    /// <summary>Told what the bot made of each caller turn it heard (the intent it settled on, a masked slot).</summary>
    public Action<BotReply>? Recognised { get; init; }

    public async Task<CallOutcome> RunAsync(FlowContact contact, CancellationToken cancellationToken)
    {
        string current = flow.StartAction;
        string? from = null;
        for (var step = 0; step < MaxSteps; step++)
        {
            var action = flow.Find(current) ?? throw (from is null
                ? new FlowException(flow.File, "StartAction", $"'{current}' is not an action of this flow")
                : new FlowException(flow.File, from, $"transition to '{current}', which is not an action of this flow"));
            from = action.Identifier;
            var next = await StepAsync(action, contact, cancellationToken);
            switch (next)
            {
                case Next.End end:
                    return end.Outcome;
                case Next.Go go when go.Target is null:
                    throw new FlowException(flow.File, action.Identifier, $"{action.Type} has no transition for this outcome (dead end)");
                case Next.Go { Target: { } target }:
                    current = target;
                    break;
            }
        }

        throw new FlowException(flow.File, current, $"more than {MaxSteps} blocks: the flow loops");
    }

    private abstract record Next
    {
        public sealed record Go(string? Target) : Next;

        public sealed record End(CallOutcome Outcome) : Next;
    }

    private async Task<Next> StepAsync(FlowAction action, FlowContact contact, CancellationToken ct)
    {
        switch (action.Type)
        {
            case "UpdateContactEventHooks":
                if (action.Map("EventHooks").TryGetValue("CustomerRemaining", out var disconnectFlow))
                {
                    contact.DisconnectFlow = disconnectFlow;
                }

                return new Next.Go(action.NextAction);
            case "UpdateFlowLoggingBehavior" or "UpdateContactTextToSpeechVoice" or "UpdateContactRecordingBehavior" or "UpdateContactRoutingBehavior":
                return new Next.Go(action.NextAction);
            case "MessageParticipant":
                await SayAsync(action, contact, ct);
                return new Next.Go(action.NextAction);
            case "UpdateContactAttributes":
                foreach (var (key, value) in action.Map("Attributes"))
                {
                    contact.Attributes[key] = contact.Resolve(value);
                }

                return new Next.Go(action.NextAction);
            case "InvokeLambdaFunction":
                return await InvokeLambdaAsync(action, contact, ct);
            case "CheckHoursOfOperation":
                return Branch(action, InHours ? "True" : "False");
            case "Compare":
                return Branch(action, contact.Resolve(action.Param("ComparisonValue") ?? string.Empty));
            case "GetParticipantInput":
                return await GetInputAsync(action, contact, ct);
            case "ConnectParticipantWithLexBot":
                return await TalkToBotAsync(action, contact, ct);
            case "UpdateContactTargetQueue":
                contact.TargetQueue = contact.Resolve(action.Param("QueueId") ?? action.Param("AgentId") ?? string.Empty);
                return new Next.Go(action.NextAction);
            case "TransferContactToQueue":
                return contact.TargetQueue is { Length: > 0 } ? new Next.End(CallOutcome.Transferred) : new Next.Go(action.ErrorTarget("NoMatchingError"));
            case "UpdateContactCallbackNumber":
                var number = contact.Resolve(action.Param("CallbackNumber") ?? string.Empty);
                if (!Regex.IsMatch(number, @"^\+[1-9][0-9]{6,14}$"))
                {
                    return new Next.Go(action.ErrorTarget("InvalidCallbackNumber") ?? action.ErrorTarget("NoMatchingError"));
                }

                contact.CallbackNumber = number;
                return new Next.Go(action.NextAction);
            case "CreateCallbackContact":
                contact.CallbackCreated = true;
                return new Next.Go(action.NextAction);
            case "DisconnectParticipant" or "EndFlowExecution":
                return new Next.End(contact.CallbackCreated ? CallOutcome.Callback : CallOutcome.Goodbye);
            default:
                throw new FlowException(flow.File, action.Identifier, $"block type {action.Type} is not supported by the local call");
        }
    }

    private async Task SayAsync(FlowAction action, FlowContact contact, CancellationToken ct)
    {
        if ((action.Param("SSML") ?? action.Param("Text")) is { } message)
        {
            await caller.SayAsync(contact.Interpolate(message), ct);
        }
    }

    private static Next Branch(FlowAction action, string value) =>
        new Next.Go(action.Conditions.FirstOrDefault(c => Matches(c, value))?.NextAction ?? action.ErrorTarget("NoMatchingCondition") ?? action.NextAction);

    private static bool Matches(FlowCondition condition, string value)
    {
        var operand = condition.Operands.Count > 0 ? condition.Operands[0] : string.Empty;
        return condition.Operator switch
        {
            "Equals" => string.Equals(value, operand, StringComparison.Ordinal),
            "TextContains" => value.Contains(operand, StringComparison.OrdinalIgnoreCase),
            "TextStartsWith" => value.StartsWith(operand, StringComparison.OrdinalIgnoreCase),
            "TextEndsWith" => value.EndsWith(operand, StringComparison.OrdinalIgnoreCase),
            _ => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && double.TryParse(operand, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && condition.Operator switch
            {
                "NumberGreaterThan" => a > b,
                "NumberGreaterOrEqualTo" => a >= b,
                "NumberLessThan" => a < b,
                "NumberLessOrEqualTo" => a <= b,
                _ => false,
            },
        };
    }

    private async Task<Next> GetInputAsync(FlowAction action, FlowContact contact, CancellationToken ct)
    {
        await SayAsync(action, contact, ct);
        var input = await caller.ListenAsync(keypadOnly: true, ct);
        if (input is null)
        {
            return new Next.End(CallOutcome.HungUp);
        }

        var digits = input.Text.Trim();
        if (digits.Length == 0)
        {
            return new Next.Go(action.ErrorTarget("InputTimeLimitExceeded") ?? action.ErrorTarget("NoMatchingError"));
        }

        if (string.Equals(action.Param("StoreInput"), "True", StringComparison.OrdinalIgnoreCase))
        {
            contact.StoredInput = digits;
        }

        return action.Conditions.Count == 0 ? new Next.Go(action.NextAction) : Branch(action, digits);
    }

    private async Task<Next> InvokeLambdaAsync(FlowAction action, FlowContact contact, CancellationToken ct)
    {
        var arn = action.Param("LambdaFunctionARN") ?? string.Empty;
        if (bindings.Lambda(arn) is not { } target)
        {
            throw new FlowException(flow.File, action.Identifier, $"no local function for {arn}");
        }

        var seconds = int.TryParse(action.Param("InvocationTimeLimitSeconds"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? Math.Clamp(s, 1, 8) : 8;
        var request = new ConnectEvent
        {
            Name = "ContactFlowEvent",
            Details = new ConnectDetails
            {
                ContactData = new ConnectContactData
                {
                    Attributes = new Dictionary<string, string>(contact.Attributes, StringComparer.Ordinal),
                    Channel = "VOICE",
                    ContactId = contact.ContactId,
                    InitialContactId = contact.ContactId,
                    PreviousContactId = contact.ContactId,
                    CustomerEndpoint = contact.CustomerNumber is null ? null : new ConnectEndpoint { Address = contact.CustomerNumber, Type = "TELEPHONE_NUMBER" },
                    SystemEndpoint = new ConnectEndpoint { Address = "+18005550199", Type = "TELEPHONE_NUMBER" },
                    InitiationMethod = "INBOUND",
                    InstanceArn = "arn:aws:connect:local:000000000000:instance/local",
                    LanguageCode = "en-US",
                },
                Parameters = action.Map("LambdaInvocationAttributes").ToDictionary(p => p.Key, p => contact.Resolve(p.Value)),
            },
        };

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var started = Stopwatch.GetTimestamp();
        Dictionary<string, string>? returned = null;
        try
        {
            // The block's time limit holds even for a handler that ignores its token: Connect stops waiting.
            var output = await target.Function.InvokeAsync(
                JsonSerializer.SerializeToUtf8Bytes(request, ConnectJsonContext.Default.ConnectEvent),
                new LambdaInvocation(contact.ContactId + "-" + action.Identifier, time.GetUtcNow().AddSeconds(seconds)),
                limit.Token).WaitAsync(TimeSpan.FromSeconds(seconds), time, ct);
            returned = ReadStringMap(output);
            contact.SetExternal(returned);
            return new Next.Go(action.NextAction);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or JsonException or InvalidDataException && !ct.IsCancellationRequested)
        {
            // Connect takes the error branch on a timeout or on a response that is not a flat string map.
            await limit.CancelAsync();
            return new Next.Go(action.ErrorTarget("NoMatchingError"));
        }
        finally
        {
            observe?.Invoke(HandlerCall.Connect(target.Name, action.Identifier, request.Details?.Parameters, returned, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }
    }

    private static Dictionary<string, string> ReadStringMap(byte[] output)
    {
        using var doc = JsonDocument.Parse(output);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || doc.RootElement.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String) || output.Length >= ConnectResponse.MaxBytes)
        {
            throw new InvalidDataException("not a flat string map under 32 KB");
        }

        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    private async Task<Next> TalkToBotAsync(FlowAction action, FlowContact contact, CancellationToken ct)
    {
        var alias = action.Child("LexV2Bot") is { ValueKind: JsonValueKind.Object } v2 && v2.TryGetProperty("AliasArn", out var a) ? a.GetString() ?? string.Empty : string.Empty;
        if (bindings.Bot(alias) is not { } target)
        {
            throw new FlowException(flow.File, action.Identifier, $"no local bot for {alias}");
        }

        var attributes = action.Map("LexSessionAttributes").ToDictionary(p => p.Key, p => contact.Resolve(p.Value), StringComparer.Ordinal);
        var session = new LexSession(target.Bot, target.CodeHook, contact.ContactId, attributes, time, observe);
        await SayAsync(action, contact, ct);
        while (true)
        {
            var input = await caller.ListenAsync(keypadOnly: false, ct);
            if (input is null)
            {
                return new Next.End(CallOutcome.HungUp);
            }

            BotReply reply;
            try
            {
                reply = await session.HearAsync(input, ct);
                Recognised?.Invoke(reply);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or JsonException && !ct.IsCancellationRequested)
            {
                return new Next.Go(action.ErrorTarget("NoMatchingError"));
            }

            foreach (var message in reply.Messages)
            {
                await caller.SayAsync(message, ct);
            }

            if (reply.Ended)
            {
                contact.SetLex(reply.Intent, reply.SessionAttributes);
                return new Next.Go(action.Conditions.FirstOrDefault(c => Matches(c, reply.Intent ?? string.Empty))?.NextAction ?? action.NextAction);
            }
        }
    }
}
