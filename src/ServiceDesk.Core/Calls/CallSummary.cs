using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceDesk.Core.Calls;

/// <summary>How a call ended, as the desk counts it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CallSummaryOutcome>))]
public enum CallSummaryOutcome
{
    /// <summary>The caller was helped without a person or a new ticket (a status, a note, an answer), and said goodbye.</summary>
    [JsonStringEnumMemberName("self_served")]
    SelfServed,

    /// <summary>The call logged at least one ticket and ended without a person.</summary>
    [JsonStringEnumMemberName("ticket")]
    Ticket,

    /// <summary>The bot handed the caller to a person (asked for, or a failure), and the flow put them through.</summary>
    [JsonStringEnumMemberName("transferred")]
    Transferred,

    /// <summary>The caller took a call back instead of holding.</summary>
    [JsonStringEnumMemberName("callback")]
    Callback,

    /// <summary>The caller hung up before a ticket, a goodbye or a person.</summary>
    [JsonStringEnumMemberName("abandoned")]
    Abandoned,
}

/// <summary>
/// One call, as the desk keeps it after the call: who (the caller id and a masked number, never a name), verified how,
/// what they asked for, the tickets touched, how it ended, and a short summary. Written as the call goes (so a hang-up
/// leaves what was known at the last turn) and closed once by the first ending the flow reports.
/// </summary>
public sealed record CallSummary
{
    /// <summary>The Connect contact (its initial contact id), the record's key.</summary>
    [JsonPropertyName("contact_id")]
    public required string ContactId { get; init; }

    /// <summary>Empty when the caller was never identified.</summary>
    [JsonPropertyName("caller_id")]
    public string CallerId { get; init; } = string.Empty;

    /// <summary>The presented number, masked (<c>+1******0100</c>); null when withheld.</summary>
    [JsonPropertyName("caller_phone")]
    public string? CallerPhone { get; init; }

    /// <summary><c>phone</c>, <c>employeeIdPin</c> or <c>none</c>, as the flow and the bot say it.</summary>
    [JsonPropertyName("verified_by")]
    public string VerifiedBy { get; init; } = "none";

    /// <summary>The intents the bot handled, in the order first met.</summary>
    [JsonPropertyName("intents")]
    public IReadOnlyList<string> Intents { get; init; } = [];

    /// <summary>Tickets the call touched (created, read, commented), oldest first.</summary>
    [JsonPropertyName("tickets")]
    public IReadOnlyList<string> Tickets { get; init; } = [];

    [JsonPropertyName("tickets_created")]
    public int TicketsCreated { get; init; }

    [JsonPropertyName("outcome")]
    public CallSummaryOutcome Outcome { get; init; }

    /// <summary>The bot's handoff reason (<c>caller_request</c>, <c>backend_unavailable</c>, ...) when it handed off.</summary>
    [JsonPropertyName("transfer_reason")]
    public string? TransferReason { get; init; }

    /// <summary>How the bot's part ended: <c>goodbye</c>, <c>handoff</c>, or null while it is still talking (or never did).</summary>
    [JsonPropertyName("bot_ending")]
    public string? BotEnding { get; init; }

    /// <summary>The ending the flow reported (<see cref="CallEndings"/>); null while the call goes on.</summary>
    [JsonPropertyName("ending")]
    public string? Ending { get; init; }

    /// <summary>Caller turns the bot answered.</summary>
    [JsonPropertyName("turns")]
    public int Turns { get; init; }

    /// <summary>Turns the agent answered from the knowledge base.</summary>
    [JsonPropertyName("agent_answers")]
    public int AgentAnswers { get; init; }

    [JsonPropertyName("started_at")]
    public DateTimeOffset StartedAt { get; init; }

    [JsonPropertyName("ended_at")]
    public DateTimeOffset? EndedAt { get; init; }

    [JsonPropertyName("duration_seconds")]
    public int DurationSeconds { get; init; }

    [JsonPropertyName("summary")]
    public string Summary { get; init; } = string.Empty;

    [JsonIgnore]
    public bool Ended => EndedAt is not null;

    /// <summary>Whether no person was needed: a self-served call or one that logged its ticket.</summary>
    [JsonIgnore]
    public bool Contained => Outcome is CallSummaryOutcome.SelfServed or CallSummaryOutcome.Ticket;

    public string ToJson() => JsonSerializer.Serialize(this, CallSummaryJson.Default.CallSummary);

    /// <exception cref="JsonException">Not a stored summary.</exception>
    public static CallSummary FromJson(string json) =>
        JsonSerializer.Deserialize(json, CallSummaryJson.Default.CallSummary) ?? throw new JsonException("null call summary");
}

/// <summary>The endings the contact flow reports to <c>ContactFlow</c>'s <c>endCall</c>.</summary>
public static class CallEndings
{
    /// <summary>Put through to the queue.</summary>
    public const string Transfer = "transfer";

    /// <summary>A callback was booked.</summary>
    public const string Callback = "callback";

    /// <summary>The flow said goodbye and disconnected.</summary>
    public const string Disconnect = "disconnect";

    /// <summary>The caller hung up (the disconnect flow; locally, the end of input).</summary>
    public const string HangUp = "hangup";

    public static readonly IReadOnlyList<string> All = [Transfer, Callback, Disconnect, HangUp];
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CallSummary))]
[JsonSerializable(typeof(List<CallSummary>))]
public sealed partial class CallSummaryJson : JsonSerializerContext;
