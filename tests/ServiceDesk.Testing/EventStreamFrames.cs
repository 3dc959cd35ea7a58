using System.Buffers.Binary;
using System.Text;

namespace ServiceDesk.Testing;

/// <summary>Builds event-stream frames by hand (prelude, string headers, payload, CRC32s), independently of the SDK.</summary>
public static class EventStreamFrames
{
    public const string ContentType = "application/vnd.amazon.eventstream";

    public static byte[] Chunk(string text) =>
        Event("chunk", $$"""{"bytes":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}}"}""");

    public static byte[] Event(string eventType, string json) =>
        Message([(":message-type", "event"), (":event-type", eventType), (":content-type", "application/json")], json);

    public static byte[] Exception(string exceptionType, string message) =>
        Message([(":message-type", "exception"), (":exception-type", exceptionType), (":content-type", "application/json")], $$"""{"message":"{{message}}"}""");

    /// <summary>An unmodeled service error: <c>:message-type error</c> with <c>:error-code</c> and <c>:error-message</c>, no payload.</summary>
    public static byte[] Error(string code, string message) =>
        Message([(":message-type", "error"), (":error-code", code), (":error-message", message)], string.Empty);

    public static byte[] Concat(params byte[][] frames) => [.. frames.SelectMany(f => f)];

    public static byte[] Message(IEnumerable<(string Name, string Value)> headers, string payload) =>
        Message(StringHeaders(headers), payload);

    /// <summary>String headers in wire form (name length, name, type 7, value length, value).</summary>
    public static byte[] StringHeaders(IEnumerable<(string Name, string Value)> headers)
    {
        var headerBytes = new List<byte>();
        foreach (var (name, value) in headers)
        {
            var n = Encoding.UTF8.GetBytes(name);
            var v = Encoding.UTF8.GetBytes(value);
            headerBytes.Add((byte)n.Length);
            headerBytes.AddRange(n);
            headerBytes.Add(7);
            headerBytes.Add((byte)(v.Length >> 8));
            headerBytes.Add((byte)v.Length);
            headerBytes.AddRange(v);
        }

        return [.. headerBytes];
    }

    /// <summary>A frame with any header bytes, well-formed or not, framed with a correct length and CRCs.</summary>
    public static byte[] Message(byte[] headerBytes, string payload)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        var total = 12 + headerBytes.Length + body.Length + 4;
        var frame = new byte[total];
        BinaryPrimitives.WriteInt32BigEndian(frame, total);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), headerBytes.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc32(frame.AsSpan(0, 8)));
        headerBytes.CopyTo(frame, 12);
        body.CopyTo(frame, 12 + headerBytes.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), Crc32(frame.AsSpan(0, total - 4)));
        return frame;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
