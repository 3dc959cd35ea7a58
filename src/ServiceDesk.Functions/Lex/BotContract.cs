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

    /// <summary>Intents that read or write tickets, so they identify the caller first (each has <see cref="Slots.EmployeeId"/> and <see cref="Slots.EmployeePin"/> slots).</summary>
    public static readonly IReadOnlyList<string> TicketIntents = [ReportIssue, CheckTicketStatus, AddTicketComment, ListRecentTickets];

    public static class Slots
    {
        public const string EmployeeId = "EmployeeId";
        /// <summary>The PIN behind an employee id; obfuscated in the bot's conversation logs, cleared from the slot once read.</summary>
        public const string EmployeePin = "EmployeePin";
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
        /// <summary>An employee id was given but its PIN was not (wrong, locked, not set, or not known).</summary>
        public const string PinNotVerified = "pin_not_verified";
        public const string RetriesExhausted = "retries_exhausted";
        public const string BackendUnavailable = "backend_unavailable";
        public const string BackendTimeout = "backend_timeout";
        public const string Deadline = "deadline";
        public const string AgentUnavailable = "agent_unavailable";
        public const string Error = "error";
    }
}
