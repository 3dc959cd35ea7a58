using ServiceDesk.Wire.Observability;
using ServiceDesk.Core.ContactCenter;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Calls;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;
using ServiceDesk.Functions.Lex.Handlers;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// The Lex V2 code hook: event bytes in, response bytes out. Routes by intent name to one handler per intent; an
/// unknown intent gets a spoken fallback. Every failure the caller could meet ends in a spoken line or a handoff,
/// never in silence or in exception text.
/// </summary>
public sealed partial class LexFulfillmentFunction : LambdaFunction<LexEvent, LexResponse>
{
    private readonly Dictionary<string, IIntentHandler> _routes;
    private readonly GlobalCommands _commands;
    private readonly IContactCenter _contactCenter;
    private readonly IAgentGateway _agent;
    private readonly CallSummaries _summaries;

    public LexFulfillmentFunction(ServiceDeskServices services)
        : base(services.ContextFor(FunctionCatalog.LexFulfillment))
    {
        _contactCenter = services.ContactCenter;
        _agent = services.Agent;
        _summaries = new CallSummaries(services.CallSummaries, services.Time);
        var identification = new Identification(services.Callers, new PinVerifier(services.PinAttempts, services.Time));
        var tickets = new CallerTickets(services.Tickets);
        var chooser = new TicketChooser(tickets);
        var reportIssue = new ReportIssueHandler(identification, tickets, offerVisits: services.Visits is not null);
        _commands = new GlobalCommands(reportIssue);
        _routes = new Dictionary<string, IIntentHandler>(StringComparer.Ordinal)
        {
            [BotContract.ReportIssue] = reportIssue,
            [BotContract.CheckTicketStatus] = new CheckTicketStatusHandler(identification, chooser),
            [BotContract.AddTicketComment] = new AddTicketCommentHandler(identification, chooser, tickets),
            [BotContract.ListRecentTickets] = new ListRecentTicketsHandler(identification, tickets),
            [BotContract.ScheduleVisit] = new VisitHandler(BotContract.ScheduleVisit, identification, chooser, services.Visits, SchedulerError, TestMode),
            [BotContract.RescheduleVisit] = new VisitHandler(BotContract.RescheduleVisit, identification, chooser, services.Visits, SchedulerError, TestMode),
            [BotContract.CancelVisit] = new VisitHandler(BotContract.CancelVisit, identification, chooser, services.Visits, SchedulerError, TestMode),
            [BotContract.SpeakToAgent] = new SpeakToAgentHandler(_commands),
            [BotContract.Goodbye] = new GoodbyeHandler(_commands),
            [BotContract.FallbackIntent] = new FallbackIntentHandler(services.Agent, reportIssue, services.Settings, Logger),
        };
    }

    private void SchedulerError(string kind)
    {
        Logger.LogWarning("The visit scheduler failed: {Kind}", kind);
        Metrics?.RecordSchedulerError(FunctionCatalog.LexFulfillment, kind);
    }

    private void TestMode(string what) => Logger.LogInformation("Test mode: {What}", what);

    /// <summary>The intents this function routes to a handler (the lint checks every code-hooked bot intent is one).</summary>
    public IReadOnlyCollection<string> HandledIntents => _routes.Keys;

    /// <summary>How long before the Lambda deadline a turn stops and answers; the template's timeouts are checked against it.</summary>
    public static TimeSpan DeadlineMargin => LexTurn.SafetyMargin;

    /// <summary>Below this, a turn that needs the ticket system hands off at once rather than risk dead air.</summary>
    public static readonly TimeSpan MinimumBackendTime = Core.Resilience.Deadlines.MinimumBackendTime;

    protected override TimeSpan ResponseMargin => LexTurn.SafetyMargin;

    protected override LexEvent Read(ReadOnlySpan<byte> payload) => LexJson.ReadEvent(payload);

    /// <summary>Bytes that are no Lex event still get a spoken line, never silence.</summary>
    protected override LexResponse Unreadable() =>
        new LexTurn(new LexEvent(), Time, Time.GetUtcNow(), CancellationToken.None).ElicitIntent(CannotHelp);

    // Every log line of this turn carries the call and the intent (the JSON logger writes scope values as fields).
    protected override KeyValuePair<string, object?>[] Scope(LexEvent request) => 
    [
        new("contactId", request.SessionState?.SessionAttributes?.GetValueOrDefault(SessionKeys.InitialContactId) ?? request.SessionId),
        new("intent", request.SessionState?.Intent?.Name),
    ];

    protected override (string? Operation, CallOutcome Outcome) Measure(LexEvent request, LexResponse response) =>
        (request.SessionState?.Intent?.Name, Outcome(response));

    protected override byte[] Write(LexResponse response)
    {
        var bytes = ResponseLimits.Enforce(response, out var trimmed);
        if (trimmed)
        {
            Logger.LogWarning("Lex response trimmed to fit Lex limits ({Bytes} bytes)", bytes.Length);
        }

        return bytes;
    }

