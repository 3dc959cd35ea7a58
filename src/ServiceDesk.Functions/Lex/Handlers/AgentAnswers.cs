using ServiceDesk.Wire.Lex;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>What the caller hears after the agent: its answer, one tip on the way to a ticket, or the ticket itself.</summary>
internal sealed class AgentAnswers(IIntentHandler reportIssue)
{
    /// <summary>
    /// The agent's answer. To a how-to question that is the answer. To a fault report it is one tip, and the report goes
    /// on at once (who is affected, then the confirmation), so "that didn't help" or "only me" both lead to the ticket
    /// for the problem already told; "tell me more" goes on with the same article.
    /// </summary>
    public async Task<LexResponse> AnsweredAsync(LexTurn turn, string words, AgentReply reply)
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
    public async Task<LexResponse> NoArticleAsync(LexTurn turn, string words, string said) =>
        turn.Memory.Problem is not null || ProblemText.LooksLikeFault(words, strict: true) || CallerLexicon.IsHowTo(words)
        || (CallerLexicon.IsQuestion(words) && Triage.CategoryOf(words) != TicketCategory.Other)
            ? await ReportIssueAsync(turn, words, said)
            : Misses.Miss(turn, "Sorry, I didn't catch that.");

    /// <summary>The agent's line, then ReportIssue's own next question, with the problem already in memory.</summary>
    public async Task<LexResponse> ReportIssueAsync(LexTurn turn, string? words, string? said)
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
}
