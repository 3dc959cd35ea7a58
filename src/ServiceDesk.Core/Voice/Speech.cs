using System.Buffers;
using System.Globalization;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Core.Voice;

/// <summary>
/// Builds one spoken message as SSML (Amazon Polly dialect): caller and model text escaped, numbers read digit by digit,
/// short pauses, and never more than <see cref="MaxMessageLength"/> characters (the Lex V2 message limit).
/// </summary>
/// <remarks>
/// A message is written into a pooled buffer as it is built and becomes a string once, in <see cref="ToSsml"/> (which
/// hands the buffer back): every turn builds one or two, so they cost the message's string and little else. Built on
/// after that, it takes a buffer again.
/// </remarks>
public sealed class Speech
{
    /// <summary>Lex V2 rejects a message longer than this.</summary>
    public const int MaxMessageLength = 1024;

    private const string Open = "<speak>";
    private const string Close = "</speak>";
    private const string TicketMarkup = "<say-as interpret-as=\"characters\">" + TicketNumber.Prefix + "</say-as><break time=\"200ms\"/><say-as interpret-as=\"digits\">";
    private const string DigitsClose = "</say-as>";
    private const string UsualPause = "<break time=\"300ms\"/>";
    private static readonly int MaxBody = MaxMessageLength - Open.Length - Close.Length;

    private char[]? _buffer;
    private string? _ssml;
    private int _length;
    private bool _truncated;

    public static Speech Say(string text) => new Speech().Text(text);

    /// <summary>A message built earlier, from its SSML (for "say that again"); what is not a whole message is read as text.</summary>
    public static Speech FromSsml(string ssml) =>
        ssml.StartsWith(Open, StringComparison.Ordinal) && ssml.EndsWith(Close, StringComparison.Ordinal) && ssml.Length <= MaxMessageLength
            ? new Speech().Raw(ssml.AsSpan(Open.Length, ssml.Length - Open.Length - Close.Length))
            : Say(ssml);

    /// <summary>Free text, escaped. Text that would overflow the message is cut at a word boundary.</summary>
    public Speech Text(string text)
    {
        var length = EscapedLength(text);
        if (!Fits(length))
        {
            _truncated = true;
            text = CutToFit(text);
            length = EscapedLength(text);
        }

        WriteEscaped(text, Room()[..length]);
        _length += length;
        return this;
    }

    /// <summary>Reads each digit on its own ("one two three"), the way a caller writes a number down.</summary>
    public Speech Digits(string digits)
    {
        var clean = new string(digits.Where(char.IsAsciiDigit).ToArray());
        return Raw($"<say-as interpret-as=\"digits\">{clean}</say-as>");
    }

    /// <summary>"I N C, zero zero one two three four five" with a breath between the letters and the digits.</summary>
    public Speech Ticket(TicketNumber number)
    {
        if (!Fits(TicketMarkup.Length + TicketNumber.DigitCount + DigitsClose.Length))
        {
            _truncated = true;
            return this;
        }

        Raw(TicketMarkup);
        number.Sequence.TryFormat(Room(), out var written, "D7", CultureInfo.InvariantCulture);
        _length += written;
        return Raw(DigitsClose);
    }

    public Speech Pause(int milliseconds = 300) => Raw(milliseconds == 300 ? UsualPause : $"<break time=\"{Math.Clamp(milliseconds, 50, 2000)}ms\"/>");

    /// <summary>
    /// This message with <paramref name="next"/> after it (a space between, so two sentences do not run together); when
    /// the two do not fit in one message, <paramref name="next"/> alone.
    /// </summary>
    public Speech Then(Speech next)
    {
        var body = Body();
        var nextBody = next.Body();
        var gap = body.Length > 0 && nextBody.Length > 0 && !char.IsWhiteSpace(body[^1]) && body[^1] != '>' && !char.IsWhiteSpace(nextBody[0]) ? 1 : 0;
        if (!Fits(gap + nextBody.Length))
        {
            return next;
        }

        if (gap == 1)
        {
            Raw(" ");
        }

        // next's text is read before this message writes: they can be the same message.
        var copy = next == this ? nextBody.ToString() : null;
        return Raw(copy is null ? next.Body() : copy.AsSpan());
    }

    /// <summary>True when some text had to be cut to keep the message under the limit.</summary>
    public bool Truncated => _truncated;

    public string ToSsml()
    {
        if (_ssml is not null)
        {
            return _ssml;
        }

        var body = Body();
        _ssml = string.Concat(Open, body, Close);
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<char>.Shared.Return(buffer);
        }

        return _ssml;
    }

    public override string ToString() => ToSsml();

    public static string Escape(string text)
    {
        var length = EscapedLength(text);
        if (length == text.Length && !text.AsSpan().ContainsAnyInRange('\0', '\u001f') && !text.AsSpan().ContainsAnyInRange('\u007f', '\u009f'))
        {
            return text;
        }

        return string.Create(length, text, static (span, text) => WriteEscaped(text, span));
    }

    private static void WriteEscaped(string text, Span<char> into)
    {
        var at = 0;
        foreach (var ch in text)
        {
            var entity = ch switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&apos;",
                _ => null,
            };
            if (entity is not null)
            {
                entity.CopyTo(into[at..]);
                at += entity.Length;
            }
            else
            {
                // Control characters are invalid in XML 1.0; speech engines reject the whole message.
                into[at++] = char.IsControl(ch) ? ' ' : ch;
            }
        }
    }

    private static int EscapedLength(string text)
    {
        var length = text.Length;
        foreach (var ch in text)
        {
            length += ch switch
            {
                '&' => 4,
                '<' or '>' => 3,
                '"' or '\'' => 5,
                _ => 0,
            };
        }

        return length;
    }

    private Speech Raw(ReadOnlySpan<char> markup)
    {
        if (Fits(markup.Length))
        {
            markup.CopyTo(Room());
            _length += markup.Length;
        }
        else
        {
            _truncated = true;
        }

        return this;
    }

    /// <summary>What is written so far, without the speak element.</summary>
    private ReadOnlySpan<char> Body() =>
        _buffer is { } buffer ? buffer.AsSpan(0, _length) : _ssml is { } ssml ? ssml.AsSpan(Open.Length, _length) : [];

    /// <summary>The space left to write in, taking a buffer (and what was written before it) when there is none.</summary>
    private Span<char> Room()
    {
        if (_buffer is null)
        {
            _buffer = ArrayPool<char>.Shared.Rent(MaxBody);
            _ssml?.AsSpan(Open.Length, _length).CopyTo(_buffer);
            _ssml = null;
        }

        return _buffer.AsSpan(_length, MaxBody - _length);
    }

    private bool Fits(int extra) => _length + extra <= MaxBody;

    private string CutToFit(string text)
    {
        var room = MaxBody - _length;
        var cut = text;
        while (cut.Length > 0 && EscapedLength(cut) > room)
        {
            var space = cut.LastIndexOf(' ', Math.Max(0, cut.Length - 2));
            cut = space > 0 ? cut[..space] : cut[..^1];
        }

        return cut;
    }
}
