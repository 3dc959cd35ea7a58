using System.Collections.Concurrent;
using ServiceDesk.Core.Agents;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Local.Agent;

/// <summary>
/// The agent with no cloud: answers common first-line questions from the knowledge base by retrieval, looks up a
/// ticket only through the ticket tools for the session's caller, and hands over to ticket creation when no article
/// fits. A long article is read in parts: "tell me more" goes on with the same one. A technician visit is arranged
/// through the visit tools, where visits are (<paramref name="visits"/>). It says it is the offline assistant and never
/// makes up ticket or visit data.
/// </summary>
public sealed class OfflineAgent(KnowledgeBase knowledgeBase, TicketTools tools, VisitTools? visits = null) : IAgentGateway
{
    private readonly OfflineVisits _visits = new(new AgentTools(tools, visits));

    /// <summary>Below this BM25 score an article is a guess, and a guess read aloud wastes a caller's time.</summary>
    public const double MinimumScore = 1.8;

    /// <summary>Calls remembered at once; past it every remembered offer of more is forgotten (a local tool's bound).</summary>
    private const int MaxSessions = 1000;

    /// <summary>Per call, the part of the last article not yet spoken.</summary>
    private readonly ConcurrentDictionary<string, string> _unspoken = new(StringComparer.Ordinal);

    public async Task<AgentReply> AskAsync(AgentTurn turn, CancellationToken cancellationToken)
    {
        _unspoken.TryRemove(turn.SessionId, out var unspoken);
        if (CallerLexicon.AsksForMore(turn.Text))
        {
            return unspoken is null
                ? new AgentReply(AgentOutcome.Answered, "The offline assistant can answer questions about VPN, passwords, MFA, Wi-Fi, printers, email, laptops and software.", [])
                : Speak(turn.SessionId, "More from the offline assistant: " + unspoken);
        }

        if (OfflineVisits.IsAbout(turn.Text))
        {
            return await _visits.AnswerAsync(turn, cancellationToken);
        }

        if (TicketNumber.TryFind(turn.Text, out var number))
        {
            return await AnswerAboutTicketAsync(number, turn.Caller, cancellationToken);
        }

        var (article, score) = knowledgeBase.Search(turn.Text);
        if (article is null || score < MinimumScore)
        {
            return new AgentReply(AgentOutcome.SuggestTicket, "The offline assistant has no article for that, so let's log a ticket.", []);
        }

        return Speak(turn.SessionId, $"From the offline assistant, about {article.Title.ToLowerInvariant()}: {article.Body}");
    }

    public Task EndSessionAsync(string sessionId, CallerIdentity caller, CancellationToken cancellationToken)
    {
        _unspoken.TryRemove(sessionId, out _);
        return Task.CompletedTask;
    }

    private AgentReply Speak(string sessionId, string text)
    {
        var (spoken, unspoken) = AgentSpeech.Fit(text);
        if (unspoken is not null)
        {
            if (_unspoken.Count >= MaxSessions)
            {
                _unspoken.Clear();
            }

            _unspoken[sessionId] = unspoken;
        }

        return new AgentReply(AgentOutcome.Answered, spoken, []);
    }

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
