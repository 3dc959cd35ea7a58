using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ServiceDesk.Wire.Connect;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Observability;
using ServiceDesk.Core.Calls;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.ContactCenter;

namespace ServiceDesk.Functions.Connect;

/// <summary>
/// The Lambda the contact flow calls. The block's <c>action</c> parameter picks what to do:
/// <c>identifyCaller</c> (who is calling, from the presented number), <c>checkQueue</c> (transfer or offer a callback)
/// or <c>endCall</c> (the call's end, with its <c>ending</c>: closes the call's summary once and counts its metrics).
/// Every answer is a flat string map; an unknown action is an <c>error</c> attribute, never an exception, so the
/// flow's own branches decide what the caller hears. The caller's answer carries only what the inbound flow stores.
/// The event is read tolerantly: a member of the wrong type that the function does not read costs nothing. Only what
/// it needs decides, each with its fallback: no usable action is <c>error=unknown_action</c>, no usable caller number
/// is an unverified caller (<c>callerMatch=withheld</c>, so the bot asks who is calling), a missing queue id is the
/// configured queue, and an event that is not a JSON object at all is <c>error=bad_event</c>.
/// </summary>
public sealed class ContactFlowFunction(CallerLookup lookup, IContactCenter contactCenter, ServiceDeskSettings settings, FunctionContext context, CallSummaries? summaries = null)
    : LambdaFunction<ConnectEvent, Dictionary<string, string>>(context)
{
    public const string ActionParameter = "action";
    public const string IdentifyCaller = "identifyCaller";
    public const string CheckQueue = "checkQueue";
    public const string EndCall = "endCall";
    public const string EndingParameter = "ending";

    /// <summary>Connect waits at most 8 s; the queue check must leave the flow time to speak.</summary>
    private static readonly TimeSpan QueueCheckBudget = Core.Resilience.Deadlines.QueueCheck;

    protected override TimeSpan ResponseMargin => Core.Resilience.Deadlines.ConnectResponseMargin;

    protected override ConnectEvent Read(ReadOnlySpan<byte> payload) => ConnectResponse.Read(payload);

    protected override Dictionary<string, string> Unreadable() => Error("bad_event");

    protected override byte[] Write(Dictionary<string, string> response) => ConnectResponse.Write(response);

    protected override KeyValuePair<string, object?>[] Scope(ConnectEvent request) =>
        [new("contactId", request.Details?.ContactData?.ContactId), new("action", Action(request))];

    protected override (string? Operation, CallOutcome Outcome) Measure(ConnectEvent request, Dictionary<string, string> response) =>
        (Action(request), response.ContainsKey("error") ? CallOutcome.Failed : CallOutcome.SelfServed);

    protected override async Task<Dictionary<string, string>> HandleAsync(ConnectEvent request, LambdaInvocation invocation, CancellationToken cancellationToken) =>
        Action(request) switch
        {
            IdentifyCaller => await IdentifyAsync(request, cancellationToken),
            CheckQueue => await CheckQueueAsync(request.Details?.Parameters?.GetValueOrDefault("queueId") ?? settings.ServiceDeskQueueId, invocation, cancellationToken),
            EndCall => await EndCallAsync(request, invocation, cancellationToken),
            _ => Error("unknown_action"),
        };

    /// <summary>
    /// Closes the call's summary at the first ending the flow reports (transfer, callback, its goodbye, or the disconnect
    /// flow's hang-up); a later one is <c>already_ended</c>. The caller is on the way out: a store that fails is only logged.
    /// </summary>
    private async Task<Dictionary<string, string>> EndCallAsync(ConnectEvent request, LambdaInvocation invocation, CancellationToken ct)
    {
        var ending = request.Details?.Parameters?.GetValueOrDefault(EndingParameter);
        if (ending is null || !CallEndings.All.Contains(ending))
        {
            return Error("unknown_ending");
        }

        var data = request.Details?.ContactData;
        var contactId = data?.InitialContactId is { Length: > 0 } initial ? initial : data?.ContactId;
        if (string.IsNullOrEmpty(contactId))
        {
            return Error("no_contact");
        }

        if (summaries is null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal) { ["callSummary"] = "off" };
        }

        var attributes = data?.Attributes ?? [];
        var caller = new CallerIdentity(
            attributes.GetValueOrDefault(SessionKeys.CallerId) ?? string.Empty,
            null,
            attributes.GetValueOrDefault(SessionKeys.CallerPhone) is { Length: > 0 } phone ? phone : data?.CustomerEndpoint?.Address,
            SessionKeys.ParseVerifiedBy(attributes.GetValueOrDefault(SessionKeys.CallerVerifiedBy)));
        var remaining = invocation.Deadline - Time.GetUtcNow();
        using var timeout = new CancellationTokenSource(remaining < QueueCheckBudget ? (remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1)) : QueueCheckBudget, Time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            var ended = await summaries.EndAsync(new CallEnd(contactId, ending, caller, attributes.GetValueOrDefault(SessionKeys.HandoffReason)), budget.Token);
            if (!ended.IsOk)
            {
                Logger.LogWarning("call summary not closed: {Kind}", ended.Failure.Kind);
                return new Dictionary<string, string>(StringComparer.Ordinal) { ["callSummary"] = "failed" };
            }

            if (ended.Value is not { } summary)
            {
                return new Dictionary<string, string>(StringComparer.Ordinal) { ["callSummary"] = "already_ended" };
            }

            Metrics?.RecordCall(summary);
            Logger.LogInformation("call ended {Ending}: {Outcome}, {Tickets} ticket(s) created, {Turns} turns", ending, summary.Outcome, summary.TicketsCreated, summary.Turns);
            return new Dictionary<string, string>(StringComparer.Ordinal) { ["callSummary"] = "written", ["callOutcome"] = JsonNamingPolicy.SnakeCaseLower.ConvertName(summary.Outcome.ToString()) };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Logger.LogWarning("closing the call summary timed out");
            return new Dictionary<string, string>(StringComparer.Ordinal) { ["callSummary"] = "failed" };
        }
    }

    private static string? Action(ConnectEvent request) => request.Details?.Parameters?.GetValueOrDefault(ActionParameter);

    private async Task<Dictionary<string, string>> IdentifyAsync(ConnectEvent request, CancellationToken ct)
    {
        var result = await lookup.ByPhoneAsync(request.Details?.ContactData?.CustomerEndpoint?.Address, ct);
        var identity = result.Identity;
        Logger.LogInformation("caller identified as {Match} from {Phone}", result.Match, PhoneNumber.Mask(identity.Phone));
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SessionKeys.CallerId] = identity.CallerId,
            // The flow greets by first name; the bot needs no more than that to be personal.
            [SessionKeys.CallerName] = FirstName(result.Caller?.DisplayName),
            [SessionKeys.CallerPhone] = identity.Phone ?? string.Empty,
            [SessionKeys.CallerVerifiedBy] = SessionKeys.ToWire(identity.VerifiedBy),
            [SessionKeys.CallerVip] = result.Caller?.Vip == true ? "true" : "false",
            ["callerMatch"] = result.Match.ToString().ToLowerInvariant(),
        };
    }

    private async Task<Dictionary<string, string>> CheckQueueAsync(string? queueId, LambdaInvocation invocation, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(queueId))
        {
            return QueueCheckFailed();
        }

        var remaining = invocation.Deadline - Time.GetUtcNow();
        using var timeout = new CancellationTokenSource(remaining < QueueCheckBudget ? (remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1)) : QueueCheckBudget, Time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            var status = await contactCenter.GetQueueStatusAsync(queueId, budget.Token);
            if (!status.IsOk)
            {
                Logger.LogWarning("queue check failed: {Kind}", status.Failure.Kind);
                return QueueCheckFailed();
            }

            return QueueAnswer(status.Value);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Logger.LogWarning("queue check timed out");
            return QueueCheckFailed();
        }
    }

    private Dictionary<string, string> QueueAnswer(QueueStatus status)
    {
        var wait = status.EstimatedWait ?? (status.AgentsAvailable > 0 ? TimeSpan.Zero : settings.CallbackOfferThreshold);
        var offerCallback = status.AgentsAvailable == 0 && wait >= settings.CallbackOfferThreshold;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["queueCheck"] = "ok",
            ["agentsAvailable"] = status.AgentsAvailable.ToString(CultureInfo.InvariantCulture),
            ["estimatedWaitSeconds"] = ((int)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["estimatedWaitMinutes"] = ((int)Math.Ceiling(wait.TotalMinutes)).ToString(CultureInfo.InvariantCulture),
            ["offerCallback"] = offerCallback ? "true" : "false",
        };
    }

    /// <summary>Without live numbers the flow still transfers: a wait is better than a wrong callback promise.</summary>
    private static Dictionary<string, string> QueueCheckFailed() => new(StringComparer.Ordinal)
    {
        ["queueCheck"] = "failed",
        ["offerCallback"] = "false",
    };

    private static Dictionary<string, string> Error(string code) => new(StringComparer.Ordinal) { ["error"] = code };

    private static string FirstName(string? displayName) =>
        string.IsNullOrWhiteSpace(displayName) ? string.Empty : displayName.Trim().Split(' ', 2)[0];
}
