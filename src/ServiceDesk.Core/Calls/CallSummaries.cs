using System.Globalization;
using System.Text;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Core.Calls;

/// <summary>What the bot knows of the call after one of its turns.</summary>
public sealed record CallProgress(
    string ContactId,
    CallerIdentity Caller,
    IReadOnlyList<string> Intents,
    IReadOnlyList<string> Tickets,
    int TicketsCreated,
    int Turns,
    int AgentAnswers,
    DateTimeOffset StartedAt,
    string? BotEnding,
    string? HandoffReason);

/// <summary>The end of a call as the flow saw it, with what the contact attributes know of the caller.</summary>
public sealed record CallEnd(string ContactId, string Ending, CallerIdentity Caller, string? HandoffReason);

/// <summary>
/// Keeps one summary per call: the bot writes it after each turn (the outcome as if the call ended by a hang-up there),
/// and the flow closes it once, at the first ending it reports (transfer, callback, its own goodbye, or the caller
/// hanging up). A call the bot never heard (a hang-up in the greeting, an after-hours keypad goodbye) is closed from
/// the contact's attributes alone.
/// </summary>
public sealed class CallSummaries(ICallSummaryStore store, TimeProvider time)
{
    public const string BotGoodbye = "goodbye";
    public const string BotHandoff = "handoff";
    private const int MaxSummaryLength = 400;

    public ICallSummaryStore Store => store;

    public Task<Result<bool>> RecordTurnAsync(CallProgress progress, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var summary = new CallSummary
        {
            ContactId = progress.ContactId,
            CallerId = progress.Caller.CallerId,
            CallerPhone = Masked(progress.Caller.Phone),
            VerifiedBy = SessionKeys.ToWire(progress.Caller.VerifiedBy),
            Intents = progress.Intents,
            Tickets = progress.Tickets,
            TicketsCreated = progress.TicketsCreated,
            Turns = progress.Turns,
            AgentAnswers = progress.AgentAnswers,
            StartedAt = progress.StartedAt,
            BotEnding = progress.BotEnding,
            TransferReason = progress.BotEnding == BotHandoff ? progress.HandoffReason : null,
            DurationSeconds = Seconds(now - progress.StartedAt),
        };
        return store.SaveAsync(Settle(summary, CallEndings.HangUp), cancellationToken);
    }

    /// <summary>Closes the call's summary; null when it had already ended (so its metrics are counted once).</summary>
    public async Task<Result<CallSummary?>> EndAsync(CallEnd end, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(end.ContactId, cancellationToken);
        if (!stored.IsOk)
        {
            return stored.Failure;
        }

        if (stored.Value?.Ended == true)
        {
            return (CallSummary?)null;
        }

        var now = time.GetUtcNow();
        var known = stored.Value ?? new CallSummary
        {
            ContactId = end.ContactId,
            CallerId = end.Caller.CallerId,
            CallerPhone = Masked(end.Caller.Phone),
            VerifiedBy = SessionKeys.ToWire(end.Caller.VerifiedBy),
            StartedAt = now,
        };
        var ended = Settle(known with { EndedAt = now, DurationSeconds = Seconds(now - known.StartedAt) }, end.Ending) with { Ending = end.Ending };
        if (ended.Outcome == CallSummaryOutcome.Transferred && ended.TransferReason is null)
        {
            ended = ended with { TransferReason = string.IsNullOrEmpty(end.HandoffReason) ? "flow" : end.HandoffReason };
        }

        var saved = await store.SaveAsync(ended, cancellationToken);
        return saved.IsOk ? (saved.Value ? ended : null) : saved.Failure;
    }

    /// <summary>
    /// The outcome: a callback booked, else a person (the bot handed off, or the flow put the caller through), else a
    /// ticket logged, else a goodbye (the bot's or the flow's own) is self-served, and a hang-up with none of these is
    /// abandoned (a caller who heard a status and hung up without goodbye counts here: we cannot tell).
    /// </summary>
    public static CallSummaryOutcome OutcomeOf(string? botEnding, string ending, int ticketsCreated) =>
        ending == CallEndings.Callback ? CallSummaryOutcome.Callback
        : botEnding == BotHandoff || ending == CallEndings.Transfer ? CallSummaryOutcome.Transferred
        : ticketsCreated > 0 ? CallSummaryOutcome.Ticket
        : botEnding == BotGoodbye || ending == CallEndings.Disconnect ? CallSummaryOutcome.SelfServed
        : CallSummaryOutcome.Abandoned;

    private static CallSummary Settle(CallSummary summary, string ending)
    {
        var settled = summary with { Outcome = OutcomeOf(summary.BotEnding, ending, summary.TicketsCreated) };
        return settled with { Summary = Describe(settled) };
    }

    /// <summary>A line for the desk's staff: who (by id), verified how, what was asked, tickets, the end. Never a name or number.</summary>
    private static string Describe(CallSummary call)
    {
        var text = new StringBuilder();
        text.Append(call.CallerId.Length > 0 ? $"Caller {call.CallerId}, verified by {call.VerifiedBy}." : "Caller not identified.");
        if (call.Intents.Count > 0)
        {
            text.Append(" Asked: ").Append(string.Join(", ", call.Intents.Select(Words))).Append('.');
        }

        if (call.Tickets.Count > 0)
        {
            text.Append(call.TicketsCreated > 0 ? $" {call.TicketsCreated} ticket(s) created;" : string.Empty)
                .Append(" tickets ").Append(string.Join(", ", call.Tickets)).Append('.');
        }

        text.Append(call.Outcome switch
        {
            CallSummaryOutcome.Transferred => $" Transferred ({call.TransferReason ?? "flow"})",
            CallSummaryOutcome.Callback => " Callback booked",
            CallSummaryOutcome.Ticket => " Ticket logged",
            CallSummaryOutcome.SelfServed => " Self-served",
            _ => " Abandoned",
        });
        text.Append(CultureInfo.InvariantCulture, $" after {call.Turns} turn(s), {call.DurationSeconds} s.");
        return text.Length <= MaxSummaryLength ? text.ToString() : text.ToString(0, MaxSummaryLength - 1) + "…";
    }

    /// <summary>"CheckTicketStatus" as "check ticket status".</summary>
    private static string Words(string intent)
    {
        var words = new StringBuilder();
        foreach (var c in intent)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(c));
        }

        return words.ToString();
    }

    private static string? Masked(string? phone) => string.IsNullOrEmpty(phone) ? null : PhoneNumber.Mask(phone);

    private static int Seconds(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (int)Math.Round(span.TotalSeconds);
}
