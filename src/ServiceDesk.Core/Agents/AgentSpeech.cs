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

    /// <summary>Below this, a cut at a sentence or word end leaves too little to be worth saying.</summary>
    private const int MinimumCut = 80;

    public static string Clean(string text) => Fit(text).Spoken;

    /// <summary>
    /// The text made fit to speak, and the cleaned part that was cut off (null when all of it fits), so an agent can go
    /// on where it stopped when the caller asks for more.
    /// </summary>
    public static (string Spoken, string? Unspoken) Fit(string text)
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
            return (spoken, null);
        }

        spoken += ".";
        if (spoken.Length <= MaxSpokenLength)
        {
            return (spoken, null);
        }

        // One character is kept for the ellipsis of a cut inside a sentence.
        var room = MaxSpokenLength - MoreOffer.Length - 1;
        var sentence = spoken.LastIndexOf(". ", room - 1, StringComparison.Ordinal);
        if (sentence > MinimumCut)
        {
            return (spoken[..(sentence + 1)] + MoreOffer, spoken[(sentence + 2)..]);
        }

        // No sentence end early enough: cut at a space, or inside one long unbroken token (never between a surrogate pair).
        var space = spoken.LastIndexOf(' ', room);
        var end = space > MinimumCut ? space : room;
        if (char.IsHighSurrogate(spoken[end - 1]))
        {
            end--;
        }

        return (spoken[..end].TrimEnd() + "…" + MoreOffer, spoken[end..].TrimStart());
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
