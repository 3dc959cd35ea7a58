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
}
