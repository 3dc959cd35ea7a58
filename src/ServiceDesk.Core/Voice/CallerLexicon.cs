using System.Text;

namespace ServiceDesk.Core.Voice;

/// <summary>What a caller can ask for at any prompt, whatever the question was.</summary>
public enum CallerCommand
{
    Person,
    Goodbye,
    Repeat,
    StartOver,
    Cancel,
}

/// <summary>
/// How callers talk, in one place: digit words and their homophones, ordinals, yes and no, the phrases that mean a
/// command at any prompt, and the words that carry no content (filler, politeness, greetings). The Lex handlers and the
/// local Lex emulator read speech with the same lexicon, so the two cannot disagree about what "nah" or "won" means.
/// </summary>
public static class CallerLexicon
{
    /// <summary>Lower-case words without punctuation; apostrophes kept inside words ("won't"), curly ones straightened.</summary>
    /// <remarks>A turn reads the same words through many phrase lists: the last few texts' words are kept (per thread), so
    /// they are split once per turn. The array is shared: read it, never write to it.</remarks>
    public static string[] Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return Tokenized(text).Words;
    }

    private static string[] Split(string text)
    {
        var words = new List<string>(12);
        for (var at = 0; at < text.Length;)
        {
            if (!IsWordChar(text[at]))
            {
                at++;
                continue;
            }

            var end = at;
            while (end < text.Length && IsWordChar(text[end]))
            {
                end++;
            }

            // Apostrophes belong inside a word ("won't"), not around it ("'cause", "users'").
            var start = at;
            var stop = end;
            while (start < stop && text[start] is '\'' or '\u2019')
            {
                start++;
            }

            while (stop > start && text[stop - 1] is '\'' or '\u2019')
            {
                stop--;
            }

            if (stop > start)
            {
                words.Add(string.Create(stop - start, (text, start), static (span, state) =>
                {
                    for (var i = 0; i < span.Length; i++)
                    {
                        var ch = state.text[state.start + i];
                        span[i] = ch == '\u2019' ? '\'' : char.ToLowerInvariant(ch);
                    }
                }));
            }

            at = end;
        }

        return [.. words];
    }

    private static bool IsWordChar(char ch) => char.IsLetterOrDigit(ch) || ch is '\'' or '\u2019';

    /// <summary>A text's words and their padded form, kept for the last few texts seen on this thread.</summary>
    private sealed class Tokens(string text, string[] words)
    {
        public string Text { get; } = text;
        public string[] Words { get; } = words;
        public string Padded => field ??= " " + string.Join(' ', Words) + " ";

        /// <summary>What <see cref="Command"/> made of the text, once read.</summary>
        public CallerCommand? Command { get; set; }
        public bool CommandRead { get; set; }
    }

    private static readonly TextMemo<Tokens> Kept = new(text => new Tokens(text, Split(text)));

    private static Tokens Tokenized(string text) => Kept.Get(text);

    /// <summary>Lower-case words without punctuation; apostrophes dropped so "won't" and "wont" agree.</summary>
    public static string[] BareWords(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.ToLowerInvariant())
        {
            sb.Append(char.IsLetterOrDigit(ch) ? ch : ch is '\'' or '\u2019' ? '\0' : ' ');
        }

        return sb.ToString().Replace("\0", string.Empty, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The words joined by single spaces and padded with one space each side, for whole-phrase matching.</summary>
    public static string Padded(string? text) => string.IsNullOrWhiteSpace(text) ? "  " : Tokenized(text).Padded;

    /// <summary>
    /// '0' to '9', for "is this all digits" as <c>!span.ContainsAnyExcept(AsciiDigits)</c>: <c>ContainsAnyExceptInRange('0', '9')</c>
    /// allocates on short text in this runtime (about 10 bytes a call, measured), and every turn asks it of every token.
    /// </summary>
    public static readonly System.Buffers.SearchValues<char> AsciiDigits = System.Buffers.SearchValues.Create("0123456789");

    public static readonly IReadOnlyDictionary<string, char> DigitWords = new Dictionary<string, char>(StringComparer.Ordinal)
    {
        ["zero"] = '0', ["oh"] = '0', ["o"] = '0', ["nought"] = '0', ["one"] = '1', ["two"] = '2', ["three"] = '3', ["four"] = '4',
        ["five"] = '5', ["six"] = '6', ["seven"] = '7', ["eight"] = '8', ["nine"] = '9', ["niner"] = '9',
    };

    /// <summary>
    /// How recognisers mishear digit words. Read as digits only where a digit is expected and nothing else fits
    /// (an employee id, a ticket number after "ticket"): "for" and "to" are words everywhere else.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, char> DigitHomophones = new Dictionary<string, char>(StringComparer.Ordinal)
    {
        ["won"] = '1', ["to"] = '2', ["too"] = '2', ["for"] = '4', ["fore"] = '4', ["ate"] = '8', ["tree"] = '3', ["free"] = '3',
    };

    public static readonly IReadOnlyList<string> Ordinals = ["first", "second", "third", "fourth", "fifth"];

    /// <summary>"Yes, that's it", "yeah, go on": an answer that opens with a yes, whatever follows it.</summary>
    public static bool StartsWithYes(string? text)
    {
        foreach (var word in Words(text))
        {
            if (word is not ("um" or "erm" or "er" or "uh" or "oh" or "ah" or "well" or "hmm"))
            {
                return word is "yes" or "yeah" or "yep" or "yup" or "aye" or "1";
            }
        }

        return false;
    }

    /// <summary>"yes", "yeah that's the one", keypad 1; "no", "nah, a different one", keypad 2; null when it is neither.</summary>
    public static bool? YesNo(string? text)
    {
        var words = Words(text);
        if (words.Length == 0)
        {
            return null;
        }

        if (words is ["1"] or ["1", _])
        {
            return true;
        }

        if (words is ["2"] or ["2", _])
        {
            return false;
        }

        // The answer comes first in what people say: "no, yes I mean" is rare, "yes, no problem" is common.
        var yes = YesPhrases.FirstAt(words);
        var no = NoPhrases.FirstAt(words);
        return (yes, no) switch
        {
            (< 0, < 0) => null,
            (>= 0, < 0) => true,
            (< 0, >= 0) => false,
            _ => yes < no,
        };
    }

    private static readonly PhraseSet YesPhrases = new(
        "yes", "yeah", "yep", "yup", "ya", "aye", "sure", "correct", "right", "that's right", "that's the one", "it is",
        "please do", "go ahead", "do it", "ok", "okay", "absolutely", "definitely", "of course", "affirmative", "yes please",
        "go on then", "sounds good", "please", "same one", "same problem", "the same", "log it", "raise it"
    );

    private static readonly PhraseSet NoPhrases = new(
        "no", "nope", "nah", "not really", "don't", "do not", "wrong", "incorrect", "negative", "not that", "different",
        "another", "it isn't", "it's not", "not the same", "a new one", "separate"
    );

    /// <summary>
    /// A command the caller gives at any prompt, or null. Short requests count ("agent please", "say that again"); a
    /// problem that mentions an engineer does not ("the engineer never fixed my dock"). Keypad 0 is a person.
    /// </summary>
    public static CallerCommand? Command(string? text, bool keypad = false)
    {
        // A turn asks this of the same words several times (the commands, the rerouting, the question being answered).
        if (keypad || string.IsNullOrWhiteSpace(text))
        {
            return ReadCommand(text, keypad);
        }

        var tokens = Tokenized(text);
        if (!tokens.CommandRead)
        {
            tokens.Command = ReadCommand(text, keypad: false);
            tokens.CommandRead = true;
        }

        return tokens.Command;
    }

    private static CallerCommand? ReadCommand(string? text, bool keypad)
    {
        var words = Words(text);
        if (words.Length == 0)
        {
            return null;
        }

        if (keypad)
        {
            return words is ["0"] or ["00"] ? CallerCommand.Person : null;
        }

        var content = 0;
        var personNoun = false;
        foreach (var word in words)
        {
            if (!Filler.Contains(word))
            {
                content++;
                personNoun |= PersonNouns.Contains(word);
            }
        }

        var shortRequest = content <= 8;

        // A bare noun only when it is (nearly) all that was said: "agent", "a human please"; "is someone on that?" is not.
        // "I need a technician to come out", "engineer visit": someone at the desk, not on the line.
        var wantsAVisit = AnyIn(words, VisitVerbs);
        if (!wantsAVisit && (PersonRequests.AnyIn(words) || (content <= 2 && personNoun)))
        {
            return CallerCommand.Person;
        }

        // "Hang on, can we start over? I've got myself muddled" and "actually, cancel that, I'll have a fiddle myself":
        // said first, or on their own, these are commands whatever follows.
        var opening = words.AsSpan(Hesitant(words));
        if (StartOverPhrases.AnyIn(words) && (shortRequest || SaidSoon(opening, StartOverPhrases)))
        {
            return CallerCommand.StartOver;
        }

        // "Cancel the engineer visit" asks for something; "cancel that" stops what we are doing.
        var cancelsAVisit = AnyIn(words, VisitNouns);
        if (!cancelsAVisit && ((content <= 4 && CancelPhrases.AnyIn(words) && !IsAboutIt(words)) || CancelPhrases.OpensAny(opening)))
        {
            return CallerCommand.Cancel;
        }

        // "Sorry, you'll have to say that again, I was scrabbling about for a pen": a repeat, however it is wrapped.
        if (RepeatPhrases.AnyIn(words) && (content <= 6 || !IsAboutIt(words)))
        {
            return CallerCommand.Repeat;
        }

        if (words is ["what"] or ["pardon"] or ["sorry"] or ["sorry", "what"] or ["what", "was", "that"] or ["huh"] or ["eh"])
        {
            return CallerCommand.Repeat;
        }

        return IsGoodbye(words, opening) ? CallerCommand.Goodbye : null;
    }

    /// <summary>How many words of opening hesitation ("erm, well, ...") come before what the caller says first.</summary>
    private static int Hesitant(string[] words)
    {
        var skip = 0;
        while (skip < words.Length && Hesitation.Contains(words[skip]))
        {
            skip++;
        }

        return skip;
    }

    /// <summary>Whether one of <paramref name="phrases"/> starts within the first 24 characters of <paramref name="words"/> (said first, not in passing).</summary>
    private static bool SaidSoon(ReadOnlySpan<string> words, PhraseSet phrases)
    {
        for (int at = 0, offset = 0; at < words.Length && offset < 24; offset += words[at].Length + 1, at++)
        {
            if (phrases.StartsAt(words, at))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyIn(string[] words, HashSet<string> set)
    {
        foreach (var word in words)
        {
            if (set.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// "My laptop won't restart" and "Outlook won't let me cancel a meeting" are faults, not commands. Asked only where an
    /// answer depends on it: a category reads every category's words.
    /// </summary>
    private static bool IsAboutIt(string[] words) => Tickets.Triage.CategoryOf(words) != Tickets.TicketCategory.Other;

    /// <summary>"bye", "cheers, that's it", "forget it", "that'll do thanks": the whole utterance says goodbye.</summary>
    private static bool IsGoodbye(string[] words, ReadOnlySpan<string> opening)
    {
        // To "Anything else?" a bare no is a goodbye; to a yes/no question the caller is answering it (GlobalCommands).
        if (words is ["no"] or ["nope"] or ["nah"] or ["no", "thanks"] or ["no", "thank", "you"] or ["no", "ta"])
        {
            return true;
        }

        // "Don't bother logging it, I'll grab a new mouse" and "ah, forget it, it's not worth the hassle" end the task
        // whatever else is said; "forget it" anywhere but first ("I always forget it") does not.
        if (NoTicketPhrases.AnyIn(words) || LeavingPhrases.OpensAny(opening))
        {
            return true;
        }

        if (!GoodbyePhrases.AnyIn(words))
        {
            return false;
        }

        // Nothing of substance besides the goodbye: "that's it, the keyboard" is an answer, not a goodbye. One stray word
        // ("right, fair enough, cheers, bye") is allowed; an IT word never is.
        var rest = " " + string.Join(' ', words) + " ";
        foreach (var phrase in GoodbyePhrasesLongestFirst)
        {
            rest = rest.Replace(" " + phrase + " ", " ", StringComparison.Ordinal);
        }

        var unknown = Words(rest).Where(w => !Filler.Contains(w) && !GoodbyeExtras.Contains(w)).ToList();
        // "I must have the wrong number written down, thanks, goodbye": whatever came before, a call that ends on a goodbye
        // phrase is a goodbye, unless it names something IT (then it is a problem said in passing).
        var endsWithGoodbye = GoodbyePhrases.EndsAny(words)
            || (words.Length > 1 && words[^2] is "bye" or "thanks" or "cheers" && words[^1] is "now" or "then" or "bye" or "mate" or "love");
        return (unknown.Count <= 1 || endsWithGoodbye) && !IsAboutIt(words);
    }

    private static readonly HashSet<string> Hesitation = new(StringComparer.Ordinal)
    {
        "ah", "oh", "erm", "um", "uh", "er", "well", "ok", "okay", "so", "look", "listen", "actually", "ugh", "no", "nah", "yeah", "you",
        "know", "what", "right", "hang", "on", "sorry", "hmm", "can", "we", "just", "please",
    };

    private static readonly PhraseSet NoTicketPhrases = new("don't bother logging", "don't log it", "do not log it", "no need to log", "don't raise it", "don't need a ticket", "no need for a ticket", "not worth the hassle", "not worth hassle", "not worth logging");

    private static readonly PhraseSet LeavingPhrases = new("forget it", "never mind", "nevermind", "don't bother", "leave it", "forget about it");

    private static readonly PhraseSet PersonRequests = new(
        "speak to someone", "speak to somebody", "talk to someone", "talk to somebody", "speak to a person", "talk to a person",
        "speak to a human", "talk to a human", "speak to human", "talk to human", "speak to an agent", "talk to an agent", "speak with someone", "speak with a person",
        "real person", "actual person", "a human", "put me through", "transfer me", "connect me to", "on the line",
        "speak to a technician", "talk to a technician", "speak to an engineer", "talk to an engineer", "speak to a real",
        "speak to an actual", "talk to a real", "talk to an actual", "speak to the service desk", "talk to the service desk",
        "live agent", "human being", "someone real", "somebody real", "get me a person", "get me someone",
        "i want a person", "i need a person", "i want a human", "i need a human", "i want an agent", "i need an agent",
        "i need a technician", "i want a technician", "i need an engineer", "i want an engineer", "speak to someone please",
        "speak to the operator", "an operator", "representative", "speak to whoever", "talk to whoever", "speak to whoever's",
        "talk to whoever's", "whoever's dealing", "whoever is dealing", "whoever's looking", "whoever is looking"
    );

    private static readonly HashSet<string> PersonNouns = new(StringComparer.Ordinal)
    {
        "agent", "human", "person", "operator", "representative", "technician", "engineer", "receptionist", "humans", "agents",
    };

    private static readonly HashSet<string> VisitVerbs = new(StringComparer.Ordinal)
    {
        "visit", "visits", "come", "pop", "appointment", "book", "booking",
    };

    private static readonly PhraseSet StartOverPhrases = new("start over", "start again", "begin again", "from the top", "start from scratch", "go back to the start");

    private static readonly HashSet<string> VisitNouns = new(StringComparer.Ordinal) { "visit", "visits", "appointment", "appointments", "engineer", "engineers", "technician", "technicians", "tech", "booking" };
    private static readonly PhraseSet CancelPhrases = new("cancel", "cancel that", "cancel it", "stop that", "abort", "don't log it", "do not log it", "don't log that");

    private static readonly PhraseSet RepeatPhrases = new(
        "say that again", "say it again", "repeat that", "repeat it", "repeat", "come again", "what was that", "what did you say",
        "didn't catch that", "didn't hear that", "didn't get that", "missed that", "what was the number", "what's the number",
        "the number again", "say again", "once more", "pardon", "one more time", "sorry what", "say the number again"
    );

    private static readonly PhraseSet GoodbyePhrases = new(
        "bye", "goodbye", "good bye", "bye bye", "bye now", "see you", "cheers", "that's all", "that is all", "that's it", "that's everything",
        "that'll do", "that will do", "forget it", "never mind", "nevermind", "no thanks", "no thank you", "nothing else", "i'm done",
        "i'm good", "all good", "we're done", "that's fine", "nothing more", "i'll leave it", "leave it", "don't worry", "don't bother",
        "hang up", "all done", "i'm all set", "that's grand", "ta", "don't bother logging it", "don't log it", "no need", "leave it there",
        "leave it for now", "i'll call back", "i'll ring back", "i'll try again later", "speak soon", "take care", "sorted",
        "working again", "sorted itself out", "fixed itself", "it's fine now", "all working now", "no worries", "cheerio", "ta ra",
        "toodle oo", "see ya", "laters", "catch you later", "have a good day", "have a nice day", "you're alright", "you're all right",
        "we'll manage", "i'll manage"
    );

    /// <summary>Longest first, so "thanks bye" goes before "bye" when the goodbye is taken out of the words.</summary>
    private static readonly string[] GoodbyePhrasesLongestFirst = [.. GoodbyePhrases.Phrases.OrderByDescending(p => p.Length)];

    private static readonly HashSet<string> GoodbyeExtras = new(StringComparer.Ordinal)
    {
        "no", "nope", "nah", "thanks", "thank", "you", "much", "very", "for", "your", "help", "then", "now", "all", "for", "today",
        "lovely", "great", "brilliant", "perfect", "mate", "love", "bye", "really", "have", "a", "good", "day", "nice", "one", "it",
        "actually", "that's", "that", "it's", "fine", "ok", "okay", "anyway", "just",
    };

    /// <summary>"Yes, tell me more please", "go on", "carry on": the caller wants the rest of what they were hearing.</summary>
    public static bool AsksForMore(string? text)
    {
        // Not "go on": to a yes/no question that is a yes ("yes, go on").
        var words = Words(text);
        return words.Length > 0 && (words.Any(w => w is "more" or "continue" or "rest") || MorePhrases.AnyIn(words))
            && words.All(MoreWords.Contains);
    }

    private static readonly PhraseSet MorePhrases = new("carry on", "keep going");

    private static readonly HashSet<string> MoreWords = new(StringComparer.Ordinal)
    {
        "yes", "yeah", "yep", "sure", "ok", "okay", "please", "tell", "me", "more", "go", "on", "continue", "keep", "going", "carry",
        "the", "rest", "and", "some", "a", "bit", "read", "it", "of", "what's", "next", "then", "you", "can", "could", "what", "else",
    };

    /// <summary>"I don't know it", "I forgot my PIN", "I never set one up": asked for something, the caller does not have it.</summary>
    public static bool DoesNotKnow(string? text)
    {
        return NotKnown.AnyIn(Words(text));
    }

    private static readonly PhraseSet NotKnown = new(
        "don't know", "do not know", "dunno", "don't remember", "can't remember", "cannot remember", "forgot", "forgotten",
        "don't have", "do not have", "haven't got", "have not got", "never set", "never had", "no idea", "not sure", "no pin",
        "haven't set", "didn't set", "what pin", "which pin", "not got one", "lost it", "foggiest", "ever set", "no clue",
        "not a clue", "haven't a clue", "never told", "know idea", "never given", "never got", "don't think i have", "not set up",
        "never set up", "can't recall", "cannot recall", "no pin", "don't have one", "haven't got one"
    );

    /// <summary>
    /// "That didn't help", "done that already", "raise it anyway": after a tip, the caller wants the ticket for the problem
    /// they already told.
    /// </summary>
    public static bool WantsTicket(string? text)
    {
        return TicketWanted.AnyIn(Words(text));
    }

    private static readonly PhraseSet TicketWanted = new(
        "didn't help", "did not help", "doesn't help", "does not help", "didn't work", "did not work", "doesn't work", "not working",
        "done that", "done all that", "tried that", "tried all that", "already tried", "already done", "raise it", "log it", "raise a ticket",
        "log that", "raise that", "log that for me", "put that in", "put it in",
        "log a ticket", "open a ticket", "make a ticket", "create a ticket", "still broken", "still not", "no luck", "no difference",
        "anyway", "anyhow", "all the same", "ticket please", "still happening", "still the same", "didn't fix", "did not fix",
        "hasn't helped", "not helped", "done it", "tried it", "did that", "tried everything", "get someone to look"
    );

    /// <summary>"How do I ...", "where can I find ...", "is there a way to ...": a question, not a fault report.</summary>
    public static bool IsQuestion(string? text)
    {
        var words = Words(text);
        var first = Array.Find(words, w => !Filler.Contains(w) || w is "i" or "it" or "is");
        return first is "how" or "where" or "what" or "when" or "why" or "who" or "which" or "can" or "could" or "do" or "does" or "is" or "should" or "am" or "are"
            || QuestionPhrases.AnyIn(words);
    }

    /// <summary>"How do I ...", "where can I find ...", "is there a way to ...": a request for instructions, which the knowledge base answers.</summary>
    public static bool IsHowTo(string? text)
    {
        return HowToPhrases.AnyIn(Words(text));
    }

    private static readonly PhraseSet HowToPhrases = new(
        "how do i", "how do you", "how can i", "how to", "how would i", "how should i", "where do i", "where can i", "where is the",
        "is there a way", "what's the best way", "what is the best way", "how does one", "can you tell me how", "show me how"
    );

    private static readonly PhraseSet QuestionPhrases = new("how do", "how to", "how can", "where do", "where can", "is it possible", "is there a way", "what's the way", "i'd like to know", "wondering how", "wondering if", "what do i");

    /// <summary>Words that carry nothing about a problem: hesitation, politeness, greetings, acknowledgements.</summary>
    public static readonly IReadOnlySet<string> Filler = new HashSet<string>(StringComparer.Ordinal)
    {
        "erm", "um", "umm", "uh", "uhh", "er", "err", "ah", "hmm", "mm", "mmm", "oh", "ok", "okay", "so", "well", "right", "like",
        "hi", "hello", "hiya", "hey", "morning", "afternoon", "evening", "good", "yeah", "yes", "yep", "no", "nope", "nah", "please",
        "thanks", "thank", "you", "cheers", "sorry", "sec", "second", "moment", "hang", "on", "hold", "just", "a", "an", "the",
        "basically", "actually", "anyway", "uhm", "alright", "there", "ta", "mate", "love", "i", "it", "is", "its", "it's", "and",
        "ugh", "argh", "aw", "meh", "oops", "whoops", "gosh", "blimey", "ooh", "hm", "huh",
    };
}
