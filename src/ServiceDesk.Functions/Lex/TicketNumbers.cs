using System.Text.RegularExpressions;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// N-best recovery for ticket numbers: the slot first, then the top transcript, then the other speech-recognition
/// hypotheses and the other interpretations' slots, so a misheard digit does not cost the caller a retry. A spoken
/// correction ("ticket four, no, five") counts as said last.
/// </summary>
internal static partial class TicketNumbers
{
    public const int MaxCandidates = 4;

    /// <summary>
    /// Distinct candidates, best first, at most <see cref="MaxCandidates"/>. Reading them is cheap (each text is parsed
    /// once per turn); the store is asked about them one at a time by whoever walks the list.
    /// </summary>
    public static IReadOnlyList<TicketNumber> Candidates(LexTurn turn)
    {
        // Lex fills the ticket slot from "E1003" too: an employee id said in passing is never a ticket number.
        List<long>? ids = null;
        foreach (var (_, id) in Identification.SaidInPassing(turn.Transcript))
        {
            if (Identification.Normalize(id) is { } employee && long.TryParse(employee.AsSpan(1), out var sequence))
            {
                (ids ??= []).Add(sequence);
            }
        }

        var found = new Found(ids);
        Collect(turn, found);
        return found.Numbers;
    }

    /// <summary>The candidates so far: distinct, in the order heard, none an employee id, no more than the maximum.</summary>
    private sealed class Found(List<long>? ids)
    {
        public List<TicketNumber> Numbers { get; } = new(MaxCandidates);

        public void Add(TicketNumber? number)
        {
            if (number is { } heard && Numbers.Count < MaxCandidates && ids?.Contains(heard.Sequence) != true && !Numbers.Contains(heard))
            {
                Numbers.Add(heard);
            }
        }
    }

    private static void Collect(LexTurn turn, Found found)
    {
        var words = turn.FreshWords;
        var expecting = turn.Awaiting == BotContract.Slots.TicketNumber;
        // A correction in the words ("four, no, five") overrides what Lex put in the slot from the words before it, in
        // whichever hypothesis it was heard best ("five four me" was "five for me").
        foreach (var said in turn.Hypotheses)
        {
            found.Add(Corrected(said, expecting));
        }

        // Lex fills the slot from any span that fits ("the scanner one" gives 1, "error 50" gives 50): unless we asked for a
        // number, a short one counts only when the words announce it as a ticket ("ticket two").
        var spoken = words is null ? null : FromText(words, expecting);
        // "The flickering one": Lex fills the number slot with 1 from a pronoun; the words named no number.
        var trust = new Trust(expecting || words is null, spoken, PronounOne: spoken is null && words is not null && CallerLexicon.Words(words).Contains("one"));
        FromSlot(turn.Intent.Slots!.GetValueOrDefault(BotContract.Slots.TicketNumber), expecting, trust, found);
        if (words is null)
        {
            return;
        }

        found.Add(spoken);
        foreach (var hypothesis in turn.Event.Transcriptions ?? [])
        {
            FromSlot(hypothesis.ResolvedSlots?.GetValueOrDefault(BotContract.Slots.TicketNumber), expecting, trust, found);
            if (!string.Equals(hypothesis.Transcription, turn.Transcript, StringComparison.Ordinal))
            {
                found.Add(FromText(hypothesis.Transcription, expecting));
            }
        }

        foreach (var interpretation in turn.Event.Interpretations ?? [])
        {
            FromSlot(interpretation.Intent?.Slots?.GetValueOrDefault(BotContract.Slots.TicketNumber), expecting, trust, found);
        }
    }

    /// <summary>Which numbers from a slot count: all when we asked for one, else the words' own or one of four digits or more.</summary>
    private readonly record struct Trust(bool Any, TicketNumber? Spoken, bool PronounOne = false)
    {
        // Four digits or more (PlainRunDigits) is a number nobody says by accident.
        public bool Of(TicketNumber number) => !(PronounOne && number.Sequence == 1) && (Any || number == Spoken || number.Sequence >= 1000);
    }

    /// <summary>
    /// After we read out several tickets: "the second one", "the older one", keypad 2, or the last digits of one of them.
    /// </summary>
    public static TicketNumber? Chosen(LexTurn turn, IEnumerable<TicketNumber> candidates)
    {
        var choices = Choices(turn);
        if (choices.Count == 0 || turn.FreshWords is not { } words)
        {
            return null;
        }

        if (turn.Heard(h => Spoken.Choice(h, choices.Count)) is { } index)
        {
            return choices[index];
        }

        foreach (var candidate in candidates)
        {
            var tail = candidate.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var match = choices.Where(c => c.Digits.EndsWith(tail, StringComparison.Ordinal)).ToList();
            if (match.Count == 1)
            {
                return match[0];
            }
        }

        return null;
    }

    /// <summary>
    /// Keeps the number a request named ("what's the status of ticket one") in its slot while the caller is asked who
    /// they are, so the answer to that question does not lose it; and drops what Lex put there from a word that was not
    /// a number ("the latest one"), so it does not come back as one once they are identified.
    /// </summary>
    public static void Keep(LexTurn turn)
    {
        if (!turn.Identity.IsVerified && turn.Awaiting is null)
        {
            var candidates = Candidates(turn);
            turn.SetSlot(BotContract.Slots.TicketNumber, candidates.Count > 0 ? candidates[0].ToString() : null);
        }
    }

