using System.Text.RegularExpressions;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Core.Tickets;

/// <summary>
/// What in a caller's words is the problem. Callers open with "erm, hi, yes", ask to "report a problem" before telling
/// it, answer "only me" or "cheers" where a problem could go, correct themselves ("scratch that, it's the keyboard, not
/// the mouse") and ramble. A ticket keeps only the substance: the request phrase and filler go, a correction replaces
/// what it corrects, a long story is summarised to its problem sentence while the description keeps every word.
/// </summary>
public static partial class ProblemText
{
    /// <summary>The problem in an utterance, without lead-ins and filler; null when it says nothing about a problem.</summary>
    public static string? Extract(string? said) =>
        string.IsNullOrWhiteSpace(said) || CallerLexicon.Command(said) is not null ? null : Extracted.Get(said);

    /// <summary>Every turn asks it of what was just said, from the rerouting and from the step being answered.</summary>
    private static readonly TextMemo<string?> Extracted = new(ExtractFrom);

    private static string? ExtractFrom(string said)
    {
        var text = Normalise(said);
        for (var previous = string.Empty; previous != text;)
        {
            previous = text;
            text = WithoutOpening(LeadIn(), text);
            text = WithoutOpening(Introduction(), text);
            text = WithoutOpening(Request(), text);
        }

        text = text.Trim(EdgePunctuation);
        return IsSubstantive(text) ? text : null;
    }

    /// <summary>
    /// The text after what <paramref name="opening"/> (anchored at the start) matches, trimmed; the text itself when it
    /// matches nothing, as nearly every text does (no replacement is set up for it, no string made).
    /// </summary>
    private static string WithoutOpening(Regex opening, string text)
    {
        foreach (var match in opening.EnumerateMatches(text))
        {
            return text[(match.Index + match.Length)..].Trim();
        }

        return text.Trim();
    }

    /// <summary>
    /// The problem as told in one breath, a correction within it applied: "my webcam's packed in. Sorry, let me start
    /// again: the webcam's fine, it's the microphone" is about the microphone.
    /// </summary>
    public static string? Told(string? said)
    {
        if (Extract(said) is not { } problem)
        {
            return null;
        }

        var marker = CorrectionMarker().Match(problem);
        if (!marker.Success || marker.Index == 0 || Extract(problem[..marker.Index]) is not { } before || Correct(before, problem[marker.Index..]) is not { } corrected)
        {
            return problem;
        }

        // "Scratch that" and "let me start again" take back everything before them. "No wait" and "actually" correct the
        // last thing said: "the left screen stays black, I think it's the dock, no wait, actually it's the monitor cable"
        // keeps the black screen and puts the cable in place of the guess.
        if (TakesBackAll(marker.Value) || corrected != Extract(problem[(marker.Index + marker.Length)..]))
        {
            return corrected;
        }

        while (CorrectionMarker().Match(before) is { Success: true } earlier && earlier.Index > 0 && earlier.Index + earlier.Length >= before.Length)
        {
            if (TakesBackAll(earlier.Value))
            {
                return corrected;
            }

            before = before[..earlier.Index].TrimEnd(EdgePunctuation);
        }

        var lastClause = before.LastIndexOf(", ", StringComparison.Ordinal);
        return lastClause > 0 && Extract(before[..lastClause]) is { } kept && LooksLikeFault(kept, strict: true) ? kept + ", " + corrected : corrected;
    }

