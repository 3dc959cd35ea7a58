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
        var escaped = Escape(text);
        if (!Fits(escaped.Length))
        {
            escaped = CutToFit(text);
            _truncated = true;
        }

        _ssml.Append(escaped);
        return this;
    }

    /// <summary>Reads each digit on its own ("one two three"), the way a caller writes a number down.</summary>
    public Speech Digits(string digits)
    {
        var clean = new string(digits.Where(char.IsAsciiDigit).ToArray());
        return Raw($"<say-as interpret-as=\"digits\">{clean}</say-as>");
    }

    /// <summary>"I N C, zero zero one two three four five" with a breath between the letters and the digits.</summary>
    public Speech Ticket(TicketNumber number) =>
        Raw($"<say-as interpret-as=\"characters\">{TicketNumber.Prefix}</say-as><break time=\"200ms\"/><say-as interpret-as=\"digits\">{number.Digits}</say-as>");

    public Speech Pause(int milliseconds = 300) => Raw($"<break time=\"{Math.Clamp(milliseconds, 50, 2000)}ms\"/>");

    /// <summary>
    /// This message with <paramref name="next"/> after it (a space between, so two sentences do not run together); when
    /// the two do not fit in one message, <paramref name="next"/> alone.
    /// </summary>
    public Speech Then(Speech next)
    {
        var gap = _ssml.Length > 0 && next._ssml.Length > 0 && !char.IsWhiteSpace(_ssml[^1]) && _ssml[^1] != '>' && !char.IsWhiteSpace(next._ssml[0]) ? " " : string.Empty;
        return Fits(gap.Length + next._ssml.Length) ? Raw(gap + next._ssml) : next;
    }

    /// <summary>True when some text had to be cut to keep the message under the limit.</summary>
    public bool Truncated => _truncated;

    public string ToSsml() => Open + _ssml + Close;

    public override string ToString() => ToSsml();

    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
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

        return sb.ToString();
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
        while (cut.Length > 0 && Escape(cut).Length > room)
        {
            var space = cut.LastIndexOf(' ', Math.Max(0, cut.Length - 2));
            cut = space > 0 ? cut[..space] : cut[..^1];
        }

        return Escape(cut);
    }
}