    protected override async Task<LexResponse> HandleAsync(LexEvent request, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        var response = await TurnAsync(request, invocation, cancellationToken);
        await AfterCloseAsync(request, response, invocation);
        await RecordCallAsync(request, response, invocation);
        return response;
    }

    /// <summary>
    /// The call's summary as it stands after this turn, so a caller who hangs up leaves what the bot knew at its last
    /// turn; the flow closes the record when the call ends. Best effort within the close work's margin: a store that is
    /// slow or down costs the caller nothing.
    /// </summary>
    private async Task RecordCallAsync(LexEvent lexEvent, LexResponse response, LambdaInvocation invocation)
    {
        // Without a store there is nothing to record: no memory read, no timer for the budget.
        if (_summaries.Store is NoCallSummaryStore)
        {
            return;
        }

        var attributes = response.SessionState?.SessionAttributes;
        var contactId = lexEvent.SessionState?.SessionAttributes?.GetValueOrDefault(SessionKeys.InitialContactId) is { Length: > 0 } initial ? initial : lexEvent.SessionId;
        var budget = invocation.Deadline - Time.GetUtcNow();
        if (attributes is null || string.IsNullOrEmpty(contactId) || budget < MinimumHandoffWork)
        {
            return;
        }

        var memory = DialogueMemory.Read(attributes.GetValueOrDefault(DialogueMemory.Key));
        var closed = response.SessionState?.DialogAction?.Type == LexValues.Close;
        var handoff = attributes.GetValueOrDefault(SessionKeys.Handoff) == "agent";
        var progress = new CallProgress(
            contactId,
            LexTurn.IdentityFrom(attributes),
            memory.Intents,
            memory.Touched,
            memory.TicketsCreated,
            memory.Turns,
            memory.AgentAnswers,
            memory.StartedAt ?? Time.GetUtcNow(),
            closed ? (handoff ? CallSummaries.BotHandoff : CallSummaries.BotGoodbye) : null,
            handoff ? attributes.GetValueOrDefault(SessionKeys.HandoffReason) : null);
        using var limit = new CancellationTokenSource(budget < HandoffWorkBudget ? budget : HandoffWorkBudget, Time);
        try
        {
            var saved = await _summaries.RecordTurnAsync(progress, limit.Token);
            if (!saved.IsOk)
            {
                Logger.LogWarning("Could not record the call summary: {Kind}", saved.Failure.Kind);
            }
        }
        catch (Exception ex)
        {
            Logger.LogWarning("Recording the call summary failed: {ExceptionType}", ex.GetType().Name);
        }
    }

    private static Speech CannotHelp => Speech.Say("Sorry, I can't help with that here. " + Misses.Capabilities + " What would you like to do?");

    /// <summary>
    /// When the bot closes (a handoff or a goodbye), two housekeeping calls run side by side: on a handoff the summary
    /// also goes onto the Connect contact itself (so the agent sees it even when the flow takes another path than the one
    /// that copies the session attributes), and an agent session the call used is ended (a hang-up leaves it to the idle
    /// timeout). Best effort, within the same margin before the deadline as the turn itself, not bounded by the runtime's
    /// token, which fires at the deadline and would lose the answer: the caller is already on the way.
    /// </summary>
    private async Task AfterCloseAsync(LexEvent lexEvent, LexResponse response, LambdaInvocation invocation)
    {
        var attributes = response.SessionState?.SessionAttributes;
        if (attributes is null || response.SessionState?.DialogAction?.Type != LexValues.Close)
        {
            return;
        }

        var contactId = attributes.GetValueOrDefault(SessionKeys.Handoff) == "agent"
            ? lexEvent.SessionState?.SessionAttributes?.GetValueOrDefault(SessionKeys.InitialContactId)
            : null;
        var agentUsed = DialogueMemory.Read(attributes.GetValueOrDefault(DialogueMemory.Key)).AgentUsed;
        if (string.IsNullOrEmpty(contactId) && !agentUsed)
        {
            return;
        }

        var budget = invocation.Deadline - Time.GetUtcNow();
        if (budget < MinimumHandoffWork)
        {
            Logger.LogWarning("No time left for the work after closing (the flow copies the handoff)");
            return;
        }

        using var limit = new CancellationTokenSource(budget < HandoffWorkBudget ? budget : HandoffWorkBudget, Time);
        await Task.WhenAll(
            string.IsNullOrEmpty(contactId) ? Task.CompletedTask : AttachHandoffAsync(contactId, attributes, limit.Token),
            agentUsed ? EndAgentSessionAsync(lexEvent.SessionId ?? string.Empty, attributes, limit.Token) : Task.CompletedTask);
    }

