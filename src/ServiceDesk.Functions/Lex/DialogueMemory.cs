using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// What the bot remembers between turns of one call, in one typed record. Lex returns session attributes on every
/// turn, so the record travels as one attribute (<see cref="Key"/>, source-generated JSON): read once when a turn
/// starts, written once in its reply. Not part of the flow contract.
/// </summary>
internal sealed class DialogueMemory
{
    public const string Key = "sdMemory";

    /// <summary>
    /// The last reply travels in an attribute of its own: it is the SSML the reply's message already holds, so the turn
    /// neither copies it into the JSON nor escapes every bracket and quote of it there.
    /// </summary>
    public const string LastPromptKey = "sdLastPrompt";

    /// <summary>The memory the turn's attributes carry (<see cref="Key"/> and <see cref="LastPromptKey"/>).</summary>
    public static DialogueMemory From(IReadOnlyDictionary<string, string> attributes)
    {
        var memory = Read(attributes.GetValueOrDefault(Key));
        memory.LastPrompt = attributes.GetValueOrDefault(LastPromptKey);
        return memory;
    }

    /// <summary>Puts the memory in the reply's attributes: the one place it is written.</summary>
    public void WriteTo(Dictionary<string, string> attributes)
    {
        attributes[Key] = Write();
        if (LastPrompt is { } last)
        {
            attributes[LastPromptKey] = last;
        }
        else
        {
            attributes.Remove(LastPromptKey);
        }
    }

    /// <summary>The intent whose task is in hand; another intent starts a new task.</summary>
    public string? Task { get; set; }

    /// <summary>The task the caller left for another one ("I need a technician" while we asked which ticket), for the handoff.</summary>
    public string? Interrupted { get; set; }

    /// <summary>What the last reply asked for: a slot name or one of <see cref="Questions"/>; this turn's words answer it.</summary>
    public string? Awaiting { get; set; }

    /// <summary>
    /// The request that had to wait for the caller's employee id ("what's going on with the latest one I raised?"), so
    /// its reference or comment is read once they are identified.
    /// </summary>
    public string? Pending { get; set; }

    /// <summary>The last reply as spoken (SSML), for "say that again"; kept in <see cref="LastPromptKey"/>, not in the JSON.</summary>
    [JsonIgnore]
    public string? LastPrompt { get; set; }

    /// <summary>The problem being reported, as first told, with its corrections and the details added since.</summary>
    public ProblemMemory? Problem { get; set; }

    public TicketImpact? Impact { get; set; }

    /// <summary>The open ticket offered as the same problem, and whether the caller has answered that question.</summary>
    public string? Duplicate { get; set; }
    public bool DuplicateChecked { get; set; }
    public bool? SameProblem { get; set; }

    /// <summary>The article the agent last offered (a tip), so "that didn't help" opens a ticket for the problem in hand.</summary>
    public bool TipOffered { get; set; }

    /// <summary>Tickets this call touched, oldest first (the last few), and the one last talked about ("put a note on it").</summary>
    public List<string> Touched { get; set; } = [];
    public string? Discussed { get; set; }

    /// <summary>The tickets just read out as choices, by sequence, in the order read.</summary>
    public List<long> Choices { get; set; } = [];

    public int TicketsCreated { get; set; }

    /// <summary>The tickets this call created, by sequence, oldest first (the last few): the goodbye recaps them.</summary>
    public List<long> CreatedTickets { get; set; } = [];

    /// <summary>The visit being arranged: its ticket, the dates and times the scheduler offered (ISO, soonest first), how
    /// far down them the caller has heard, the part of the day they want, and their choices so far.</summary>
    public string? VisitTicket { get; set; }
    public List<string> VisitDates { get; set; } = [];
    public List<string> VisitTimes { get; set; } = [];
    public int VisitPage { get; set; }
    public Core.Visits.DayPart VisitPart { get; set; }
    public string? VisitDate { get; set; }
    public string? VisitTime { get; set; }
    /// <summary>What changed this call: visits booked or moved, and cancelled (for the summary and the transcript).</summary>
    public int VisitsBooked { get; set; }

    /// <summary>The visit is done or dropped: its choices must not leak into the next request.</summary>
    public void ForgetVisit()
    {
        VisitTicket = null;
        VisitDates = [];
        VisitTimes = [];
        VisitPage = 0;
        VisitPart = Core.Visits.DayPart.Any;
        VisitDate = null;
        VisitTime = null;
    }
    public int IdFailures { get; set; }

    /// <summary>The employee whose id was given and whose PIN is asked (their caller id, never the PIN).</summary>
    public string? Claimed { get; set; }

