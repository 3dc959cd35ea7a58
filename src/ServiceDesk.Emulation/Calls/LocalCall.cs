using ServiceDesk.Wire.Hosting;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions;
using ServiceDesk.Local;
using ServiceDesk.Emulation.Flows;
using ServiceDesk.Emulation.Lex;

namespace ServiceDesk.Emulation.Calls;

/// <summary>How to place a local call.</summary>
public sealed record CallOptions
{
    /// <summary>The number the caller rings from (E.164), or null for a withheld number.</summary>
    public string? From { get; init; } = "+14155550100";
    public bool AfterHours { get; init; }
    public bool BackendDown { get; init; }
    public QueueState Queue { get; init; } = QueueState.Free;
    /// <summary>When set, speech recognition mishears the caller (seeded, so a run repeats exactly).</summary>
    public int? AsrNoiseSeed { get; init; }
    public string FlowPath { get; init; } = LocalFiles.Find("contact-flows", "ServiceDesk-Inbound.json");
    public string BotFolder { get; init; } = LocalFiles.Find("lex-bots", "ServiceDeskBot");

    /// <summary>
    /// What a caller number option or script line means: a number normalised to E.164 (as Connect presents it), or
    /// null for <c>withheld</c> (anonymous, private, empty); false for anything that is neither.
    /// </summary>
    public static bool TryCallerNumber(string? raw, out string? e164)
    {
        e164 = null;
        switch (Core.Callers.PhoneNumber.TryNormalize(raw, out var number))
        {
            case Core.Callers.PhoneNumberKind.Valid:
                e164 = number.E164;
                return true;
            case Core.Callers.PhoneNumberKind.Withheld:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Tickets that exist before the call, in order (the first is INC0000001 on a fresh store).</summary>
    public IReadOnlyList<GivenTicket> Given { get; init; } = [];

    /// <summary>The day of the call (it starts at 09:30 UTC that day); the machine's clock when null.</summary>
    public DateOnly? Today { get; init; }

    /// <summary>Bookings and cancellations answered as if done, nothing sent (CONFIRM/CANCEL_SCHEDULE_FLAG = 0).</summary>
    public bool TestMode { get; init; }

    /// <summary>How the in-process scheduler behaves during the call.</summary>
    public SchedulerState Scheduler { get; init; } = SchedulerState.Up;

    /// <summary>What the local composition for this call runs on: its clock and the visits' test mode.</summary>
    public LocalOptions Local(LocalOptions baseline) => baseline with
    {
        Time = Today is { } day ? new CallClock(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero)) : baseline.Time,
        VisitFlags = TestMode ? Core.Visits.VisitFlags.TestMode : baseline.VisitFlags,
    };
}

/// <summary>A ticket that exists before the call, optionally with a technician visit booked (and the technician on the way).</summary>
public sealed record GivenTicket(string CallerId, string Description, DateTime? Visit = null, bool EnRoute = false);

/// <summary>The in-process scheduler during a call: up; down; the slot the caller picks taken before they confirm; the booking's request id expired once.</summary>
public enum SchedulerState
{
    Up,
    Down,
    Taken,
    Expired,
}

/// <summary>A clock that starts at a chosen moment and runs at the real pace from there (a script's <c>today:</c>).</summary>
public sealed class CallClock(DateTimeOffset start) : TimeProvider
{
    private readonly long _started = global::System.Diagnostics.Stopwatch.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => start + global::System.Diagnostics.Stopwatch.GetElapsedTime(_started);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}

/// <summary>One line of the call, as the transcript records it; a caller's line the bot heard carries its intent.</summary>
public sealed record CallLine(string Speaker, string Text, bool Keypad = false, string? Intent = null);

public sealed record CallResult(
    CallOutcome Outcome,
    IReadOnlyList<CallLine> Lines,
    IReadOnlyList<HandlerCall> HandlerCalls,
    IReadOnlyList<(Ticket Ticket, string Change)> Tickets,
    IReadOnlyDictionary<string, string> ContactAttributes)
{
    /// <summary>The contact the call was (its call summary's key).</summary>
    public string ContactId { get; init; } = string.Empty;

    /// <summary>What the in-process scheduler did during the call (null against another scheduler).</summary>
    public VisitTally? Visits { get; init; }
}

/// <summary>Visits booked (or moved) and cancelled during a call, and the last one booked.</summary>
public sealed record VisitTally(int Booked, int Cancelled, DateTime? LastBooked);

/// <summary>
/// A phone call to the service desk on this machine: the inbound contact flow run block by block, the Lex bot
/// emulated from its export, and our Lambda handlers invoked in-process with the JSON Connect and Lex would send.
/// </summary>
public static class LocalCall
{
    public static async Task<CallResult> RunAsync(LocalComposition local, CallOptions options, ICallChannel channel, CancellationToken cancellationToken)
    {
        var flow = FlowDocument.Load(options.FlowPath);
        // The interpreter only meets the branches a call takes; a broken one elsewhere must stop the call before it starts.
        if (FlowStructure.Problems(flow).FirstOrDefault() is { } finding)
        {
            throw new FlowException(finding.File, finding.Location, finding.Message);
        }

        var bot = LoadBot(options.BotFolder);
        CheckFlowAgainstBot(flow, bot);

        var functions = FunctionCatalog.Names.ToDictionary(n => n, n => { FunctionCatalog.TryCreate(n, local.Services, out var f); return f!; }, StringComparer.Ordinal);
        var bindings = new FlowBindings(
            arn => functions.FirstOrDefault(f => arn.Contains(f.Key, StringComparison.Ordinal)) is { Value: { } fn } match ? (match.Key, fn) : null,
            _ => functions.TryGetValue(FunctionCatalog.LexFulfillment, out var hook) ? (bot, hook) : null);

        var recorder = new RecordingChannel(options.AsrNoiseSeed is { } seed ? new NoisyChannel(channel, seed) : channel);
        var calls = new List<HandlerCall>();
        foreach (var given in options.Given)
        {
            var ticket = await local.Services.Tickets.CreateAsync(new NewTicket(given.CallerId, given.Description), cancellationToken);
            if (given.Visit is { } visit && ticket.IsOk)
            {
                local.Scheduler?.GiveVisit(given.CallerId, ticket.Value.Number, visit, given.EnRoute);
            }
        }

        var scheduler = local.Scheduler;
        var (bookedBefore, cancelledBefore) = (scheduler?.Booked ?? 0, scheduler?.Cancelled ?? 0);
        if (scheduler is not null)
        {
            scheduler.Down = options.Scheduler == SchedulerState.Down;
            if (options.Scheduler == SchedulerState.Taken)
            {
                scheduler.TakeNextBooking();
            }
            else if (options.Scheduler == SchedulerState.Expired)
            {
                scheduler.ExpireNextRequestId();
            }
        }

        local.Tickets.Forget();
        local.Tickets.Down = options.BackendDown;
        local.ContactCenter.SetQueue(options.Queue);
        var contact = new FlowContact("local-" + Guid.NewGuid().ToString("N")[..12], options.From);
        var interpreter = new FlowInterpreter(flow, bindings, recorder, local.Services.Time, calls.Add) { InHours = !options.AfterHours, Recognised = recorder.Recognised };
        var outcome = await interpreter.RunAsync(contact, cancellationToken);
        if (outcome == CallOutcome.HungUp && contact.DisconnectFlow is { } hook)
        {
            // Connect runs the disconnect flow when the caller hangs up; the caller hears none of it.
            var disconnect = FlowDocument.Load(DisconnectFlowFile(options.FlowPath, hook));
            await new FlowInterpreter(disconnect, bindings, new SilentLine(), local.Services.Time, calls.Add).RunAsync(contact, cancellationToken);
        }

        return new CallResult(outcome, recorder.Lines, calls, local.Tickets.Touched, contact.Attributes)
        {
            ContactId = contact.ContactId,
            Visits = scheduler is null ? null : new VisitTally(scheduler.Booked - bookedBefore, scheduler.Cancelled - cancelledBefore, scheduler.LastBooked),
        };
    }

