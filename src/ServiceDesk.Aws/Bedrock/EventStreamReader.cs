using System.Buffers.Binary;
using Amazon.Runtime.EventStreams;

namespace ServiceDesk.Aws.Bedrock;

/// <summary>
/// One decoded event-stream message: its type headers and payload. <see cref="ExceptionType"/> is the modeled
/// exception's name (<c>:exception-type</c>) or, for an <c>error</c> message, the service's <c>:error-code</c>.
/// </summary>
public sealed record StreamEvent(string MessageType, string? EventType, string? ExceptionType, byte[] Payload)
{
    /// <summary>The service failed the call: a modeled exception or an unmodeled error, never an answer.</summary>
    public bool IsFailure => MessageType is "exception" or "error";
}

/// <summary>
/// Splits an <c>application/vnd.amazon.eventstream</c> body into messages with AWSSDK.Core's decoder, which checks the
/// prelude and message CRCs. A truncated or corrupted body, or a message whose headers do not parse (the decoder throws
/// <see cref="ArgumentException"/> for those, e.g. a repeated header name) or whose type headers are not strings, is an
/// <see cref="InvalidDataException"/>.
/// https://docs.aws.amazon.com/lexv2/latest/dg/event-stream-encoding.html
/// </summary>
public static class EventStreamReader
{
    private const int PreludeAndChecksum = 16;

    public static IReadOnlyList<StreamEvent> Read(byte[] body)
    {
        var events = new List<StreamEvent>();
        var offset = 0;
        while (offset < body.Length)
        {
            if (body.Length - offset < PreludeAndChecksum)
            {
                throw new InvalidDataException("truncated event-stream message");
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(offset));
            if (length < PreludeAndChecksum || length > body.Length - offset)
            {
                throw new InvalidDataException("event-stream message length out of range");
            }

            EventStreamMessage message;
            try
            {
                // FromBuffer misreads a message that does not start at index 0 of its buffer, so each one gets its own.
                message = EventStreamMessage.FromBuffer(body.AsSpan(offset, length).ToArray(), 0, length);
            }
            catch (Exception ex) when (ex is EventStreamChecksumFailureException or EventStreamParseException or ArgumentException)
            {
                throw new InvalidDataException("corrupted event-stream message", ex);
            }

            events.Add(new StreamEvent(
                Header(message, ":message-type") ?? "event",
                Header(message, ":event-type"),
                Header(message, ":exception-type") ?? Header(message, ":error-code"),
                message.Payload ?? []));
            offset += length;
        }

        return events;
    }

    private static string? Header(EventStreamMessage message, string name) =>
        !message.Headers.TryGetValue(name, out var header) ? null
        : header.HeaderType == EventStreamHeaderType.String ? header.AsString()
        : throw new InvalidDataException($"event-stream header {name} is not a string");
}