    private async Task AttachHandoffAsync(string contactId, Dictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        try
        {
            var handoff = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [SessionKeys.Handoff] = "agent",
                [SessionKeys.HandoffReason] = attributes.GetValueOrDefault(SessionKeys.HandoffReason) ?? string.Empty,
                [SessionKeys.HandoffSummary] = attributes.GetValueOrDefault(SessionKeys.HandoffSummary) ?? string.Empty,
            };
            var result = await _contactCenter.UpdateContactAttributesAsync(contactId, handoff, cancellationToken);
            if (!result.IsOk)
            {
                Logger.LogWarning("Could not attach the handoff to the contact: {Kind}", result.Failure.Kind);
            }
        }
        catch (OperationCanceledException)
        {
            Logger.LogWarning("Attaching the handoff to the contact timed out");
        }
    }

    private async Task EndAgentSessionAsync(string sessionId, Dictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        try
        {
            await _agent.EndSessionAsync(sessionId, LexTurn.IdentityFrom(attributes), cancellationToken);
        }
        catch (Exception ex)
        {
            Logger.LogWarning("Ending the agent session failed: {ExceptionType}", ex.GetType().Name);
        }
    }

    private static readonly TimeSpan HandoffWorkBudget = Core.Resilience.Deadlines.HandoffWork;
    private static readonly TimeSpan MinimumHandoffWork = Core.Resilience.Deadlines.MinimumHandoffWork;

    /// <summary>For the dashboard: a person asked for is a handoff; a person because something broke is a failure.</summary>
    private static CallOutcome Outcome(LexResponse response) =>
        response.SessionState?.SessionAttributes?.GetValueOrDefault(SessionKeys.Handoff) != "agent" || response.SessionState.DialogAction?.Type != LexValues.Close
            ? CallOutcome.SelfServed
            : response.SessionState.SessionAttributes.GetValueOrDefault(SessionKeys.HandoffReason) == BotContract.HandoffReasons.CallerRequest
                ? CallOutcome.HandedOff
                : CallOutcome.Failed;

    /// <summary>The turn itself; <paramref name="invocation"/>'s deadline already keeps the response margin back.</summary>
    private async Task<LexResponse> TurnAsync(LexEvent lexEvent, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        var remaining = invocation.Deadline - Time.GetUtcNow();
        using var deadline = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : Timeout.InfiniteTimeSpan, Time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);

        var turn = new LexTurn(lexEvent, Time, invocation.Deadline, budget.Token);
        if (!_routes.TryGetValue(turn.IntentName, out var handler))
        {
            Logger.LogWarning("No handler for intent {Intent}", turn.IntentName);
            return turn.ElicitIntent(CannotHelp);
        }

        // A person, goodbye, "say that again", start over or cancel, at any prompt, before any handler reads the words.
        var command = GlobalCommands.Heard(turn);
        if (command is null && Rerouting.For(turn) is { } better)
        {
            turn.SwitchIntent(better);
            turn.WordsTaken = false;
            handler = _routes[better];
        }

        if (command is null && turn.Memory.TipOffered && !turn.IsFulfillment && turn.Awaiting != DialogueMemory.Questions.Confirm && turn.Hypotheses.Any(CallerLexicon.AsksForMore))
        {
            // "Tell me more" after a tip, whatever question came with it: the agent goes on with the same article.
            handler = _routes[BotContract.FallbackIntent];
        }

        // Commands need no dependency, except a person asked for after hours, which goes on to log the problem instead.
        var needsBackend = command is null ? handler.NeedsBackend : command == CallerCommand.Person && turn.IsAfterHours;
        if (needsBackend && remaining < MinimumBackendTime)
        {
            return Log(turn, turn.Handoff(BotContract.HandoffReasons.Deadline));
        }

        try
        {
            return Log(turn, await (command is { } heard ? _commands.HandleAsync(turn, heard) : handler.HandleAsync(turn)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Logger.LogWarning("Intent {Intent}: a dependency did not answer before the deadline", turn.IntentName);
            return turn.Handoff(BotContract.HandoffReasons.BackendTimeout);
        }
        catch (TimeoutException)
        {
            Logger.LogWarning("Intent {Intent}: a dependency timed out", turn.IntentName);
            return turn.Handoff(BotContract.HandoffReasons.BackendTimeout);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault in a dependency or in our code: the caller reaches a person; the details stay in the log.
            Logger.LogError(ex, "Intent {Intent} failed", turn.IntentName);
            return turn.Handoff(BotContract.HandoffReasons.Error);
        }
    }

    private LexResponse Log(LexTurn turn, LexResponse response)
    {
        if (!Logger.IsEnabled(LogLevel.Information))
        {
            return response;
        }

        LogTurn(
            Logger, turn.Event.InvocationSource, turn.IntentName, response.SessionState.DialogAction?.Type, response.SessionState.DialogAction?.SlotToElicit,
            turn.Get(SessionKeys.HandoffReason), SessionKeys.ToWire(turn.Identity.VerifiedBy));
        return response;
    }

    // Every turn writes this line: generated, it neither boxes its values into an array nor looks its template up.
    [LoggerMessage(Level = LogLevel.Information, Message = "Lex {Source} {Intent} -> {Action} {Slot} {Reason} verified={Verified}")]
    private static partial void LogTurn(ILogger logger, string? source, string? intent, string? action, string? slot, string? reason, string? verified);
}