    /// <summary>A hook names its flow by the placeholder deploy.sh fills (<c>${DisconnectFlowArn}</c>): here, <c>ServiceDesk-Disconnect.json</c> beside the inbound flow.</summary>
    private static string DisconnectFlowFile(string inboundFlowPath, string hook)
    {
        var name = hook.Trim('$', '{', '}');
        name = name.EndsWith("FlowArn", StringComparison.Ordinal) ? name[..^"FlowArn".Length] : name;
        return Path.Combine(Path.GetDirectoryName(inboundFlowPath) ?? ".", $"ServiceDesk-{name}.json");
    }

    /// <summary>The line after the caller hung up: nothing is heard, nothing is said.</summary>
    private sealed class SilentLine : ICallChannel
    {
        public Task SayAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<Lex.CallerInput?> ListenAsync(bool keypadOnly, CancellationToken cancellationToken) => Task.FromResult<Lex.CallerInput?>(null);
    }

    private static BotDefinition LoadBot(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new BotDefinitionException(folder, "no such bot export folder");
        }

        return BotDefinition.Load(folder);
    }

    /// <summary>A flow that branches on an intent the bot lacks would silently never take that branch in Connect.</summary>
    private static void CheckFlowAgainstBot(FlowDocument flow, BotDefinition bot)
    {
        foreach (var action in flow.Actions.Where(a => a.Type == "ConnectParticipantWithLexBot"))
        {
            foreach (var condition in action.Conditions)
            {
                var intent = condition.Operands.Count > 0 ? condition.Operands[0] : string.Empty;
                if (bot.Intent(intent) is null)
                {
                    throw new FlowException(flow.File, action.Identifier, $"branches on intent '{intent}', which bot {bot.Name} does not have");
                }
            }
        }
    }

    /// <summary>Keeps what was said on both sides, for the transcript and the script checks.</summary>
    private sealed class RecordingChannel(ICallChannel inner) : ICallChannel
    {
        public List<CallLine> Lines { get; } = [];

        public Task SayAsync(string message, CancellationToken cancellationToken)
        {
            Lines.Add(new CallLine("desk", SsmlText.Render(message)));
            return inner.SayAsync(message, cancellationToken);
        }

        public async Task<Lex.CallerInput?> ListenAsync(bool keypadOnly, CancellationToken cancellationToken)
        {
            var input = await inner.ListenAsync(keypadOnly, cancellationToken);
            if (input is not null)
            {
                Lines.Add(new CallLine("caller", input.Text, input.Dtmf));
            }

            return input;
        }

        public void Recognised(Lex.BotReply reply)
        {
            var last = Lines.FindLastIndex(l => l.Speaker == "caller");
            if (last >= 0)
            {
                // The call's record is its conversation log: an answer to an obfuscated slot (a PIN) is logged as {Slot}.
                Lines[last] = Lines[last] with { Intent = reply.Intent, Text = reply.ObfuscatedSlot is { } slot ? $"{{{slot}}}" : Lines[last].Text };
            }
        }
    }
}
