using ServiceDesk.Core.Voice;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ServiceDesk.Emulation.Lex;

/// <summary>One scored intent, as Lex reports it in <c>interpretations</c>.</summary>
public sealed record IntentMatch(IntentDefinition Intent, double Confidence, string? Utterance);

/// <summary>
/// Intent recognition trained, as Lex's is when the bot is built, from the bot's sample utterances: a softmax
/// (multinomial logistic) regression over word, word-pair, word-class and in-word character features. Word pairs carry
/// phrasing ("talk to"), character n-grams carry word forms the samples lack ("printing" beside "printer"), and word
/// classes stand in for what Lex's pretrained language model knows and a few dozen samples cannot say ("webcam" is a
/// device like "screen"). What the bot was not built for goes to the fallback intent two ways: a "none" class trained on
/// questions for information, how-tos and small talk, and a confidence scaled down when much of what was said is
/// unknown to the training. Deterministic: fixed features, full-batch gradient descent for a fixed number of epochs.
/// </summary>
public sealed partial class IntentRecognizer
{
    // Chosen on held-out phrasings with both the bot's small sample set and one of 40+ per intent; results are flat
    // around these values, so they are not fitted to either.
    private const double WordShare = 0.65;   // of an utterance vector's squared norm: words; the rest: character n-grams
    private const double L2 = 1e-4;          // weight decay: a little keeps weights from growing without bound
    private const int Epochs = 40;
    private const double LearningRate = 2.0; // features are L2-normalised, so the loss's curvature is at most about 1
    private const double Momentum = 0.95;
    private const double Sharpness = 3.0;    // an L2-regularised model on few samples is under-confident on new phrasings
    private const double FullCoverage = 0.6; // share of known words from which what was said counts as fully understood
    private const double ClassCredit = 0.75; // coverage for a word no sample has whose word class the samples have

    /// <summary>Trained models by what they were trained on: every call loads the bot export afresh, the model need not be.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IntentRecognizer> Trained = new(StringComparer.Ordinal);

    private readonly BotDefinition _bot;
    private readonly IntentDefinition[] _intents; // class i scores _intents[i]; the class after the last intent is "none"
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly double[] _idf;
    private readonly double _unknownIdf;
    private readonly double[] _weights; // [column * classes + class]
    private readonly Sample[] _samples;

    public IntentRecognizer(BotDefinition bot)
    {
        _bot = bot;
        _intents = [.. bot.Intents.Where(i => !i.IsFallback && i.Utterances.Count > 0)];
        var none = _intents.Length;
        var docs = new List<(int Class, string Utterance, Dictionary<string, double> Features)>();
        for (var c = 0; c < _intents.Length; c++)
        {
            foreach (var utterance in _intents[c].Utterances)
            {
                docs.Add((c, utterance, Features(Tokens(Expand(utterance, _intents[c])))));
            }
        }

        foreach (var utterance in NoneSamples.Concat(bot.Fallback?.Utterances ?? []))
        {
            docs.Add((none, utterance, Features(Tokens(utterance))));
        }

        // Columns in first-seen order, which is the export's sample order: the same model on every run.
        var df = new List<int>();
        foreach (var doc in docs)
        {
            foreach (var feature in doc.Features.Keys)
            {
                if (!_columns.TryGetValue(feature, out var column))
                {
                    _columns[feature] = column = df.Count;
                    df.Add(0);
                }

                df[column]++;
            }
        }

        _idf = new double[df.Count];
        for (var column = 0; column < df.Count; column++)
        {
            _idf[column] = Math.Log((docs.Count + 1.0) / (df[column] + 1.0)) + 1;
        }

        _unknownIdf = Math.Log(docs.Count + 1.0) + 1;
        _samples = new Sample[docs.Count];
        for (var i = 0; i < docs.Count; i++)
        {
            _samples[i] = new Sample(docs[i].Class, docs[i].Utterance, Encode(docs[i].Features));
        }

        _weights = Train(_samples, none + 1, _columns.Count);
    }