    private static bool TakesBackAll(string marker) =>
        marker.Contains("scratch", StringComparison.OrdinalIgnoreCase) || marker.Contains("strike", StringComparison.OrdinalIgnoreCase)
        || marker.Contains("again", StringComparison.OrdinalIgnoreCase) || marker.Contains("rephrase", StringComparison.OrdinalIgnoreCase)
        || marker.Contains("correction", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// "Any news on the Outlook ticket?", "it's the one ending in two", "I've heard nothing about number 2": the caller is
    /// asking after a ticket, whatever else they say about the fault.
    /// </summary>
    public static bool IsTicketEnquiry(string? said) => !string.IsNullOrWhiteSpace(said) && Enquiry().IsMatch(said) && !NewTicket().IsMatch(said);

    /// <summary>
    /// True when the words say something about a problem: not filler, yes/no, a goodbye, who is affected, or a bare
    /// "it's not working".
    /// </summary>
    public static bool IsSubstantive(string? text)
    {
        var words = CallerLexicon.Words(text);
        if (words.Length == 0 || CallerLexicon.Command(text) is not null)
        {
            return false;
        }

        var content = 0;
        var firstLength = 0;
        var allAboutImpact = true;
        foreach (var word in words)
        {
            if (!CallerLexicon.Filler.Contains(word) && !Empty.Contains(word))
            {
                firstLength = content++ == 0 ? word.Length : firstLength;
                allAboutImpact &= ImpactWords.Contains(word);
            }
        }

        if (content == 0)
        {
            return false;
        }

        // "only me, the others are fine" or "the whole floor" answers who is affected; it is not a problem.
        var impactOnly = allAboutImpact && Triage.ImpactOf(text) is not null && Triage.CategoryOf(text!) == TicketCategory.Other;
        return !impactOnly && (content >= 2 || Triage.CategoryOf(text!) != TicketCategory.Other || firstLength >= 4);
    }

    /// <summary>
    /// The problem after a correction, or null when the words correct nothing. "Actually scratch that, it's the keyboard,
    /// not the mouse" turns "my mouse keeps freezing" into "my keyboard keeps freezing"; a correction with a whole new
    /// problem replaces it.
    /// </summary>
    public static string? Correct(string current, string said)
    {
        var text = Normalise(said);
        var marker = CorrectionMarker().Match(text);
        var swap = Swap().Match(text);
        if (!swap.Success && LooseSwap().Match(text) is { Success: true } loose)
        {
            swap = loose;
        }

        if (!marker.Success && !swap.Success)
        {
            return null;
        }

        if (swap.Success)
        {
            var (wanted, wrong) = swap.Groups["new"].Success
                ? (swap.Groups["new"].Value, swap.Groups["old"].Value)
                : (swap.Groups["new2"].Value, swap.Groups["old2"].Value);
            // "the docking station, not the monitor": try the longest phrases first, then their last words; "the left
            // monitor, not the right one": "one" stands for the thing, so the words before it are what changes.
            foreach (var (w, o) in new[] { (wanted, wrong), (wanted, Last(wrong)), wrong.EndsWith(" one", StringComparison.Ordinal) ? (First(wanted), First(wrong)) : (wanted, wrong) })
            {
                var replaced = Regex.Replace(current, $@"\b{Regex.Escape(o)}\b", w, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
                if (!string.Equals(replaced, current, StringComparison.Ordinal))
                {
                    return replaced;
                }
            }
        }

        var after = marker.Success ? text[(marker.Index + marker.Length)..] : text;
        return Extract(after);
    }

    /// <summary>
    /// Of two problems told at once, the one the caller picks: "let's just do the Outlook one" keeps the clause of
    /// <paramref name="told"/> that names Outlook. Null when the words pick nothing, or nothing told has that name.
    /// </summary>
    public static string? Choose(string told, string said)
    {
        if (Pick().Match(said) is not { Success: true } pick)
        {
            return null;
        }

        var name = pick.Groups["name"].Value;
        var clauses = Clause().Split(told).SelectMany(c => Regex.Split(c, @",\s*|\s+and\s+", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)));
        var chosen = clauses.FirstOrDefault(c => Regex.IsMatch(c, $@"\b{Regex.Escape(name)}", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)));
        return chosen is null || string.Equals(Extract(chosen), Extract(told), StringComparison.OrdinalIgnoreCase) ? null : Extract(chosen);
    }

