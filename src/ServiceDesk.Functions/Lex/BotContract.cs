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
    public const string ScheduleVisit = "ScheduleVisit";
    public const string RescheduleVisit = "RescheduleVisit";
    public const string CancelVisit = "CancelVisit";

    public static readonly IReadOnlyList<string> Intents = [ReportIssue, CheckTicketStatus, AddTicketComment, ListRecentTickets, ScheduleVisit, RescheduleVisit, CancelVisit, SpeakToAgent, Goodbye, FallbackIntent];

    /// <summary>Intents that book, move or cancel a technician visit for one of the caller's tickets.</summary>
    public static readonly IReadOnlyList<string> VisitIntents = [ScheduleVisit, RescheduleVisit, CancelVisit];

    /// <summary>Intents that read or write tickets, so they identify the caller first (each has <see cref="Slots.EmployeeId"/> and <see cref="Slots.EmployeePin"/> slots).</summary>
    public static readonly IReadOnlyList<string> TicketIntents = [ReportIssue, CheckTicketStatus, AddTicketComment, ListRecentTickets, ScheduleVisit, RescheduleVisit, CancelVisit];

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
        /// <summary>The day a visit is wanted, and then its time, in the caller's words (read by our code, not Lex's types).</summary>
        public const string VisitDate = "VisitDate";
        public const string VisitTime = "VisitTime";
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
        /// <summary>The visit scheduler is down, slow or refused us: a person books the visit.</summary>
        public const string SchedulerUnavailable = "scheduler_unavailable";
        /// <summary>The visit cannot be changed here (the technician is on the way): the caller asked for a person.</summary>
        public const string VisitLocked = "visit_locked";
        public const string Error = "error";
    }
}
