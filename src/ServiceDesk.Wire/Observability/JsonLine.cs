using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ServiceDesk.Wire.Observability;

/// <summary>
/// One JSON line written to a text sink without a stream, a string or a writer per line: every Lex turn writes a log line
/// and a metric record, and a fresh <see cref="MemoryStream"/>, <see cref="Utf8JsonWriter"/> and line string each were a
/// good part of the turn's allocations. The buffer and writer are per thread, taken and given back so a line written
/// while another is being built (it should not happen, but a formatter could log) gets its own.
/// </summary>
internal sealed class JsonLine : IDisposable
{
    /// <summary>A line that grew past this is not kept for the next one: one huge line must not pin its buffer forever.</summary>
    private const int MaxKeptBytes = 16 * 1024;

    [ThreadStatic]
    private static JsonLine? t_cached;

    private readonly ArrayBufferWriter<byte> _bytes = new(1024);

    private JsonLine()
    {
        Writer = new Utf8JsonWriter(_bytes);
    }

    public Utf8JsonWriter Writer { get; }

    /// <summary>A writer positioned at the start of an empty line.</summary>
    public static JsonLine Start()
    {
        var line = t_cached ?? new JsonLine();
        t_cached = null;
        return line;
    }

    /// <summary>Writes the finished line (and a newline) to <paramref name="output"/> under <paramref name="gate"/>, then flushes.</summary>
    public void WriteTo(TextWriter output, Lock gate)
    {
        Writer.Flush();
        var bytes = _bytes.WrittenSpan;
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(bytes.Length));
        try
        {
            var count = Encoding.UTF8.GetChars(bytes, chars);
            lock (gate)
            {
                output.WriteLine(chars.AsSpan(0, count));
                output.Flush();
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    public void Dispose()
    {
        if (_bytes.Capacity > MaxKeptBytes)
        {
            return;
        }

        _bytes.ResetWrittenCount();
        Writer.Reset(_bytes);
        t_cached = this;
    }
}
