using System.Text.RegularExpressions;
using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Functions.Lex;

/// <summary>What goes on a ticket as a comment: the substance of what was said, never filler or a bare yes.</summary>
internal static partial class CommentText
{
    /// <summary>"Can you add to my printer ticket that it's now showing error 50" → "it's now showing error 50".</summary>
    public static string? InRequest(string? said) =>
        string.IsNullOrWhiteSpace(said) ? null : Request().Match(said) is { Success: true } m ? m.Groups["comment"].Value : null;

    public static string? Clean(string? said)
    {
        var text = ProblemText.Extract(said);
        return text is null ? null : LeadIn().Replace(text, string.Empty).Trim() is { Length: > 0 } clean ? clean : null;
    }

    [GeneratedRegex(@"\b(?:(?:add|put|note|write|mention|update|pass|leave)\b.*?\b(?:that|saying|to say|with)|(?:add|put)\s+(?:something|a note|a comment|this|more)\s+(?:to|on)\s+(?:my|the|that)\s+ticket[,.:;]|tell (?:them|the (?:engineer|technician|team)|him|her)(?: that)?|let (?:them|the (?:engineer|technician|team)) know(?: that)?)\s+(?<comment>.{3,})$", RegexOptions.IgnoreCase)]
    private static partial Regex Request();

    [GeneratedRegex(@"^(?:(?:can you |could you |please )?(?:tell them|let them know|say|just say|add|note)(?: that)?[\s,:]+)", RegexOptions.IgnoreCase)]
    private static partial Regex LeadIn();
}
