using Microsoft.Extensions.Logging;
using ServiceDesk.Aws.Lex;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>
/// Anything the bot's intents do not cover goes to the agent, with the caller taken from the session. An unidentified
/// caller is passed as unverified: the agent may still answer how-to questions but its ticket tools refuse.
/// After two misses the caller is offered a person; a yes to that offer hands off.
/// </summary>
internal sealed class FallbackIntentHandler(IAgentGateway agent, ServiceDeskSettings settings, ILogger logger) : IIntentHandler
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

        var budget = Min(settings.AgentTurnBudget, turn.Remaining);
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

        foreach (var touched in reply.TicketsTouched)
        {
            if (Core.Tickets.TicketNumber.TryParse(touched, out var number))
            {
                turn.Touch(number);
            }
        }

        return reply.Outcome switch
        {
            AgentOutcome.Answered when !string.IsNullOrWhiteSpace(reply.Text) => Answered(turn, reply.Text),
            AgentOutcome.SuggestTicket => Miss(turn, "I don't have an answer for that. I can log a ticket for you: just say, report a problem."),
            AgentOutcome.TimedOut => Miss(turn, "Sorry, that's taking too long."),
            _ => Miss(turn, "Sorry, I can't answer that right now."),
        };
    }

    private static LexResponse Answered(LexTurn turn, string text)
    {
        turn.Set(TurnKeys.FallbackMisses, null);
        return turn.ElicitIntent(Speech.Say(text).Pause().Text("Anything else?"));
    }

    private static LexResponse Miss(LexTurn turn, string line)
    {
        var misses = turn.Increment(TurnKeys.FallbackMisses);
        if (misses >= MissesBeforeHandoff)
        {
            return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
        }

        if (misses >= MissesBeforeOffer)
        {
            turn.Set(TurnKeys.OfferedPerson, "1");
            return turn.ElicitIntent(Speech.Say(line + " Would you like to speak to a person? Say yes or no."));
        }

        return turn.ElicitIntent(Speech.Say(line + " " + Capabilities));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
