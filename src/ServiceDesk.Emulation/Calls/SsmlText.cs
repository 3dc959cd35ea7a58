using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace ServiceDesk.Emulation.Calls;

/// <summary>Renders SSML as the caller would hear it, in text: digits read one by one, letters spelled, pauses shown.</summary>
public static partial class SsmlText
{
    public static string Render(string message)
    {
        if (!message.TrimStart().StartsWith("<speak", StringComparison.Ordinal))
        {
            return message.Trim();
        }

        try
        {
            var sb = new StringBuilder();
            Append(XElement.Parse(message), sb);
            // Digits read out are padded with spaces; punctuation after them belongs to the last one ("0 0 1, for:").
            return SpaceBeforePunctuation().Replace(string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)), "$1");
        }
        catch (XmlException)
        {
            // Lex would reject it too; show it raw so the problem is visible.
            return "[invalid SSML] " + message;
        }
    }

    [GeneratedRegex(@" +([,.;:?!])")]
    private static partial Regex SpaceBeforePunctuation();

    private static void Append(XElement element, StringBuilder sb)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText text:
                    sb.Append(text.Value);
                    break;
                case XElement { Name.LocalName: "break" }:
                    sb.Append(" … ");
                    break;
                case XElement { Name.LocalName: "say-as" } sayAs when (string?)sayAs.Attribute("interpret-as") is "digits" or "characters" or "spell-out" or "telephone":
                    sb.Append(' ').Append(string.Join(' ', sayAs.Value.Where(c => !char.IsWhiteSpace(c)))).Append(' ');
                    break;
                case XElement child:
                    Append(child, sb);
                    break;
            }
        }
    }
}