    public static void Offer(LexTurn turn, IEnumerable<Ticket> tickets) => turn.Memory.Choices = [.. tickets.Select(t => t.Number.Sequence)];

    private static List<TicketNumber> Choices(LexTurn turn)
    {
        var choices = new List<TicketNumber>(turn.Memory.Choices.Count);
        foreach (var sequence in turn.Memory.Choices)
        {
            if (sequence is > 0 and <= TicketNumber.MaxSequence)
            {
                choices.Add(TicketNumber.FromSequence(sequence));
            }
        }

        return choices;
    }

    /// <summary>"ticket four, no, five", "two... sorry, three", "INC 12, I mean 13": the number after the correction.</summary>
    private static TicketNumber? Corrected(string? text, bool expecting)
    {
        if (string.IsNullOrWhiteSpace(text) || !CorrectionMarker().IsMatch(text))
        {
            return null;
        }

        var parts = CorrectionMarker().Split(text);
        if (parts.Length < 2 || FromText(parts[0], expecting: true) is null)
        {
            return null;
        }

        // "Three. Ticket three." is ticket three, not thirty-three, and "five for me" is five: the digits the correction
        // opens with, or a number announced later in it.
        var last = parts[^1];
        return TicketNumber.TryParse(Opening(last), out var number) || TicketNumber.TryFind(last, out number) ? number : null;
    }

    /// <summary>
    /// True when some hypothesis of this turn names no number at all: a number heard only in the best one ("ticket four
    /// me", for "ticket for me") may be a mishearing rather than a ticket the caller lacks.
    /// </summary>
    public static bool MayBeMisheard(LexTurn turn) =>
        turn.Awaiting != BotContract.Slots.TicketNumber && turn.Hypotheses.Skip(1).Any(h => FromText(h, expecting: false) is null && Corrected(h, expecting: false) is null);

    /// <summary>The digits a phrase opens with, after "it's", "ticket", "number": "five for me" gives "five".</summary>
    private static string Opening(string text)
    {
        var words = CallerLexicon.Words(text).SkipWhile(w => w is "it's" or "its" or "it" or "is" or "ticket" or "number" or "the" or "inc" or "i" or "mean" or "that's" or "wrong" or "sorry" or "oh");
        return string.Join(' ', words.TakeWhile(w => !w.AsSpan().ContainsAnyExcept(CallerLexicon.AsciiDigits) || CallerLexicon.DigitWords.ContainsKey(w)));
    }

    private static void FromSlot(Wire.Lex.LexSlot? slot, bool expecting, Trust trust, Found found)
    {
        if (slot?.Value is not { } value)
        {
            return;
        }

        Add(FromText(value.InterpretedValue, expecting));
        if (!string.Equals(value.OriginalValue, value.InterpretedValue, StringComparison.Ordinal))
        {
            Add(FromText(value.OriginalValue, expecting));
        }

        foreach (var resolved in value.ResolvedValues ?? [])
        {
            if (!string.Equals(resolved, value.InterpretedValue, StringComparison.Ordinal))
            {
                Add(FromText(resolved, expecting));
            }
        }

        void Add(TicketNumber? number)
        {
            if (number is { } heard && trust.Of(heard))
            {
                found.Add(heard);
            }
        }
    }

    /// <summary>
    /// The whole text as a number ("one two three", "#42"), or a number announced inside a sentence ("ticket two"); when
    /// we asked for a number, a short run of digits anywhere ("it's the one ending in two" aside) counts too.
    /// </summary>
    private static TicketNumber? FromText(string? text, bool expecting) =>
        TicketNumber.TryParse(text, out var number) || TicketNumber.TryFind(text, out number) || (expecting && TicketNumber.TryFind("ticket " + LastRun(text), out number))
            ? number
            : null;

    /// <summary>
    /// The last run of digits said: "must be two then" gives "two", "number three please" gives "three". "The older one"
    /// and "oh, sorry" have none: a lone "one" after a word such as "the", and a lone "oh", are not digits.
    /// </summary>
    private static string LastRun(string? text)
    {
        var words = CallerLexicon.Words(text);
        bool IsDigit(int i) => i >= 0 && i < words.Length && (!words[i].AsSpan().ContainsAnyExcept(CallerLexicon.AsciiDigits) || CallerLexicon.DigitWords.ContainsKey(words[i]));
        bool Counts(int i) => IsDigit(i) && (words[i] switch
        {
            "one" => i == 0 || words[i - 1] is "number" or "ticket" or "is" or "it's" or "be" || IsDigit(i - 1) || IsDigit(i + 1),
            "oh" or "o" => IsDigit(i - 1) || IsDigit(i + 1),
            _ => true,
        });
        var end = Enumerable.Range(0, words.Length).Reverse().FirstOrDefault(Counts, -1);
        if (end < 0)
        {
            return string.Empty;
        }

        var start = end;
        while (IsDigit(start - 1))
        {
            start--;
        }

        return string.Join(' ', words[start..(end + 1)]);
    }

    [GeneratedRegex(@"(?:[\s,.]+(?:no|nope|sorry|i mean|i meant|actually|wait|or rather|rather|correction|scratch that))+[\s,.!]+", RegexOptions.IgnoreCase)]
    private static partial Regex CorrectionMarker();
}
