namespace ServiceDesk.Functions.Lex;

/// <summary>
/// Names shared with the bot definition (<c>lex-bots/ServiceDeskBot</c>), the Connect flows and the lint; the bot
/// definition tests pin that every name here exists there.
/// </summary>
public static class BotContract
{
    public const string ReportIssue = "ReportIssue";
    public const string CheckTicketStatus = "CheckTicketStatus";
    public const string AddTicketComment = "AddTicketComment";
    public const string ListRecentTickets = "ListRecentTickets";
    public const string SpeakToAgent = "SpeakToAgent";
    public const string Goodbye = "Goodbye";
    public const string FallbackIntent = "FallbackIntent";

    public static readonly IReadOnlyList<string> Intents = [ReportIssue, CheckTicketStatus, AddTicketComment, ListRecentTickets, SpeakToAgent, Goodbye, FallbackIntent];

    /// <summary>Intents that read or write tickets, so they identify the caller first (each has an <see cref="Slots.EmployeeId"/> slot).</summary>
    public static readonly IReadOnlyList<string> TicketIntents = [ReportIssue, CheckTicketStatus, AddTicketComment, ListRecentTickets];

    public static class Slots
    {
        public const string EmployeeId = "EmployeeId";
        public const string Problem = "Problem";
        public const string Impact = "Impact";
        public const string AddToExisting = "AddToExisting";
        public const string TicketNumber = "TicketNumber";
        public const string Comment = "Comment";
    }

    /// <summary>Values of <see cref="Core.Callers.SessionKeys.HandoffReason"/>.</summary>
    public static class HandoffReasons
    {
        public const string CallerRequest = "caller_request";
        public const string IdentificationFailed = "identification_failed";
        public const string RetriesExhausted = "retries_exhausted";
        public const string BackendUnavailable = "backend_unavailable";
        public const string BackendTimeout = "backend_timeout";
        public const string Deadline = "deadline";
        public const string AgentUnavailable = "agent_unavailable";
        public const string Error = "error";
    }
}

/// <summary>
/// The handler's own working memory between turns, kept in Lex session attributes (Lex returns them on the next turn).
/// Not part of the flow contract; all start with <c>sd</c> so the flow can ignore them.
/// </summary>
internal static class TurnKeys
{
    public const string Intent = "sdIntent";
    public const string Awaiting = "sdAwaiting";
    public const string IdFailures = "sdIdFailures";
    public const string TicketMisses = "sdTicketMisses";
    public const string SlotMisses = "sdSlotMisses";
    public const string Choices = "sdChoices";
    public const string DuplicateChecked = "sdDupChecked";
    public const string Duplicate = "sdDuplicate";
    public const string Denials = "sdDenials";
    public const string FallbackMisses = "sdFallbackMisses";
    public const string OfferedPerson = "sdOfferedPerson";
    public const string AgentUsed = "sdAgentUsed";
    public const string Tickets = "sdTickets";

    /// <summary>
    /// Reset whenever the caller moves to another intent, so one task's state never leaks into the next. Not
    /// <see cref="IdFailures"/>: it counts for the whole call, or switching intents would give unlimited guesses at an id.
    /// </summary>
    public static readonly string[] PerIntent = [Awaiting, TicketMisses, SlotMisses, Choices, DuplicateChecked, Duplicate, Denials];

    public const string Confirm = "Confirm";
}