    /// <summary>The recognizer for a bot, trained once however many conversations use it.</summary>
    public static IntentRecognizer For(BotDefinition bot) => Trained.GetOrAdd(Fingerprint(bot), _ => new IntentRecognizer(bot));

    private static string Fingerprint(BotDefinition bot) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', bot.Intents.Select(i => $"{i.Name}|{i.ParentSignature}|{string.Join('|', i.Slots.Select(s => s.Name + ":" + s.TypeName))}|{string.Join('|', i.Utterances)}"))
        + "\n" + bot.ConfidenceThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>Intents scored best first; the fallback intent comes first when nothing reaches the bot's threshold.</summary>
    public IReadOnlyList<IntentMatch> Recognize(string text)
    {
        var tokens = Tokens(text);
        var x = Encode(Features(tokens));
        var logits = new double[_intents.Length + 1];
        Logits(_weights, x, logits);

        // Which intent: the intents' own softmax, sharpened. Whether any: the "none" class's share of the plain
        // softmax, and how much of what was said the training knows (the model only weighs the words it knows).
        var inDomain = 1 - Softmax(logits)[^1];
        var which = Softmax([.. logits[..^1].Select(l => l * Sharpness)]);
        var understood = Math.Min(1, Coverage(tokens) / FullCoverage);
        var scored = _intents.Select((intent, c) => (Intent: intent, Class: c, Score: which[c] * inDomain * understood))
            .OrderByDescending(s => s.Score).ThenBy(s => s.Class)
            .Select(s => new IntentMatch(s.Intent, Math.Round(s.Score, 2), Nearest(s.Class, x)))
            .ToList();
        if ((scored.Count == 0 || scored[0].Confidence < _bot.ConfidenceThreshold) && _bot.Fallback is { } fallback)
        {
            scored.Insert(0, new IntentMatch(fallback, 0, null));
        }

        return scored;
    }

    /// <summary>A sparse feature vector, columns ascending.</summary>
    private readonly record struct Vector(int[] Columns, double[] Values);

    private sealed record Sample(int Class, string Utterance, Vector X);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Logits(double[] weights, Vector x, Span<double> logits)
    {
        var classes = logits.Length;
        logits.Clear();
        for (var k = 0; k < x.Columns.Length; k++)
        {
            var row = weights.AsSpan(x.Columns[k] * classes, classes);
            var value = x.Values[k];
            for (var c = 0; c < classes; c++)
            {
                logits[c] += row[c] * value;
            }
        }
    }

