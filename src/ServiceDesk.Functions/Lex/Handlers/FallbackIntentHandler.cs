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
internal sealed class FallbackIntentHandler(IAgentGateway agent, IIntentHandler reportIssue, IIntentHandler checkStatus, ServiceDeskSettings settings, ILogger logger) : IIntentHandler
{
    public const int MissesBeforeOffer = 2;
    public const int MissesBeforeHandoff = 3;

    /// <summary>What the caller can do here, said when the agent has nothing better.</summary>
    public const string Capabilities = "You can report a problem, check a ticket, add to a ticket, hear your recent tickets, or ask for a person.";

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
            return Miss(turn, "Sorry, I didn't hear anything.");
        }

        if ((memory.Choices.Count > 0 && TicketReference.PicksOne(words)) || ProblemText.IsTicketEnquiry(words))
        {
            // "The headset one, is someone on that?" right after we read a list, or "I've heard nothing about number
            // two": a status check.
            turn.SwitchIntent(BotContract.CheckTicketStatus);
            turn.WordsTaken = false;
            return await checkStatus.HandleAsync(turn);
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

        return reply.Outcome switch
        {
            AgentOutcome.Answered when !string.IsNullOrWhiteSpace(reply.Text) => await AnsweredAsync(turn, words, reply),
            AgentOutcome.SuggestTicket => await NoArticleAsync(turn, words, reply.Text),
            AgentOutcome.TimedOut => Miss(turn, WithTickets("Sorry, that's taking too long.", touched)),
            _ => Miss(turn, WithTickets("Sorry, I can't answer that right now.", touched)),
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
                    return Task.FromResult(turn.ElicitIntent(Speech.Say("Okay. " + Capabilities + " What would you like to do?")));
            }
        }

        if (memory.Awaiting == DialogueMemory.Questions.TicketOffer && memory.Problem is not null && !CallerLexicon.AsksForMore(words))
        {
            var yes = turn.Heard(CallerLexicon.YesNo);
            if (yes == true || turn.Hypotheses.Any(CallerLexicon.WantsTicket))
            {
                return ReportIssueAsync(turn, null, null);
            }

            if (yes == false)
            {
                memory.ForgetReport();
                return Task.FromResult(turn.ElicitIntent(Speech.Say("Okay, I haven't logged anything. Anything else?")));
            }
        }

        return null;
    }

    /// <summary>
    /// The agent's answer. To a how-to question that is the answer. To a fault report it is one tip, and the report goes
    /// on at once (who is affected, then the confirmation), so "that didn't help" or "only me" both lead to the ticket
    /// for the problem already told; "tell me more" goes on with the same article.
    /// </summary>
    private async Task<LexResponse> AnsweredAsync(LexTurn turn, string words, AgentReply reply)
    {
        var memory = turn.Memory;
        memory.FallbackMisses = 0;
        if (reply.TicketsTouched.Count > 0 || (memory.Problem is null && (CallerLexicon.IsQuestion(words) || !ProblemText.LooksLikeFault(words))))
        {
            return turn.ElicitIntent(Speech.Say(reply.Text).Pause().Text("Anything else?"));
        }

        memory.TipOffered = true;
        return await ReportIssueAsync(turn, words, reply.Text + " If that doesn't sort it, I'll log a ticket.");
    }

    /// <summary>
    /// Nothing fits. A fault report or a question becomes a ticket for the words already told, after the agent's honest
    /// "no article for that"; chat ("right, fair enough") is a miss, never a ticket.
    /// </summary>
    private async Task<LexResponse> NoArticleAsync(LexTurn turn, string words, string said) =>
        turn.Memory.Problem is not null || CallerLexicon.IsQuestion(words) || ProblemText.LooksLikeFault(words)
            ? await ReportIssueAsync(turn, words, said)
            : Miss(turn, "Sorry, I didn't catch that.");

    /// <summary>The agent's line, then ReportIssue's own next question, with the problem already in memory.</summary>
    private async Task<LexResponse> ReportIssueAsync(LexTurn turn, string? words, string? said)
    {
        var memory = turn.Memory;
        if (memory.Problem is null && ProblemText.Extract(words) is { } problem)
        {
            memory.Problem = new ProblemMemory { Told = problem, Current = problem };
        }

        memory.FallbackMisses = 0;
        turn.SwitchIntent(BotContract.ReportIssue);
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

    private static LexResponse Miss(LexTurn turn, string line) => Miss(turn, Speech.Say(line));

    private static LexResponse Miss(LexTurn turn, Speech line)
    {
        var misses = ++turn.Memory.FallbackMisses;
        if (misses >= MissesBeforeHandoff)
        {
            return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
        }

        if (misses >= MissesBeforeOffer)
        {
            return turn.Ask(DialogueMemory.Questions.PersonOffer, line.Text(" Would you like to speak to a person? Say yes or no."));
        }

        return turn.ElicitIntent(line.Text(" " + Capabilities));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