    /// <summary>
    /// The sentence a technician should read first: the one that says most about the fault. A short report is its own
    /// summary; a ramble is cut to its problem sentence.
    /// </summary>
    public static string Summary(string problem)
    {
        var sentences = SentenceEnd().Split(problem).Select(s => Extract(s) ?? string.Empty).Where(s => s.Length > 0).ToList();
        // The first sentence is usually the problem itself (when it says something is wrong); a later one must say more.
        // Telegraphic ("printer. broken."): no sentence says it alone, so the summary keeps them all.
        var best = sentences.Count == 0 ? problem
            : sentences.Count > 1 && sentences.All(s => s.Count(c => c == ' ') < 3) ? string.Join(", ", sentences)
            : sentences.Select((text, i) => (text, weight: Weight(text) + (i == 0 && FaultWeight(text) > 0 ? 2 : 0))).MaxBy(s => s.weight).text;
        if (best.Length > 120)
        {
            // One long breath ("I got in, plugged the laptop into the dock, and the two screens just stay black"): the
            // clause that names both a thing and what is wrong with it, when one does.
            var clauses = Clause().Split(best).Select(c => Extract(c) ?? string.Empty)
                .Where(c => c.Length > 12 && FaultWeight(c) > 0 && Triage.CategoryOf(c) != TicketCategory.Other).ToList();
            best = clauses.Count > 0 ? clauses.MaxBy(FaultWeight)! : best;
        }

        return TicketRules.Summarize(best);
    }

    private static int FaultWeight(string clause) => FaultWords.CountIn(CallerLexicon.Words(clause));

    private static string Last(string phrase) => phrase[(phrase.LastIndexOf(' ') + 1)..];

    private static string First(string phrase) => phrase.IndexOf(' ') is > 0 and var end ? phrase[..end] : phrase;

    /// <summary>
    /// Whether the words report a fault (an IT word, or a fault word such as "won't", "keeps", "broken"), as opposed to
    /// chat that happens to have content words ("right, fair enough").
    /// </summary>
    public static bool LooksLikeFault(string? text, bool strict = false)
    {
        if (Extract(text) is not { } problem)
        {
            return false;
        }

        return Triage.CategoryOf(problem) != TicketCategory.Other || FaultWords.AnyIn(CallerLexicon.Words(problem))
            || (!strict && ContentWords(problem) >= 4);
    }

    /// <summary>
    /// The sentences of an answer to another question that report a fault ("It's Alan, E one zero zero five. The
    /// bluetooth on my laptop won't find my headset"), or null.
    /// </summary>
    public static string? FaultIn(string? said)
    {
        if (string.IsNullOrWhiteSpace(said))
        {
            return null;
        }

        var faults = SentenceEnd().Split(Normalise(said)).Where(s => LooksLikeFault(s, strict: true)).Select(s => Extract(s)!).ToList();
        return faults.Count == 0 ? null : string.Join(". ", faults);
    }

    private static int Weight(string sentence)
    {
        var words = CallerLexicon.Words(sentence);
        if (WhoIsCalling.AnyIn(words))
        {
            return 0; // who is calling, not what is wrong
        }

        var faults = FaultWords.CountIn(words);
        return (Triage.CategoryOf(sentence) != TicketCategory.Other ? 3 : 0) + (2 * faults) + Math.Min(2, words.Length / 4);
    }

    private static readonly char[] EdgePunctuation = [' ', ',', '.', ':', ';', '-', '!'];

    private static int ContentWords(string text)
    {
        var count = 0;
        foreach (var word in CallerLexicon.Words(text))
        {
            count += CallerLexicon.Filler.Contains(word) || Empty.Contains(word) ? 0 : 1;
        }

        return count;
    }