    private static double[] Softmax(double[] logits)
    {
        var p = (double[])logits.Clone();
        SoftmaxInPlace(p);
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SoftmaxInPlace(Span<double> values)
    {
        var max = double.MinValue;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        var total = 0.0;
        for (var c = 0; c < values.Length; c++)
        {
            total += values[c] = Math.Exp(values[c] - max);
        }

        for (var c = 0; c < values.Length; c++)
        {
            values[c] /= total;
        }
    }

    /// <summary>
    /// Softmax regression with L2 by full-batch gradient descent with Nesterov momentum: a few hundred short samples
    /// train in milliseconds, and the result depends only on the samples. No bias terms: with one, the "none" class,
    /// whose samples share little, learns to win whatever the features do not decide, and takes in-domain phrasings
    /// the samples did not foresee. Classes are weighted part way to balance, so an intent with many samples does not
    /// win everything it barely matches.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // it runs once: the loops should not start in unoptimised code
    private static double[] Train(Sample[] samples, int classes, int columns)
    {
        var counts = new int[classes];
        foreach (var s in samples)
        {
            counts[s.Class]++;
        }

        var classWeight = counts.Select(n => n == 0 ? 0 : Math.Sqrt((double)samples.Length / (classes * n))).ToArray();
        var totalWeight = 0.0;
        foreach (var s in samples)
        {
            totalWeight += classWeight[s.Class];
        }

        var (weights, velocity, ahead, gradient) = (new double[columns * classes], new double[columns * classes], new double[columns * classes], new double[columns * classes]);
        Span<double> p = stackalloc double[classes];
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            for (var i = 0; i < weights.Length; i++)
            {
                ahead[i] = weights[i] + (Momentum * velocity[i]);
                gradient[i] = L2 * ahead[i];
            }

            foreach (var (label, _, x) in samples)
            {
                Logits(ahead, x, p);
                SoftmaxInPlace(p);
                p[label] -= 1; // the cross-entropy gradient with respect to the logits
                var scale = classWeight[label] / totalWeight;
                for (var k = 0; k < x.Columns.Length; k++)
                {
                    var row = gradient.AsSpan(x.Columns[k] * classes, classes);
                    var value = x.Values[k] * scale;
                    for (var c = 0; c < classes; c++)
                    {
                        row[c] += p[c] * value;
                    }
                }
            }

            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] += velocity[i] = (Momentum * velocity[i]) - (LearningRate * gradient[i]);
            }
        }

        return weights;
    }

    /// <summary>The intent's sample most like what was said (cosine of the feature vectors), for the transcript.</summary>
    private string? Nearest(int intent, Vector x)
    {
        var (best, bestSimilarity) = ((string?)null, double.MinValue);
        foreach (var (c, utterance, sample) in _samples)
        {
            if (c != intent)
            {
                continue;
            }

            var similarity = 0.0;
            for (int i = 0, j = 0; i < x.Columns.Length && j < sample.Columns.Length;)
            {
                var order = x.Columns[i].CompareTo(sample.Columns[j]);
                if (order == 0)
                {
                    similarity += x.Values[i++] * sample.Values[j++];
                }
                else if (order < 0)
                {
                    i++;
                }
                else
                {
                    j++;
                }
            }

            if (similarity > bestSimilarity)
            {
                (best, bestSimilarity) = (utterance, similarity);
            }
        }

        return best;
    }

    /// <summary>
    /// Log-count × IDF per feature, words and character n-grams each L2-normalised to their share. A feature the
    /// training never saw counts in the norm at the highest IDF: it dilutes what is known, as an unfamiliar word should.
    /// </summary>
    private Vector Encode(Dictionary<string, double> features)
    {
        var (wordNorm, charNorm) = (0.0, 0.0);
        var known = new List<(int Column, double Value, bool Word)>();
        foreach (var (feature, count) in features)
        {
            var isWord = feature[0] != 'c';
            var isKnown = _columns.TryGetValue(feature, out var column);
            var value = (1 + Math.Log(count)) * (isKnown ? _idf[column] : _unknownIdf);
            if (isWord)
            {
                wordNorm += value * value;
            }
            else
            {
                charNorm += value * value;
            }

            if (isKnown)
            {
                known.Add((column, value, isWord));
            }
        }

        var wordScale = wordNorm > 0 ? Math.Sqrt(WordShare / wordNorm) : 0;
        var charScale = charNorm > 0 ? Math.Sqrt((1 - WordShare) / charNorm) : 0;
        known.Sort((a, b) => a.Column.CompareTo(b.Column));
        return new Vector([.. known.Select(k => k.Column)], [.. known.Select(k => k.Value * (k.Word ? wordScale : charScale))]);
    }

    /// <summary>
    /// How much of what was said the training knows, 0..1: a word counts fully when a sample has it, partly when its
    /// word class or most of its longer character n-grams are known. Function words weigh little either way.
    /// </summary>
    private double Coverage(List<Token> tokens)
    {
        var (known, total) = (0.0, 0.0);
        foreach (var token in tokens)
        {
            var weight = FunctionWords.Contains(token.Stem) ? 0.2 : 1.0;
            var cover = 1.0;
            if (!_columns.ContainsKey("w " + token.Stem))
            {
                // Three letters in common ("yes" and "yesterday") say little: only n-grams of four and five count.
                var grams = CharGrams(token.Word).Where(g => g.Length >= "c ".Length + 4).ToList();
                var share = grams.Count == 0 ? 0 : (double)grams.Count(_columns.ContainsKey) / grams.Count;
                cover = Math.Max(token.Classes.Any(k => _columns.ContainsKey("k " + k)) ? ClassCredit : 0, share * share);
            }

            (known, total) = (known + (weight * cover), total + weight);
        }

        return total == 0 ? 0 : known / total;
    }

    /// <summary>A word as the model sees it: as said (for character n-grams), its stem, and its word classes.</summary>
    private readonly record struct Token(string Word, string Stem, string[] Classes);

    private static readonly Token Number = new("#num", "#num", ["num"]);

    /// <summary>
    /// Words without fillers ("erm", "yeah"), stemmed. A spelled number ("I N C zero zero one", "E1002", "2") is one
    /// token, as Lex hands it to a slot whole; a lone number word keeps its word ("zero" asks for a person).
    /// </summary>
    private static List<Token> Tokens(string text)
    {
        var words = CallerLexicon.BareWords(text.Replace("-", string.Empty, StringComparison.Ordinal)); // "wi-fi" and "wifi" agree
        var tokens = new List<Token>();
        for (var i = 0; i < words.Length;)
        {
            var end = i;
            while (end < words.Length && (IsNumeric(words[end]) || SlotResolver.IsSpelledCharacter(words[end]) || words[end] == "oh"))
            {
                end++;
            }

            var numeric = false;
            for (var k = i; k < end && !numeric; k++)
            {
                numeric = IsNumeric(words[k]);
            }

            if (numeric)
            {
                tokens.Add(end - i == 1 && !HasDigit(words[i]) ? new Token(words[i], words[i], ["num"]) : Number);
                i = end;
                continue;
            }

            var word = words[i++];
            if (!Fillers.Contains(word))
            {
                var stem = Stem(word);
                tokens.Add(new Token(word, stem, WordClasses.GetValueOrDefault(stem, [])));
            }
        }

        return tokens;
    }

    /// <summary>Digits, or a number word other than "oh" (a filler unless it is among digits).</summary>
    private static bool IsNumeric(string word) =>
        HasDigit(word) || (word.Length > 1 && word is not ("oh" or "inc") && SlotResolver.IsSpelledCharacter(word));

    private static bool HasDigit(string word) => word.AsSpan().IndexOfAnyInRange('0', '9') >= 0;

    /// <summary>Feature counts: "w stem", "k class", "b stem stem" (the first after a start mark), "c n-gram".</summary>
    private static Dictionary<string, double> Features(List<Token> tokens)
    {
        var features = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string feature) => features[feature] = features.GetValueOrDefault(feature) + 1;
        var previous = "<s>";
        foreach (var token in tokens)
        {
            Add("w " + token.Stem);
            Add("b " + previous + " " + token.Stem);
            previous = token.Stem;
            foreach (var k in token.Classes)
            {
                Add("k " + k);
            }

            foreach (var gram in CharGrams(token.Word))
            {
                Add(gram);
            }
        }

        return features;
    }

    /// <summary>Character n-grams of three to five within a word, its start and end marked, as "c " features.</summary>
    private static IEnumerable<string> CharGrams(string word)
    {
        if (word[0] == '#')
        {
            yield break;
        }

        var marked = "c ^" + word + "$";
        for (var n = 3; n <= 5; n++)
        {
            for (var start = 2; start + n <= marked.Length; start++)
            {
                yield return string.Concat("c ", marked.AsSpan(start, n));
            }
        }
    }

    /// <summary>
    /// A sample with its number slots filled as a caller would say one. Other slots are left out, so that the values
    /// of a slot type ("my team") do not become words of the intent.
    /// </summary>
    private string Expand(string utterance, IntentDefinition intent) => Placeholder().Replace(utterance, m =>
    {
        var slot = intent.Slots.FirstOrDefault(s => s.Name == m.Groups[1].Value);
        var type = slot is null ? null : _bot.SlotTypes.GetValueOrDefault(slot.TypeName);
        return (type?.Parent ?? slot?.TypeName) is "AMAZON.AlphaNumeric" or "AMAZON.Number" ? "1234" : " ";
    });

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    /// <summary>Light stemming, enough that "crashes", "crashing" and "crashed" agree, and "freeze" and "freezing".</summary>
    private static string Stem(string word)
    {
        if (word.Length <= 3)
        {
            return word;
        }

        var (stem, suffix) = (word, false);
        if (stem.EndsWith("ies", StringComparison.Ordinal) && stem.Length > 4)
        {
            stem = stem[..^3] + "y";
        }
        else if (stem.EndsWith("ing", StringComparison.Ordinal) && stem.Length > 5)
        {
            (stem, suffix) = (stem[..^3], true);
        }
        else if (stem.EndsWith("ed", StringComparison.Ordinal) && stem.Length > 4)
        {
            (stem, suffix) = (stem[..^2], true);
        }
        else if (stem.EndsWith("es", StringComparison.Ordinal) && stem.Length > 4 && stem[^3] is 's' or 'x' or 'z' or 'h')
        {
            stem = stem[..^2];
        }
        else if (stem[^1] == 's' && !stem.EndsWith("ss", StringComparison.Ordinal) && !stem.EndsWith("us", StringComparison.Ordinal) && !stem.EndsWith("is", StringComparison.Ordinal))
        {
            stem = stem[..^1];
        }

        if (suffix && stem.Length >= 3 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z' or 'e' or 'o'))
        {
            stem = stem[..^1]; // "dropped", "jamming", "logged"
        }

        return stem.Length > 3 && stem[^1] == 'e' ? stem[..^1] : stem;
    }

    /// <summary>Disfluencies and greetings: callers say them around anything, so they say nothing about the intent.</summary>
    private static readonly HashSet<string> Fillers = new(StringComparer.Ordinal)
    {
        "erm", "er", "um", "umm", "uh", "uhh", "uhm", "hmm", "mm", "ah", "oh", "hi", "hiya", "hello", "hey", "yeah", "basically",
    };

    /// <summary>Words that carry grammar more than meaning: one the samples lack is little sign of a request they lack.</summary>
    private static readonly HashSet<string> FunctionWords = new(new[]
    {
        "a", "an", "the", "i", "im", "ive", "id", "me", "my", "we", "us", "our", "you", "your", "it", "its", "they", "them", "their",
        "this", "that", "thats", "these", "those", "to", "of", "on", "in", "at", "for", "from", "with", "by", "about", "into", "out",
        "and", "or", "but", "so", "if", "then", "than", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "have",
        "has", "had", "will", "would", "can", "could", "should", "just", "really", "very", "too", "also", "still", "again", "please",
        "there", "here", "some", "any", "got", "get", "ok", "okay", "well", "like", "actually", "one",
    }.Select(Stem), StringComparer.Ordinal);

    /// <summary>
    /// Word classes: a small stand-in for the word knowledge Lex's pretrained model brings, so that a word no sample
    /// uses still counts like the samples' words of its kind. Keyed by stem.
    /// </summary>
    private static readonly Dictionary<string, string[]> WordClasses = ByStem(new Dictionary<string, string[]>
    {
        ["device"] = ["computer", "laptop", "pc", "desktop", "notebook", "machine", "monitor", "screen", "display", "webcam", "camera",
            "mouse", "keyboard", "trackpad", "touchpad", "headset", "headphones", "earphones", "microphone", "mic", "speaker", "printer",
            "scanner", "copier", "photocopier", "projector", "phone", "mobile", "handset", "tablet", "ipad", "iphone", "dock", "docking",
            "charger", "cable", "battery", "drive", "disk", "usb", "router", "server", "hardware", "device", "fan", "port", "tv", "television"],
        ["software"] = ["outlook", "email", "mail", "inbox", "calendar", "teams", "zoom", "skype", "slack", "excel", "powerpoint",
            "browser", "chrome", "firefox", "vpn", "wifi", "wireless", "internet", "network", "connection", "sap", "crm", "onedrive",
            "sharepoint", "intranet", "app", "application", "software", "program", "system", "website", "portal", "account", "password",
            "login", "logon", "mfa", "authenticator", "folder", "file", "spreadsheet", "document", "windows", "update"],
        ["fault"] = ["broken", "break", "broke", "crash", "freeze", "frozen", "froze", "dead", "die", "died", "dying", "flicker", "black",
            "blank", "slow", "sluggish", "error", "fault", "faulty", "jam", "stuck", "fail", "failure", "stop", "cracked", "noise", "noisy",
            "drop", "kicked", "locked", "lockout", "disconnect", "problem", "issue", "wrong", "glitch", "bug", "weird", "restart", "reboot",
            "expired", "disabled", "missing", "vanished", "disappeared", "corrupt", "corrupted", "overheating", "hot", "buzzing", "crackle",
            "crackling", "respond", "responding", "unresponsive", "down", "playing"],
        ["negative"] = ["wont", "cant", "cannot", "isnt", "doesnt", "didnt", "dont", "arent", "havent", "hasnt", "couldnt", "wouldnt",
            "not", "never", "nothing", "none", "nobody", "no"],
        ["human"] = ["person", "human", "someone", "somebody", "anyone", "anybody", "agent", "operator", "representative", "rep", "real",
            "actual", "live", "individual", "people", "man", "woman", "guy"],
        ["staff"] = ["technician", "engineer", "analyst", "tech", "techie", "specialist", "expert", "support", "helpdesk", "servicedesk", "staff"],
        ["talk"] = ["speak", "talk", "chat", "transfer", "transferred", "through", "line"],
        ["thanks"] = ["thanks", "thank", "thankyou", "cheers", "ta", "brilliant", "lovely", "great", "perfect", "appreciated", "grand", "fine"],
        ["farewell"] = ["bye", "goodbye", "cheerio", "later", "done", "finished", "forget", "nevermind", "mind", "bother", "enough", "all", "everything"],
        ["progress"] = ["status", "update", "news", "progress", "latest", "happening", "sorted", "fixed", "resolved", "chase", "chasing",
            "follow", "following", "eta", "movement", "heard", "looked", "yet", "outcome", "escalated", "assigned", "wondering", "checking"],
        ["ticket"] = ["ticket", "case", "request", "job", "incident", "reference", "query", "enquiry", "call", "report", "issue"],
        ["note"] = ["note", "comment", "message", "information", "info", "details", "detail", "mention", "add", "append", "amend", "attach",
            "record", "extra", "pass"],
        ["again"] = ["again", "still", "back", "also", "too", "anymore", "returned", "recurring", "repeatedly"],
        ["list"] = ["list", "rundown", "summary", "summarise", "summarize", "remind", "recent", "recently", "outstanding", "lately",
            "history", "read", "show", "open", "pending", "many", "which"],
        ["time"] = ["today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "morning", "afternoon", "evening", "week", "month", "hour", "minute", "weekend", "earlier", "ago", "since", "last"],
        ["place"] = ["office", "floor", "building", "room", "site", "department", "team", "everyone", "whole", "branch", "home"],
    });

    private static Dictionary<string, string[]> ByStem(Dictionary<string, string[]> classes)
    {
        var byStem = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, words) in classes)
        {
            foreach (var stem in words.Select(Stem))
            {
                byStem[stem] = byStem.TryGetValue(stem, out var known) && !known.Contains(name) ? [.. known, name] : known ?? [name];
            }
        }

        return byStem;
    }

    /// <summary>
    /// The "none" class: what callers say that no intent of a service-desk bot is for. Lex learns this from far more
    /// general English than a bot's samples; here, questions for information and how-tos (which this bot leaves to
    /// its fallback intent: the agent answers them) and small talk.
    /// </summary>
    private static readonly string[] NoneSamples =
    [
        // How-tos and questions for information: the frame, more than the subject, says the caller wants an answer.
        "how do I do that", "how do I change it", "how does this work", "how can I find out", "how do I use it",
        "how do I book a meeting room", "how do I claim mileage", "how do I request a parking permit", "how do I set an out of office reply",
        "how do I change my background picture", "how do I add a signature", "how do I print double sided",
        "how do I get on the wireless network", "how do I install an app on my laptop", "how do I add a shared mailbox in outlook",
        "how do I print from my tablet", "how do I change my screen resolution",
        "where can I find the holiday policy", "where is the staff handbook", "where do I park", "where can I download that",
        "what does that mean", "what is the address of the head office", "what are the office opening hours", "who do I ask about my payslip",
        "who is my line manager", "when is the next training session", "please explain how it works", "is there a guide for that",
        "how much annual leave do I have left", "am I allowed to work from home on fridays",
        // Small talk and requests for things a service desk does not do.
        "will it rain this afternoon", "who won the football last night", "what's the capital of france", "how are you today",
        "what's your name", "what's the date today", "play some music", "book me a taxi", "I'd like to order some lunch",
        "what does this company do", "tell me something interesting", "what's the meaning of life", "say something funny",
        "do you know any good films", "what's for lunch in the canteen today", "are we closed over christmas", "when does the building shut tonight",
        "is it a bank holiday on monday", "can you recommend a restaurant nearby", "what time is it in new york", "can you tell me a story",
        "do you know any jokes", "tell me about yourself",
        // Answers with no question before them: not a request of their own.
        "yes", "yes please", "ok", "sure", "go on", "tell me more", "what else",
    ];
}

