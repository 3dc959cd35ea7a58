using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceDesk.Emulation.Calls;

/// <summary>
/// The call as JSON (<c>--transcript</c>): turns (a caller's turn with the intent the bot took it for), handler calls
/// with latencies (Lex hooks with their intent and slots, Connect invocations with the block's parameters and the
/// attributes returned), tickets touched, the outcome.
/// </summary>
public sealed record CallTranscript(
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("turns")] IReadOnlyList<TranscriptTurn> Turns,
    [property: JsonPropertyName("handlerCalls")] IReadOnlyList<TranscriptHandlerCall> HandlerCalls,
    [property: JsonPropertyName("tickets")] IReadOnlyList<TranscriptTicket> Tickets,
    [property: JsonPropertyName("contactAttributes")] IReadOnlyDictionary<string, string> ContactAttributes)
{
    public static CallTranscript From(CallResult result) => new(
        result.Outcome.ToString().ToLowerInvariant(),
        [.. result.Lines.Select(l => new TranscriptTurn(l.Speaker, l.Text, l.Keypad ? true : null, l.Intent))],
        [.. result.HandlerCalls.Select(c => new TranscriptHandlerCall(c.Function, c.Source, c.Intent, WithValues(c.Slots), c.Parameters, c.Returned, Math.Round(c.Milliseconds, 2)))],
        [.. result.Tickets.Select(t => new TranscriptTicket(t.Ticket.Number.ToString(), t.Change, t.Ticket.Summary, t.Ticket.Status.ToString(), t.Ticket.Priority.ToString()))],
        result.ContactAttributes);

    private static Dictionary<string, string>? WithValues(IReadOnlyDictionary<string, string?>? map) =>
        map?.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, CallTranscriptJsonContext.Default.CallTranscript);
}

public sealed record TranscriptTurn(
    [property: JsonPropertyName("speaker")] string Speaker,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("keypad")] bool? Keypad,
    [property: JsonPropertyName("intent")] string? Intent);

public sealed record TranscriptHandlerCall(
    [property: JsonPropertyName("function")] string Function,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("intent")] string? Intent,
    [property: JsonPropertyName("slots")] IReadOnlyDictionary<string, string>? Slots,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, string>? Parameters,
    [property: JsonPropertyName("returned")] IReadOnlyDictionary<string, string>? Returned,
    [property: JsonPropertyName("ms")] double Milliseconds);

public sealed record TranscriptTicket(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("change")] string Change,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("priority")] string Priority);

[JsonSerializable(typeof(CallTranscript))]
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class CallTranscriptJsonContext : JsonSerializerContext;