    private static string Normalise(string text) =>
        IsNormal(text) ? text : string.Join(' ', text.Replace('\u2019', '\'').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Straight apostrophes, words one plain space apart, no space at either end: what recognisers mostly send.</summary>
    private static bool IsNormal(string text)
    {
        if (text.Length == 0 || text[0] == ' ' || text[^1] == ' ')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '\u2019' || (char.IsWhiteSpace(ch) && (ch != ' ' || text[i - 1] == ' ')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Words that say nothing about a fault on their own.</summary>
    private static readonly HashSet<string> Empty = new(StringComparer.Ordinal)
    {
        "problem", "problems", "issue", "issues", "ticket", "report", "log", "raise", "something", "wrong", "help", "need", "want",
        "got", "have", "has", "there", "thing", "things", "stuff", "working", "work", "works", "not", "isn't", "doesn't", "won't",
        "can't", "a", "my", "me", "to", "with", "of", "for", "this", "that", "what", "which", "was", "be", "been", "am", "are",
        "do", "does", "did", "can", "could", "would", "will", "we", "our", "us", "your", "in", "at", "all", "one", "bit",
        "call", "calling", "ringing", "phoning", "about", "regarding", "quick", "question", "wondering", "if", "i'm", "i've",
        "i'd", "like", "still", "again", "now", "today", "fine", "else", "more", "other", "others", "them", "they", "phone's",
        "ringing", "wait", "let", "check", "see", "think", "know", "don't", "said", "say", "mind", "minute", "found",
    };

    private static readonly HashSet<string> ImpactWords = new(StringComparer.Ordinal)
    {
        "me", "myself", "mine", "only", "just", "alone", "everyone", "everybody", "whole", "entire", "office", "floor", "building",
        "team", "department", "company", "colleague", "colleagues", "people", "person", "few", "several", "couple", "of", "us",
        "affected", "affecting", "affects", "others", "rest", "fine", "okay", "ok", "seem", "seems", "be", "to", "are", "nobody", "else",
        "third", "second", "first", "fourth", "fifth", "ground", "top", "all", "staff", "group", "site", "branch", "too", "as",
        "well", "it's", "far", "i", "can", "tell", "both", "two", "three", "four", "some", "lot", "lots", "whole", "anyone",
    };

    private static readonly PhraseSet WhoIsCalling = new("employee id", "my number");

    private static readonly PhraseSet FaultWords = new(
        "won't", "can't", "cannot", "isn't", "doesn't", "not working", "broken", "broke", "keeps", "error", "crash", "crashes",
        "black", "blank", "frozen", "freezes", "slow", "dropping", "drops", "locked", "failed", "fails", "stopped", "dead",
        "jammed", "flickering", "disconnects", "blue screen", "no sound", "missing", "lost", "expired", "beeps", "stuck", "not",
        "wouldn't", "couldn't", "aren't", "keep", "kept", "died", "dies", "dying", "fault", "faulty", "flashing", "flashes",
        "beeping", "cracked", "smashed", "spilled", "spill", "noise", "noisy", "hot", "overheating",
        "access denied", "denied", "wrong", "weird", "strange", "unable", "gone", "disappeared", "crackling", "crackles",
        "crackle", "buzzing", "static", "echo", "lagging", "lags", "laggy", "flickers", "blurry", "fuzzy", "muffled",
        "packed in", "given up", "playing up", "acting up", "on the blink", "kaput", "knackered", "glitching", "glitchy"
    );

    [GeneratedRegex(@"^(?:(?:yes|yeah|yep|no|nope|nah|ok|okay|so|well|right|hi there|hello there|hi|hello|hiya|hey|(?:two|a couple of|a few) (?:things|problems|issues)(?: really| actually| today)?|erm+|um+|uh+|er+|ah|hmm+|sorry|oh|good (?:morning|afternoon|evening)|morning|basically|look|listen|cheers|thanks|thank you|alright|one sec(?:ond)?|hang on|hold on|just a (?:sec|second|moment|minute)|sorry,? my phone'?s ringing|the thing is|it'?s just that|bear with me|sorry about that|let me start again|let me rephrase|someone'?s (?:just )?(?:come|walked|at)[a-z' ]*?(?:desk|door|here)(?:\.\.\.)?|ugh|oh dear|right then|okay so|so yeah|while i'?ve got you(?: though)?|while i have you|(?:and )?while i'?m (?:on|here)(?: the (?:phone|line))?(?=[,.])|let me (?:just )?(?:find|check|look|get|grab) (?:it|that|the \w+)(?:\.\.\.)?|one more thing|another thing|and another thing|oh and|also|on another note)\b[\s,.!:;-]*)+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadIn();

    [GeneratedRegex(@"^(?:(?:i(?:'d| would) like (?:to|two|too)|i want (?:to|two|too)|i wanna|i need (?:to|two|too)|i'?m (?:calling|ringing|phoning) (?:to|two|too)|can i|could i|can you|could you|i'd like you (?:to|two|too)|please|i just want (?:to|two|too)|i just need (?:to|two|too)|i have (?:to|two|too)|i'm trying (?:to|two|too)|let me)\s+)?(?:report|log|raise|open|file|make|put in|submit)\s+(?:a|an|another|one)?\s*(?:new\s+)?(?:problem|issue|ticket|fault|incident|call|complaint)(?:\s+(?:please|for me|with you))*(?:\s*[:,.-]+\s*|\s+(?:about|because|with|for|regarding|as)\s+|\s*$)", RegexOptions.IgnoreCase)]
    private static partial Regex Request();

    [GeneratedRegex(@"\b(?:scratch that|strike that|no wait|wait no|hang on,? no|sorry,? i mean|i mean|i meant|correction|let me rephrase|let me start again|start again|actually|not that|rather)\b[\s,.:;-]*", RegexOptions.IgnoreCase | RegexOptions.RightToLeft)]
    private static partial Regex CorrectionMarker();

    [GeneratedRegex(@"\b(?:it'?s|it is)\s+(?:the|my)\s+(?<new>[a-z-]+(?: [a-z-]+)?)[\s,]+not\s+(?:the|my)\s+(?<old>[a-z-]+(?: [a-z-]+)?)\b|\bnot\s+(?:the|my)\s+(?<old2>[a-z-]+(?: [a-z-]+)?)[\s,]+(?:it'?s\s+|it is\s+)?(?:the|my)\s+(?<new2>[a-z-]+(?: [a-z-]+)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Swap();

    /// <summary>"It's not the monitor, I tried it on another laptop. It's the docking station": the two halves apart.</summary>
    [GeneratedRegex(@"\bnot\s+(?:(?:the|my)\s+)?(?<old2>[a-z-]+(?: [a-z-]+)?)\b.*?\b(?:it'?s|it is)\s+(?:(?:the|my)\s+)?(?<new2>[a-z-]+(?: [a-z-]+)?)\s*[.!]?\s*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex LooseSwap();

    /// <summary>"It's Ada, ...", "this is Alan in finance, ...", "Grace here, ...": who is calling, said before the problem (a name is capitalised).</summary>
    [GeneratedRegex(@"^(?:(?i:it'?s|this is|my name is|i'?m)\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:\s+(?i:here|from|in|on)\b[^,.;]*)?[,.;]\s*")]
    private static partial Regex Introduction();

    [GeneratedRegex(@"\b(?:any (?:news|update|progress|word)|an update on|update on (?:my|the|that|ticket|inc)|what'?s (?:happening|going on|the status|the latest) (?:with|on)|status (?:of|on)|heard (?:nothing|back)|chas(?:e|ing) (?:up|a ticket|my ticket|the ticket)|the one (?:ending|about the \w+ ticket|i raised|i logged|i reported)|ending in|has anyone (?:looked|had a look|picked)|is (?:it|that|my \w+) fixed|where are we (?:with|on)|the \w+ ticket|getting on|coming along|any joy|been (?:fixed|sorted|looked at|done)|any progress)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Enquiry();

    [GeneratedRegex(@"\b(?:raise|log|open|create|make|put in|submit|report) (?:a|an|another|one|new)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NewTicket();

    [GeneratedRegex(@",\s*(?:and|but|so|then|which)\s+|\s+but\s+|,\s*(?=it\b|and\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Clause();

    [GeneratedRegex(@"\b(?:do|log|take|go with|go for|start with|raise|deal with)\s+(?:just\s+)?(?:the|that)\s+(?<name>[a-z][a-z-]+)\s+(?:one|thing|problem|issue)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pick();

    [GeneratedRegex(@"(?<=[.!?;])\s+|\s+-\s+")]
    private static partial Regex SentenceEnd();
}
