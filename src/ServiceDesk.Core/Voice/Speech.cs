using System.Globalization;
using System.Text;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Core.Voice;

/// <summary>
/// Builds one spoken message as SSML (Amazon Polly dialect): caller and model text escaped, numbers read digit by digit,
/// short pauses, and never more than <see cref="MaxMessageLength"/> characters (the Lex V2 message limit).
/// </summary>
public sealed class Speech
{
    /// <summary>Lex V2 rejects a message longer than this.</summary>
    public const int MaxMessageLength = 1024;

    private const string Open = "<speak>";
    private const string Close = "</speak>";
    private readonly StringBuilder _ssml = new(256);
    private bool _truncated;

    public static Speech Say(string text) => new Speech().Text(text);

    /// <summary>A message built earlier, from its SSML (for "say that again"); what is not a whole message is read as text.</summary>
    public static Speech FromSsml(string ssml) =>
        ssml.StartsWith(Open, StringComparison.Ordinal) && ssml.EndsWith(Close, StringComparison.Ordinal) && ssml.Length <= MaxMessageLength
            ? new Speech().Raw(ssml[Open.Length..^Close.Length])
            : Say(ssml);

    /// <summary>Free text, escaped. Text that would overflow the message is cut at a word boundary.</summary>
    public Speech Text(string text)
    {
        if (Fits(EscapedLength(text)))
        {
            AppendEscaped(_ssml, text);
        }
        else
        {
            _ssml.Append(CutToFit(text));
            _truncated = true;
        }

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
        if (Fits(TicketMarkup.Length + TicketNumber.DigitCount + DigitsClose.Length))
        {
            _ssml.Append(TicketMarkup).Append(number.Sequence.ToString("D7", CultureInfo.InvariantCulture)).Append(DigitsClose);
        }
        else
        {
            _truncated = true;
        }

        return this;
    }

    private const string TicketMarkup = "<say-as interpret-as=\"characters\">" + TicketNumber.Prefix + "</say-as><break time=\"200ms\"/><say-as interpret-as=\"digits\">";
    private const string DigitsClose = "</say-as>";

    public Speech Pause(int milliseconds = 300) => Raw(milliseconds == 300 ? UsualPause : $"<break time=\"{Math.Clamp(milliseconds, 50, 2000)}ms\"/>");

    private const string UsualPause = "<break time=\"300ms\"/>";

    /// <summary>
    /// This message with <paramref name="next"/> after it (a space between, so two sentences do not run together); when
    /// the two do not fit in one message, <paramref name="next"/> alone.
    /// </summary>
    public Speech Then(Speech next)
    {
        var gap = _ssml.Length > 0 && next._ssml.Length > 0 && !char.IsWhiteSpace(_ssml[^1]) && _ssml[^1] != '>' && !char.IsWhiteSpace(next._ssml[0]) ? " " : string.Empty;
        if (!Fits(gap.Length + next._ssml.Length))
        {
            return next;
        }

        _ssml.Append(gap).Append(next._ssml);
        return this;
    }

    /// <summary>True when some text had to be cut to keep the message under the limit.</summary>
    public bool Truncated => _truncated;

    public string ToSsml() =>
        string.Create(Open.Length + _ssml.Length + Close.Length, _ssml, static (span, ssml) =>
        {
            Open.CopyTo(span);
            ssml.CopyTo(0, span[Open.Length..], ssml.Length);
            Close.CopyTo(span[^Close.Length..]);
        });

    public override string ToString() => ToSsml();

    public static string Escape(string text)
    {
        if (EscapedLength(text) == text.Length && !text.AsSpan().ContainsAnyInRange('\0', '\u001f') && !text.AsSpan().ContainsAnyInRange('\u007f', '\u009f'))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        AppendEscaped(sb, text);
        return sb.ToString();
    }

    private static void AppendEscaped(StringBuilder sb, string text)
    {
        foreach (var ch in text)
        {
            _ = ch switch
            {
                '&' => sb.Append("&amp;"),
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '"' => sb.Append("&quot;"),
                '\'' => sb.Append("&apos;"),
                // Control characters are invalid in XML 1.0; speech engines reject the whole message.
                _ when char.IsControl(ch) => sb.Append(' '),
                _ => sb.Append(ch),
            };
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
            _ssml.Append(markup);
        }
        else
        {
            _truncated = true;
        }

        return this;
    }

    private bool Fits(int extra) => Open.Length + _ssml.Length + extra + Close.Length <= MaxMessageLength;

    private string CutToFit(string text)
    {
        var room = MaxMessageLength - Open.Length - Close.Length - _ssml.Length;
        var cut = text;
        while (cut.Length > 0 && EscapedLength(cut) > room)
        {
            var space = cut.LastIndexOf(' ', Math.Max(0, cut.Length - 2));
            cut = space > 0 ? cut[..space] : cut[..^1];
        }

        return Escape(cut);
    }
}
