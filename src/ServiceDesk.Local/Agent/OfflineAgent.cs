using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Local.Agent;

/// <summary>
/// The agent with no cloud: answers common first-line questions from the knowledge base by retrieval, looks up a
/// ticket only through the ticket tools for the session's caller, and offers a ticket when no article fits. It says it
/// is the offline assistant and never makes up ticket data.
/// </summary>
public sealed class OfflineAgent(KnowledgeBase knowledgeBase, TicketTools tools) : IAgentGateway
{
    /// <summary>Below this BM25 score an article is a guess, and a guess read aloud wastes a caller's time.</summary>
    public const double MinimumScore = 1.8;

    public async Task<AgentReply> AskAsync(AgentTurn turn, CancellationToken cancellationToken)
    {
        if (TicketNumber.TryFind(turn.Text, out var number))
        {
            return await AnswerAboutTicketAsync(number, turn.Caller, cancellationToken);
        }

        var (article, score) = knowledgeBase.Search(turn.Text);
        if (article is null || score < MinimumScore)
        {
            return new AgentReply(AgentOutcome.SuggestTicket, "I don't have an answer for that here. I can log a ticket for you, or put you through to a person.", []);
        }

        return new AgentReply(AgentOutcome.Answered, AgentSpeech.Clean($"From the offline assistant, about {article.Title.ToLowerInvariant()}: {article.Body}"), []);
    }

    public Task EndSessionAsync(string sessionId, CallerIdentity caller, CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<AgentReply> AnswerAboutTicketAsync(TicketNumber number, CallerIdentity caller, CancellationToken ct)
    {
        var result = await tools.RunAsync(TicketTools.GetTicketStatus, new Dictionary<string, string> { ["ticket_number"] = number.ToString() }, caller, ct);
        if (result.Status != ToolStatus.Ok)
        {
            return new AgentReply(AgentOutcome.SuggestTicket, "I can only look at tickets once I know who you are.", []);
        }

        using var body = System.Text.Json.JsonDocument.Parse(result.Body);
        var root = body.RootElement;
        if (root.TryGetProperty("error", out _))
        {
            return AgentReply.Unavailable("I can't reach the ticket system right now.");
        }

        return root.GetProperty("found").GetBoolean()
            ? new AgentReply(AgentOutcome.Answered, $"Ticket {number} is {Status(root.GetProperty("status").GetString())}: {root.GetProperty("summary").GetString()}.", [number.ToString()])
            : new AgentReply(AgentOutcome.Answered, "I couldn't find that ticket under your name.", []);
    }

    private static string Status(string? status) => status switch
    {
        nameof(TicketStatus.InProgress) => "being worked on",
        nameof(TicketStatus.OnHold) => "on hold",
        nameof(TicketStatus.Resolved) => "resolved",
        nameof(TicketStatus.Closed) => "closed",
        _ => "logged and waiting for a technician",
    };
}