/// <summary>Fills a slot from what the caller said, the way the slot's type would in Lex.</summary>
public static class SlotResolver
{
    private static readonly string[] Yes = ["yes", "yeah", "yep", "sure", "ok", "okay", "please do", "correct", "right", "go ahead", "1"];
    private static readonly string[] No = ["no", "nope", "don't", "do not", "not", "2"];

    /// <summary>The resolved (original, interpreted) value, or null when the text does not fit the type.</summary>
    public static (string Original, string Interpreted)? Resolve(string text, SlotDefinition slot, BotDefinition bot)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        bot.SlotTypes.TryGetValue(slot.TypeName, out var custom);
        var builtIn = custom?.Parent ?? slot.TypeName;
        if (custom is { Values.Count: > 0 })
        {
            return ResolveValue(trimmed, custom);
        }

        switch (builtIn)
        {
            case "AMAZON.Confirmation":
                var words = " " + string.Join(' ', CallerLexicon.BareWords(trimmed)) + " ";
                return No.Any(n => words.Contains($" {n} ", StringComparison.Ordinal)) ? (trimmed, "No")
                    : Yes.Any(y => words.Contains($" {y} ", StringComparison.Ordinal)) ? (trimmed, "Yes")
                    : null;
            case "AMAZON.AlphaNumeric":
            case "AMAZON.Number":
                var compact = SpokenDigits(trimmed);
                if (custom?.Filter is { } filter)
                {
                    var match = filter.Match(compact);
                    return match.Success ? (trimmed, match.Value) : null;
                }

                return compact.Length > 0 ? (trimmed, compact) : null;
            default:
                return (trimmed, trimmed);
        }
    }

    private static (string, string)? ResolveValue(string text, SlotTypeDefinition type)
    {
        var said = " " + string.Join(' ', CallerLexicon.BareWords(text)) + " ";
        var best = type.Values
            .SelectMany(v => v.Synonyms.Prepend(v.Value).Select(s => (v.Value, Phrase: string.Join(' ', CallerLexicon.BareWords(s)))))
            .Where(c => c.Phrase.Length > 0 && said.Contains($" {c.Phrase} ", StringComparison.Ordinal))
            .OrderByDescending(c => c.Phrase.Length)
            .FirstOrDefault();
        return best.Phrase is null ? null : (text, type.TopResolution ? best.Value : best.Phrase);
    }

    private static readonly IReadOnlyDictionary<string, char> DigitWords = Core.Voice.CallerLexicon.DigitWords;

    /// <summary>A word that spells part of an alphanumeric value: a digit, a digit word, a letter, or our ticket prefix.</summary>
    public static bool IsSpelledCharacter(string word) =>
        word.Length == 1 || word.All(char.IsAsciiDigit) || DigitWords.ContainsKey(word) || word == "inc";

    /// <summary>"e one oh oh two" → "e1002": how Lex hands spoken alphanumerics to a slot.</summary>
    public static string SpokenDigits(string text) =>
        string.Concat(CallerLexicon.BareWords(text).Select(w => DigitWords.TryGetValue(w, out var digit) ? digit.ToString() : w));
}
