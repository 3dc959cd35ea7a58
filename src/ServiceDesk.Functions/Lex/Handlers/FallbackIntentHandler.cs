using Microsoft.Extensions.Logging;
using ServiceDesk.Aws.Lex;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>
/// Anything the bot's intents do not cover goes to the agent, with the caller taken from the session. An unidentified
/// caller is passed as unverified: the agent may still answer how-to questions but its ticket tools refuse.
/// After two misses the caller is offered a person; a yes to that offer hands off. When no answer fits, the caller's words
/// go to <see cref="BotContract.ReportIssue"/> as the problem, so they need not say it again.
/// </summary>
internal sealed class FallbackIntentHandler(IAgentGateway agent, IIntentHandler reportIssue, ServiceDeskSettings settings, ILogger logger) : IIntentHandler
{
    public const int MissesBeforeOffer = 2;
    public const int MissesBeforeHandoff = 3;

    /// <summary>What the caller can do here, said when the agent has nothing better.</summary>
    public const string Capabilities = "You can report a problem, check a ticket, add to a ticket, hear your recent tickets, or ask for a person.";

    public bool NeedsBackend => true;

    public async Task<LexResponse> HandleAsync(LexTurn turn)
    {
        if (turn.Get(TurnKeys.OfferedPerson) is not null)
        {
            turn.Set(TurnKeys.OfferedPerson, null);
            switch (Spoken.YesNo(turn.Transcript))
            {
                case true:
                    return turn.Handoff(BotContract.HandoffReasons.CallerRequest);
                case false:
                    turn.Set(TurnKeys.FallbackMisses, null);
                    return turn.ElicitIntent(Speech.Say("Okay. " + Capabilities + " What would you like to do?"));
            }
        }

        if (string.IsNullOrWhiteSpace(turn.Transcript))
        {
            return Miss(turn, "Sorry, I didn't hear anything.");
        }

        // The agent may hand over to ReportIssue in this same turn, which needs the ticket system: leave it the time.
        var budget = Min(settings.AgentTurnBudget, turn.Remaining - LexFulfillmentFunction.MinimumBackendTime);
        if (budget <= TimeSpan.Zero)
        {
            return turn.Handoff(BotContract.HandoffReasons.Deadline);
        }

        AgentReply reply;
        try
        {
            turn.Set(TurnKeys.AgentUsed, "1");
            reply = await agent.AskAsync(new AgentTurn(turn.SessionId, turn.Identity, turn.Transcript, budget), turn.Cancellation);
        }
        catch (Exception ex) when (!turn.Cancellation.IsCancellationRequested)
        {
            // The port promises outcomes, not exceptions; if one escapes anyway, the caller hears an offer of a person.
            logger.LogWarning(ex, "The agent gateway threw instead of answering");
            reply = AgentReply.Unavailable(string.Empty);
        }

        var touched = new List<TicketNumber>();
        foreach (var ticket in reply.TicketsTouched)
        {
            if (TicketNumber.TryParse(ticket, out var number))
            {
                turn.Touch(number);
                touched.Add(number);
            }
        }

        return reply.Outcome switch
        {
            AgentOutcome.Answered when !string.IsNullOrWhiteSpace(reply.Text) => Answered(turn, reply.Text),
            AgentOutcome.SuggestTicket => await ReportIssueAsync(turn, reply.Text),
            AgentOutcome.TimedOut => Miss(turn, WithTickets("Sorry, that's taking too long.", touched)),
            _ => Miss(turn, WithTickets("Sorry, I can't answer that right now.", touched)),
        };
    }

    /// <summary>The agent's line, then ReportIssue's own next question, with the caller's words already its problem.</summary>
    private async Task<LexResponse> ReportIssueAsync(LexTurn turn, string said)
    {
        var problem = turn.Transcript.Trim();
        turn.Set(TurnKeys.FallbackMisses, null);
        turn.SwitchIntent(BotContract.ReportIssue);
        turn.SetSlot(BotContract.Slots.Problem, problem);
        turn.LeadIn = string.IsNullOrWhiteSpace(said) ? null : Speech.Say(said).Pause();
        return await reportIssue.HandleAsync(turn);
    }

    /// <summary>A ticket the agent's tools created or changed before things went wrong is still the caller's to hear.</summary>
    private static Speech WithTickets(string line, IReadOnlyList<TicketNumber> touched)
    {
        var speech = Speech.Say(line);
        if (touched.Count > 0)
        {
            speech.Text(touched.Count == 1 ? " Before that, I worked on ticket " : " Before that, I worked on tickets ");
            for (var i = 0; i < touched.Count; i++)
            {
                speech.Text(i == 0 ? string.Empty : i == touched.Count - 1 ? " and " : ", ").Ticket(touched[i]);
            }

            speech.Text(".");
        }

        return speech;
    }

    private static LexResponse Answered(LexTurn turn, string text)
    {
        turn.Set(TurnKeys.FallbackMisses, null);
        return turn.ElicitIntent(Speech.Say(text).Pause().Text("Anything else?"));
    }

    private static LexResponse Miss(LexTurn turn, string line) => Miss(turn, Speech.Say(line));

    private static LexResponse Miss(LexTurn turn, Speech line)
    {
        var misses = turn.Increment(TurnKeys.FallbackMisses);
        if (misses >= MissesBeforeHandoff)
        {
            return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
        }

        if (misses >= MissesBeforeOffer)
        {
            turn.Set(TurnKeys.OfferedPerson, "1");
            return turn.ElicitIntent(line.Text(" Would you like to speak to a person? Say yes or no."));
        }

        return turn.ElicitIntent(line.Text(" " + Capabilities));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
