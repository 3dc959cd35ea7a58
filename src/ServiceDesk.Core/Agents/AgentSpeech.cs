using System.Text.RegularExpressions;

namespace ServiceDesk.Core.Agents;

/// <summary>
/// Makes an agent's text fit to speak: no markdown, links or citation marks, and a long answer cut to its first useful
/// part with an offer of more. The result is plain text; <see cref="Voice.Speech"/> escapes it for SSML.
/// </summary>
public static partial class AgentSpeech
{
    /// <summary>About thirty seconds of speech: longer answers lose callers on the phone.</summary>
    public const int MaxSpokenLength = 450;

    public const string MoreOffer = " There is more if you need it.";

    public static string Clean(string text)
    {
        var spoken = MarkdownLink().Replace(text, "$1");
        spoken = Url().Replace(spoken, "the link on the IT portal");
        spoken = Citation().Replace(spoken, string.Empty);
        spoken = Markup().Replace(spoken, " ");
        spoken = ListMarker().Replace(spoken, ". ");
        spoken = Spaces().Replace(spoken, " ").Trim(' ', '.');
        spoken = spoken.Replace(". .", ".", StringComparison.Ordinal);
        if (spoken.Length == 0)
        {
            return spoken;
        }

        spoken += ".";
        if (spoken.Length <= MaxSpokenLength)
        {
            return spoken;
        }

        var room = MaxSpokenLength - MoreOffer.Length;
        var cut = spoken.LastIndexOf(". ", room, StringComparison.Ordinal);
        return (cut > 80 ? spoken[..(cut + 1)] : spoken[..spoken.LastIndexOf(' ', room)] + "…") + MoreOffer;
    }

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]+\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"https?://\S+|www\.\S+")]
    private static partial Regex Url();

    [GeneratedRegex(@"\[\d+\]|%\[\d+\]%")]
    private static partial Regex Citation();

    [GeneratedRegex(@"[*_`#>|~]+")]
    private static partial Regex Markup();

    [GeneratedRegex(@"(?:^|\n)\s*(?:[-•]|\d+\.)\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