    /// <summary>PIN answers this call that were wrong or unreadable; the lock across calls is the store's.</summary>
    public int PinMisses { get; set; }

    /// <summary>The PIN could not be verified: a report goes on, logged as unverified; tickets stay closed.</summary>
    public bool Unverified { get; set; }
    public int TicketMisses { get; set; }
    public int SlotMisses { get; set; }
    public int Denials { get; set; }
    public int FallbackMisses { get; set; }
    public int Silences { get; set; }
    public bool OfferedPerson { get; set; }
    public bool AgentUsed { get; set; }

    /// <summary>For the call's summary: when the bot first answered, the intents it handled, its turns, the agent's answers.</summary>
    public DateTimeOffset? StartedAt { get; set; }
    public List<string> Intents { get; set; } = [];
    public int Turns { get; set; }
    public int AgentAnswers { get; set; }

    /// <summary>
    /// A reply for <paramref name="intent"/>; a caller's turn when it answers the dialog hook (Lex calls fulfilment after
    /// the dialog hook on the same words, which is not another turn).
    /// </summary>
    public void CountTurn(string intent, DateTimeOffset now, bool callerTurn)
    {
        StartedAt ??= now;
        Turns += callerTurn ? 1 : 0;
        if (intent.Length > 0 && !Intents.Contains(intent) && Intents.Count < 10)
        {
            Intents.Add(intent);
        }
    }

    /// <summary>
    /// A new task: what belongs to the last one goes; the call's memory (tickets, problem, counters of the call) stays.
    /// An open question (asked with no task in hand, such as "shall I log a ticket?") stays for whichever intent answers it.
    /// </summary>
    public void StartTask(string? intent)
    {
        if (Task is not null)
        {
            Awaiting = null;
            Interrupted = Task;
            Pending = null;
        }

        // Days and times offered for a visit belong to the visit; moving between booking, moving and cancelling keeps them.
        if (Task is { } left && BotContract.VisitIntents.Contains(left) && (intent is null || !BotContract.VisitIntents.Contains(intent)))
        {
            ForgetVisit();
        }

        Task = intent;
        TicketMisses = 0;
        SlotMisses = 0;
        Denials = 0;
    }

    /// <summary>The report is done (logged, added, or abandoned): its problem must not leak into the next one.</summary>
    public void ForgetReport()
    {
        Problem = null;
        Impact = null;
        Duplicate = null;
        DuplicateChecked = false;
        SameProblem = null;
        TipOffered = false;
    }

    public void RecordCreated(TicketNumber number)
    {
        TicketsCreated++;
        CreatedTickets.Add(number.Sequence);
        if (CreatedTickets.Count > 5)
        {
            CreatedTickets.RemoveAt(0);
        }
    }

    public void Touch(TicketNumber number)
    {
        Touched.Remove(number.ToString());
        Touched.Add(number.ToString());
        if (Touched.Count > 5)
        {
            Touched.RemoveAt(0);
        }

        Discussed = number.ToString();
    }

    public static DialogueMemory Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return new DialogueMemory();
        }

        try
        {
            return JsonSerializer.Deserialize(json, DialogueJsonContext.Default.DialogueMemory) ?? new DialogueMemory();
        }
        catch (JsonException)
        {
            // A memory we cannot read (an older shape, or tampered with in the test console) starts afresh; the call goes on.
            return new DialogueMemory();
        }
    }

    public string Write() => JsonSerializer.Serialize(this, DialogueJsonContext.Default.DialogueMemory);

    /// <summary>Questions the bot asks that are not slots.</summary>
    public static class Questions
    {
        public const string Confirm = "Confirm";
        public const string SameProblem = "SameProblem";
        public const string TicketOffer = "TicketOffer";
        public const string PersonOffer = "PersonOffer";
        /// <summary>"Would you like a technician to come out?" after a hardware report.</summary>
        public const string VisitOffer = "VisitOffer";
    }
}

/// <summary>The problem as the caller first told it, what it is now after corrections, and details added since.</summary>
internal sealed class ProblemMemory
{
    public string Told { get; set; } = string.Empty;
    public string Current { get; set; } = string.Empty;
    public List<string> Details { get; set; } = [];

    /// <summary>For the ticket: the problem as it now stands, then the details in the order given.</summary>
    public string Description() =>
        Details.Count == 0 ? Current : Current.TrimEnd('.') + ". " + string.Join(". ", Details.Select(d => d.TrimEnd('.')));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault, UseStringEnumConverter = true)]
[JsonSerializable(typeof(DialogueMemory))]
internal sealed partial class DialogueJsonContext : JsonSerializerContext;
