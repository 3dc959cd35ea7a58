using ServiceDesk.Testing;
using System.Text;
using ServiceDesk.Aws.Bedrock;

namespace ServiceDesk.Aws.Tests.Bedrock;

public class EventStreamReaderTests
{
    [Fact]
    public void Read_DecodesEveryMessageOfABody()
    {
        var events = EventStreamReader.Read(EventStreamFrames.Concat(EventStreamFrames.Chunk("one"), EventStreamFrames.Event("trace", "{}"), EventStreamFrames.Exception("throttlingException", "slow")));

        Assert.Equal(["chunk", "trace", null], events.Select(e => e.EventType));
        Assert.Equal("exception", events[2].MessageType);
        Assert.Equal("throttlingException", events[2].ExceptionType);
        Assert.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes("one")), Encoding.UTF8.GetString(events[0].Payload));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(30)]
    [InlineData(-2)]
    public void Read_RefusesACorruptedMessage(int at)
    {
        var frame = EventStreamFrames.Concat(EventStreamFrames.Chunk("fine"), EventStreamFrames.Chunk("broken"));
        frame[at < 0 ? frame.Length + at : EventStreamFrames.Chunk("fine").Length + at] ^= 0x5A;

        Assert.Throws<InvalidDataException>(() => EventStreamReader.Read(frame));
    }

    [Fact]
    public void Read_RefusesATruncatedBody() =>
        Assert.Throws<InvalidDataException>(() => EventStreamReader.Read(EventStreamFrames.Chunk("hello")[..^3]));

    [Fact]
    public void Read_AnErrorMessage_CarriesTheServicesErrorCode()
    {
        var e = Assert.Single(EventStreamReader.Read(EventStreamFrames.Error("InternalFailure", "boom")));

        Assert.Equal(("error", "InternalFailure", true), (e.MessageType, e.ExceptionType, e.IsFailure));
    }

    [Fact]
    public void Read_AnExceptionMessage_IsAFailureAndAnEventIsNot()
    {
        var events = EventStreamReader.Read(EventStreamFrames.Concat(EventStreamFrames.Chunk("one"), EventStreamFrames.Exception("accessDeniedException", "no")));

        Assert.Equal([false, true], events.Select(e => e.IsFailure));
    }

    public static TheoryData<string, byte[]> MalformedHeaders()
    {
        var typeHeaders = EventStreamFrames.StringHeaders([(":message-type", "event"), (":event-type", "chunk")]);
        return new()
        {
            { "a repeated header name", EventStreamFrames.StringHeaders([(":message-type", "event"), (":message-type", "event"), (":event-type", "chunk")]) },
            { "an unknown header type", [.. typeHeaders, 1, (byte)'x', 42, 0] },
            { "a header value longer than the headers", [.. typeHeaders, 1, (byte)'x', 7, 0, 200, (byte)'v'] },
            { "a header name longer than the headers", [.. typeHeaders, 90, (byte)'x'] },
            { "a message type that is not a string", [11, .. ":message-type"u8, 4, 0, 0, 0, 1, .. EventStreamFrames.StringHeaders([(":event-type", "chunk")])] },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void Read_AMessageWithValidChecksumsButMalformedHeaders_IsInvalidData(string what, byte[] headers)
    {
        var body = EventStreamFrames.Concat(EventStreamFrames.Chunk("fine"), EventStreamFrames.Message(headers, """{"bytes":""}"""));

        var ex = Record.Exception(() => EventStreamReader.Read(body));

        Assert.True(ex is InvalidDataException, $"{what}: {ex?.GetType().Name ?? "no exception"}");
    }
}
