using System.Buffers.Binary;
using Amazon.Runtime.EventStreams;

namespace ServiceDesk.Aws.Bedrock;

/// <summary>One decoded event-stream message: its type headers and payload.</summary>
public sealed record StreamEvent(string MessageType, string? EventType, string? ExceptionType, byte[] Payload);

/// <summary>
/// Splits an <c>application/vnd.amazon.eventstream</c> body into messages with AWSSDK.Core's decoder, which checks the
/// prelude and message CRCs. A truncated or corrupted body is an <see cref="InvalidDataException"/>.
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
            catch (Exception ex) when (ex is EventStreamChecksumFailureException or EventStreamParseException)
            {
                throw new InvalidDataException("corrupted event-stream message", ex);
            }

            events.Add(new StreamEvent(
                Header(message, ":message-type") ?? "event",
                Header(message, ":event-type"),
                Header(message, ":exception-type"),
                message.Payload ?? []));
            offset += length;
        }

        return events;
    }

    private static string? Header(EventStreamMessage message, string name) =>
        message.Headers.TryGetValue(name, out var header) ? header.AsString() : null;
}
