using ServiceDesk.Core.Voice;
namespace ServiceDesk.Local.Agent;

public sealed record Article(string File, string Title, IReadOnlyList<string> Keywords, string Body);

/// <summary>
/// The help articles in <c>deploy/knowledge-base</c>: the offline agent answers from them, and the deployed Bedrock
/// agent's knowledge base is loaded from the same files. Format: "# Title", an optional "Keywords:" line, then the text.
/// </summary>
public sealed class KnowledgeBase
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private readonly List<(Article Article, string[] Terms)> _documents;
    private readonly Dictionary<string, double> _idf;
    private readonly double _averageLength;
    private readonly Dictionary<Article, List<string[]>> _topics;

    private KnowledgeBase(IReadOnlyList<Article> articles)
    {
        Articles = articles;
        // Title and keywords are what an article is about; they count three times as much as the body.
        _documents = [.. articles.Select(a => (a, Terms(string.Join(' ', Enumerable.Repeat(a.Title + " " + string.Join(' ', a.Keywords), 3)) + " " + a.Body)))];
        _topics = articles.ToDictionary(a => a, a => a.Keywords.Select(Terms).Where(t => t.Length > 0).ToList());
        _averageLength = _documents.Count == 0 ? 1 : _documents.Average(d => d.Terms.Length);
        _idf = _documents.SelectMany(d => d.Terms.Distinct()).GroupBy(t => t)
            .ToDictionary(g => g.Key, g => Math.Log(1 + ((_documents.Count - g.Count() + 0.5) / (g.Count() + 0.5))), StringComparer.Ordinal);
    }

    public IReadOnlyList<Article> Articles { get; }

    public static KnowledgeBase Load(string folder)
    {
        var articles = new List<Article>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.md").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            var title = lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim() ?? Path.GetFileNameWithoutExtension(file);
            var keywords = lines.FirstOrDefault(l => l.StartsWith("Keywords:", StringComparison.OrdinalIgnoreCase))?["Keywords:".Length..]
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            var body = string.Join(' ', lines.Where(l => !l.StartsWith('#') && !l.StartsWith("Keywords:", StringComparison.OrdinalIgnoreCase)).Select(l => l.Trim())).Trim();
            articles.Add(new Article(file, title, keywords, body));
        }

        return new KnowledgeBase(articles);
    }

    /// <summary>
    /// The best article by BM25, with its score; callers decide what score is good enough. Only an article one of whose
    /// keywords (every word of it) is in the question can win: body words alone ("black", "screen") made a webcam question
    /// score the laptop-won't-start article.
    /// </summary>
    public (Article? Article, double Score) Search(string question)
    {
        var query = Terms(question).Distinct().ToArray();
        var best = _documents
            .Where(d => IsAbout(d.Article, query))
            .Select(d => (d.Article, Score: query.Sum(q =>
            {
                var tf = d.Terms.Count(t => t == q);
                return tf == 0 ? 0 : _idf.GetValueOrDefault(q) * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * d.Terms.Length / _averageLength))));
            })))
            .DefaultIfEmpty()
            .MaxBy(d => d.Score);
        return best.Article is null ? (null, 0) : best;
    }

    /// <summary>
    /// A keyword of the article (every word of it) is in the question, and for a longer question more than one of the
    /// article's topic words or a specific one ("install", "vpn"): "laptop" alone does not make a clicking hard drive the
    /// laptop-won't-start article.
    /// </summary>
    private bool IsAbout(Article article, string[] query)
    {
        var keywords = _topics[article];
        if (keywords.Count == 0)
        {
            return true;
        }

        // Words such as "won't" say something is wrong, not what: they do not count towards the topic.
        var topic = keywords.SelectMany(k => k).Where(t => t is not ("won't" or "wont" or "can't" or "cant" or "not" or "start" or "turn")).ToHashSet(StringComparer.Ordinal);
        var hits = query.Where(topic.Contains).ToList();
        return keywords.Any(keyword => keyword.All(query.Contains)) && (query.Length <= 3 || hits.Count >= 2 || hits.Any(h => !Generic.Contains(h)));
    }

    /// <summary>Keywords too general to say on their own what a long question is about.</summary>
    private static readonly HashSet<string> Generic = new(StringComparer.Ordinal)
    {
        "laptop", "computer", "pc", "wi-fi", "network", "connect", "code", "slow", "app", "application", "program", "request", "download",
        "send", "receive", "full", "power", "battery", "paper", "queue", "offline", "prompt", "sign", "email", "printer",
    };

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "i", "my", "me", "to", "is", "it", "of", "on", "in", "and", "or", "for", "how", "do", "does", "can",
        "what", "with", "you", "your", "be", "are", "at", "this", "that", "if", "have", "has", "not", "get", "need", "want",
        // Conversation, not content: "yes, tell me more please" must not match the article that happens to say "tell me".
        "tell", "more", "please", "yes", "yeah", "ok", "okay", "sure", "thanks", "thank", "about", "some",
    };

    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["wifi"] = "wi-fi", ["wireless"] = "wi-fi", ["internet"] = "wi-fi", ["outlook"] = "email", ["mail"] = "email", ["e-mail"] = "email",
        ["passcode"] = "password", ["login"] = "password", ["authenticator"] = "mfa", ["2fa"] = "mfa", ["notebook"] = "laptop",
        ["computer"] = "laptop", ["pc"] = "laptop", ["printing"] = "printer", ["print"] = "printer",
    };

    private static string[] Terms(string text) =>
        [.. CallerLexicon.BareWords(text.Replace("-", string.Empty, StringComparison.Ordinal)).Where(w => !StopWords.Contains(w)).Select(Stem).Select(w => Synonyms.GetValueOrDefault(w, w))];

    /// <summary>A light plural/verb stem so "printers" finds "printer" and "dropping" finds "drops".</summary>
    private static string Stem(string word) =>
        word.Length > 6 && word.EndsWith("ing", StringComparison.Ordinal) && word[^4] == word[^5] ? word[..^4] // "dropping" → "drop"
        : word.Length > 4 && word.EndsWith("ing", StringComparison.Ordinal) ? word[..^3]
        : word.Length > 5 && word.EndsWith("ed", StringComparison.Ordinal) ? word[..^2]
        : word.Length > 3 && word.EndsWith("es", StringComparison.Ordinal) ? word[..^2]
        : word.Length > 3 && word.EndsWith('s') ? word[..^1]
        : word;
}
