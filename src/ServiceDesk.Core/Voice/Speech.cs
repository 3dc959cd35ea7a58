using System.Globalization;
using System.Text;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Core.Voice;

/// <summary>
/// Builds one spoken message as SSML (Amazon Polly dialect): caller and model text escaped, numbers read digit by digit,
/// short pauses, and never more than <see cref="MaxMessageLength"/> characters (the Lex V2 message limit).
/// </summary>
/// <remarks>
/// A message is kept as its parts (markup constants, the caller's and our text, ticket numbers) and written out once,
/// by <see cref="ToSsml"/>: every turn builds one or two, so they cost the message's string and little else.
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

    private readonly List<Part> _parts = new(16);
    private int _length;
    private bool _truncated;

    /// <summary>Text, escaped when written (<see cref="Escaped"/>), or markup as it is, or a ticket's seven digits.</summary>
    private readonly record struct Part(string? Text, bool Escaped, long Ticket, int Length);

    public static Speech Say(string text) => new Speech().Text(text);

    /// <summary>A message built earlier, from its SSML (for "say that again"); what is not a whole message is read as text.</summary>
    public static Speech FromSsml(string ssml) =>
        ssml.StartsWith(Open, StringComparison.Ordinal) && ssml.EndsWith(Close, StringComparison.Ordinal) && ssml.Length <= MaxMessageLength
            ? new Speech().Raw(ssml[Open.Length..^Close.Length])
            : Say(ssml);

    /// <summary>Free text, escaped. Text that would overflow the message is cut at a word boundary.</summary>
    public Speech Text(string text)
    {
        var length = EscapedLength(text);
        if (Fits(length))
        {
            return Add(new Part(text, Escaped: true, 0, length));
        }

        _truncated = true;
        var cut = CutToFit(text);
        return Add(new Part(cut, Escaped: true, 0, EscapedLength(cut)));
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

        return Raw(TicketMarkup).Add(new Part(null, Escaped: false, number.Sequence, TicketNumber.DigitCount)).Raw(DigitsClose);
    }

    public Speech Pause(int milliseconds = 300) => Raw(milliseconds == 300 ? UsualPause : $"<break time=\"{Math.Clamp(milliseconds, 50, 2000)}ms\"/>");

    /// <summary>
    /// This message with <paramref name="next"/> after it (a space between, so two sentences do not run together); when
    /// the two do not fit in one message, <paramref name="next"/> alone.
    /// </summary>
    public Speech Then(Speech next)
    {
        var gap = _length > 0 && next._length > 0 && LastChar() is var last && !char.IsWhiteSpace(last) && last != '>' && !char.IsWhiteSpace(next.FirstChar()) ? 1 : 0;
        if (!Fits(gap + next._length))
        {
            return next;
        }

        if (gap == 1)
        {
            Raw(" ");
        }

        _parts.AddRange(next._parts);
        _length += next._length;
        return this;
    }

    /// <summary>True when some text had to be cut to keep the message under the limit.</summary>
    public bool Truncated => _truncated;

    public string ToSsml() =>
        string.Create(Open.Length + _length + Close.Length, this, static (span, speech) =>
        {
            Open.CopyTo(span);
            var at = Open.Length;
            foreach (var part in speech._parts)
            {
                Write(part, span.Slice(at, part.Length));
                at += part.Length;
            }

            Close.CopyTo(span[at..]);
        });

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

    private static void Write(Part part, Span<char> into)
    {
        if (part.Text is null)
        {
            part.Ticket.TryFormat(into, out _, "D7", CultureInfo.InvariantCulture);
        }
        else if (part.Escaped)
        {
            WriteEscaped(part.Text, into);
        }
        else
        {
            part.Text.CopyTo(into);
        }
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

    private Speech Raw(string markup)
    {
        if (Fits(markup.Length))
        {
            Add(new Part(markup, Escaped: false, 0, markup.Length));
        }
        else
        {
            _truncated = true;
        }

        return this;
    }

    private Speech Add(Part part)
    {
        _parts.Add(part);
        _length += part.Length;
        return this;
    }

    private char LastChar()
    {
        for (var i = _parts.Count - 1; i >= 0; i--)
        {
            if (_parts[i] is { Length: > 0 } part)
            {
                return part.Text is null ? '0' : !part.Escaped ? part.Text[^1] : part.Text[^1] switch
                {
                    '&' or '<' or '>' or '"' or '\'' => ';',
                    var ch when char.IsControl(ch) => ' ',
                    var ch => ch,
                };
            }
        }

        return ' ';
    }

    private char FirstChar()
    {
        foreach (var part in _parts)
        {
            if (part.Length > 0)
            {
                return part.Text is null ? '0' : !part.Escaped ? part.Text[0] : part.Text[0] switch
                {
                    '&' or '<' or '>' or '"' or '\'' => '&',
                    var ch when char.IsControl(ch) => ' ',
                    var ch => ch,
                };
            }
        }

        return ' ';
    }

    private bool Fits(int extra) => Open.Length + _length + extra + Close.Length <= MaxMessageLength;

    private string CutToFit(string text)
    {
        var room = MaxMessageLength - Open.Length - Close.Length - _length;
        var cut = text;
        while (cut.Length > 0 && EscapedLength(cut) > room)
        {
            var space = cut.LastIndexOf(' ', Math.Max(0, cut.Length - 2));
            cut = space > 0 ? cut[..space] : cut[..^1];
        }

        return cut;
    }
}
