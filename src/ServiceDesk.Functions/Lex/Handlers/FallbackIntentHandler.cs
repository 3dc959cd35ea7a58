using Microsoft.Extensions.Logging;
using ServiceDesk.Wire.Lex;
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
internal sealed partial class FallbackIntentHandler(IAgentGateway agent, IIntentHandler reportIssue, ServiceDeskSettings settings, ILogger logger) : IIntentHandler
{
    private readonly AgentAnswers _answers = new(reportIssue);

    public bool NeedsBackend => true;

    public async Task<LexResponse> HandleAsync(LexTurn turn)
    {
        var memory = turn.Memory;
        var words = turn.FreshWords;
        if (Answer(turn, words) is { } answer)
        {
            return await answer;
        }

        if (words is null)
        {
            return Misses.Miss(turn, "Sorry, I didn't hear anything.");
        }

        if (LineCheck().IsMatch(words))
        {
            // "Hello? Can you hear me?", "is this IT?": the caller is checking the line, not asking the agent.
            return turn.ElicitIntent(Speech.Say("Yes, I can hear you, this is the IT service desk. How can I help?"));
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
            memory.AgentUsed = true;
            reply = await agent.AskAsync(new AgentTurn(turn.SessionId, turn.Identity, words, budget), turn.Cancellation);
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

        if (reply.Outcome == AgentOutcome.Answered && !string.IsNullOrWhiteSpace(reply.Text))
        {
            memory.AgentAnswers++;
        }

        return reply.Outcome switch
        {
            AgentOutcome.Answered when !string.IsNullOrWhiteSpace(reply.Text) => await _answers.AnsweredAsync(turn, words, reply),
            AgentOutcome.SuggestTicket => await _answers.NoArticleAsync(turn, words, reply.Text),
            AgentOutcome.TimedOut => Misses.Miss(turn, Misses.WithTickets("Sorry, that's taking too long.", touched)),
            _ => Misses.Miss(turn, Misses.WithTickets("Sorry, I can't answer that right now.", touched)),
        };
    }

    /// <summary>The caller's answer to our own open question: a person offered after misses, or a ticket offered after a tip.</summary>
    private Task<LexResponse>? Answer(LexTurn turn, string? words)
    {
        var memory = turn.Memory;
        if (memory.Awaiting == DialogueMemory.Questions.PersonOffer)
        {
            switch (turn.Heard(CallerLexicon.YesNo))
            {
                case true:
                    return Task.FromResult(turn.Handoff(BotContract.HandoffReasons.CallerRequest));
                case false:
                    memory.FallbackMisses = 0;
                    return Task.FromResult(turn.ElicitIntent(Speech.Say("Okay. " + Misses.Capabilities + " What would you like to do?")));
            }
        }

        if (memory.Awaiting == DialogueMemory.Questions.TicketOffer && memory.Problem is not null && !CallerLexicon.AsksForMore(words))
        {
            var yes = turn.Heard(CallerLexicon.YesNo);
            if (yes == true || turn.Hypotheses.Any(CallerLexicon.WantsTicket))
            {
                return _answers.ReportIssueAsync(turn, null, null);
            }

            if (yes == false)
            {
                memory.ForgetReport();
                return Task.FromResult(turn.ElicitIntent(Speech.Say("Okay, I haven't logged anything. Anything else?")));
            }
        }

        return null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:can you hear me|are you there|is anyone there|is this (?:it|the it|the service desk|the help ?desk|i\.t\.?)|am i through to|have i got the)\b|^\W*(?:hello\W*)+$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex LineCheck();
}
