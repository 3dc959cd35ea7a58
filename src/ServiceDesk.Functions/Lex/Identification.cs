using System.Text;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// Identifies a caller the flow could not (a shared line, an unknown or withheld number): their employee id (spoken or
/// keyed), then its PIN. An employee id alone proves nothing (ids run in sequence), so tickets open only with both. Gives up
/// on the id after <see cref="MaxRetries"/> retries with a handoff; a PIN that cannot be verified (wrong, locked after
/// repeated failures across calls, not set, not known) lets a report go on, logged as unverified, and hands a caller who
/// wanted their tickets to a person. Runs before any ticket is read or written.
/// </summary>
internal sealed partial class Identification(ICallerDirectory directory, PinVerifier pins)
{
    public const int MaxRetries = 2;

    /// <summary>
    /// Null when the caller is (now) verified, or when <paramref name="reporting"/> and the PIN could not be verified
    /// (the report goes on unverified); otherwise the response to send.
    /// </summary>
    public async Task<Wire.Lex.LexResponse?> EnsureAsync(LexTurn turn, bool reporting = false)
    {
        var memory = turn.Memory;
        if (turn.Identity.IsVerified)
        {
            return null;
        }

        if (memory.Unverified)
        {
            return reporting ? null : turn.Handoff(BotContract.HandoffReasons.PinNotVerified);
        }

        if (memory.Claimed is { } claimed)
        {
            return await CheckPinAsync(turn, claimed, reporting);
        }

        var answering = turn.Awaiting == BotContract.Slots.EmployeeId;
        var candidates = Candidates(turn, answering);
        if (candidates.Count == 0 && !answering)
        {
            memory.Pending ??= turn.FreshWords;
            return turn.ElicitSlot(BotContract.Slots.EmployeeId, Speech.Say(
                $"Before I {(reporting ? "log this" : "look at tickets")}, what's your employee I D? You can say it, or key in the digits and press pound."));
        }

        foreach (var candidate in candidates)
        {
            if (await directory.FindByEmployeeIdAsync(candidate, turn.Cancellation) is { } caller)
            {
                turn.WordsTaken = turn.WordsTaken || answering;
                memory.IdFailures = 0;
                return await ClaimAsync(turn, caller, reporting);
            }
        }

        if (++memory.IdFailures > MaxRetries)
        {
            return turn.Handoff(BotContract.HandoffReasons.IdentificationFailed);
        }

        turn.SetSlot(BotContract.Slots.EmployeeId, null);
        return turn.ElicitSlot(BotContract.Slots.EmployeeId, turn.IsDtmf
            ? Speech.Say("I couldn't find that employee number. Please key it in again, then press pound.")
            : Speech.Say("I couldn't find that employee I D. Please say it again, or key in the digits and press pound."));
    }

    /// <summary>The employee id matched <paramref name="caller"/>: their PIN is asked for, or taken if it came with the id.</summary>
    private async Task<Wire.Lex.LexResponse?> ClaimAsync(LexTurn turn, Caller caller, bool reporting)
    {
        turn.Memory.Claimed = caller.Id;
        if (caller.PinHash is null)
        {
            return GiveUp(turn, reporting);
        }

        // "E1006, and my PIN is 2718": both at once, so the PIN is not asked for again.
        return VoicePin.AfterMarker(turn.Transcript) is { } offered
            ? await VerifyAsync(turn, caller, offered, reporting)
            : AskPin(turn, Speech.Say("Thanks. And your PIN? Key it in and press pound, or say the digits."));
    }

    private async Task<Wire.Lex.LexResponse?> CheckPinAsync(LexTurn turn, string claimed, bool reporting)
    {
        var memory = turn.Memory;
        if (!turn.AnsweringPin)
        {
            return AskPin(turn, Speech.Say("First, your PIN, please. Key it in and press pound, or say the digits."));
        }

        // The answer is the PIN's alone: no other step reads it, and it leaves the slot now so Lex does not carry it on.
        turn.WordsTaken = true;
        var spoken = VoicePin.Read(turn.Transcript) ?? VoicePin.AfterMarker(turn.Transcript);
        var slotted = VoicePin.Read(turn.SlotInterpreted(BotContract.Slots.EmployeePin));
        turn.SetSlot(BotContract.Slots.EmployeePin, null);
        // "Sorry, wrong one, mine's E1002": the id is corrected at the PIN question (Lex may have put its digits in the PIN
        // slot, so the words decide before the slot does), and that id's PIN is asked instead.
        if (spoken is null && CorrectedId(turn.Transcript) is { } other && await directory.FindByEmployeeIdAsync(other, turn.Cancellation) is { } corrected
            && corrected.Id != claimed)
        {
            return await ClaimAsync(turn, corrected, reporting);
        }

        var pin = spoken ?? slotted;

        if (pin is null && CallerLexicon.DoesNotKnow(turn.Transcript))
        {
            return GiveUp(turn, reporting);
        }

        if (pin is null && (CallerLexicon.IsQuestion(turn.Transcript) || $" {turn.Transcript.ToLowerInvariant()} ".Contains(" why ", StringComparison.Ordinal)))
        {
            // "Why do you need that?": an answer, not a miss.
            return AskPin(turn, Speech.Say("It keeps your tickets private: only you can open them, with your employee I D and PIN. Please key in your PIN and press pound, or say you don't have one."));
        }

        if (pin is not null && await directory.FindByIdAsync(claimed, turn.Cancellation) is { } caller)
        {
            return await VerifyAsync(turn, caller, pin, reporting);
        }

        if (pin is not null || ++memory.PinMisses > MaxRetries)
        {
            return GiveUp(turn, reporting);
        }

        return AskPin(turn, Speech.Say("Sorry, I need the four to six digits of your PIN. Key them in, then press pound, or say you don't have one."));
    }

    internal static string? CorrectedId(string said) =>
        Normalize(VoicePin.BeforeMarker(said)) ?? SaidInPassing(said).Select(s => Normalize(s.Id)).FirstOrDefault(id => id is not null);

    private async Task<Wire.Lex.LexResponse?> VerifyAsync(LexTurn turn, Caller caller, string pin, bool reporting)
    {
        var memory = turn.Memory;
        var check = await pins.CheckAsync(caller, pin, turn.Cancellation);
        if (check == PinCheck.Verified)
        {
            turn.Identified(caller);
            memory.Claimed = null;
            memory.PinMisses = 0;
            memory.Awaiting = null;
            return null;
        }

        if (check != PinCheck.Wrong || ++memory.PinMisses > MaxRetries)
        {
            return GiveUp(turn, reporting);
        }

        return AskPin(turn, Speech.Say("That PIN didn't match. Please try again: key it in, then press pound."));
    }

    private static Wire.Lex.LexResponse AskPin(LexTurn turn, Speech speech) => turn.ElicitSlot(BotContract.Slots.EmployeePin, speech);

    /// <summary>
    /// The PIN is not verified and will not be this call: a report is still taken, marked unverified for the team; a
    /// request to read or change tickets goes to a person. Which of wrong, locked or not set is never said.
    /// </summary>
    private static Wire.Lex.LexResponse? GiveUp(LexTurn turn, bool reporting)
    {
        var memory = turn.Memory;
        memory.Unverified = true;
        memory.Awaiting = null;
        if (!reporting)
        {
            return turn.Handoff(BotContract.HandoffReasons.PinNotVerified);
        }

        turn.LeadIn = Speech.Say("I can't verify you right now, but I can still log the problem. The team will check it with you.");
        return null;
    }

    /// <summary>
    /// What the caller said, as Lex heard it best: the slot, then (when they were answering our question) the top
    /// transcription. Lower-ranked alternatives are never tried: they are guesses, and a guess that happens to match
    /// someone else's id would open that person's tickets. N-best recovery is for ticket numbers, not for identity.
    /// </summary>
    private static List<string> Candidates(LexTurn turn, bool answering)
    {
        var texts = new List<string?> { turn.SlotInterpreted(BotContract.Slots.EmployeeId), turn.SlotText(BotContract.Slots.EmployeeId) };
        if (answering)
        {
            texts.Add(VoicePin.BeforeMarker(turn.Transcript));
        }

        var inPassing = SaidInPassing(turn.Transcript);
        // "E1002, no wait, that's Grace's, mine is E1003": of two ids said, the last is the caller's correction (it still
        // needs its own PIN).
        if (inPassing.Count > 1)
        {
            texts.Insert(0, inPassing[^1].Id);
        }

        texts.AddRange(inPassing.Select(s => s.Id));

        var ids = new List<string>();
        foreach (var text in texts)
        {
            if (Normalize(text) is { } id && !ids.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>
    /// Employee ids said in a sentence: "hey, it's Linus, E1003, …" (the written form is unmistakable wherever it is said) and
    /// "my employee ID is E one zero zero six" (announced). Each with the words that said it, which no other step reads
    /// (<see cref="LexTurn.FreshWords"/>), so an id is never taken for a ticket number.
    /// </summary>
    internal static IReadOnlyList<(string Words, string Id)> SaidInPassing(string transcript) => IdsSaid.Get(transcript);

    // The ticket numbers, the words left to read and the identification each ask it of the same words.
    private static readonly TextMemo<(string Words, string Id)[]> IdsSaid = new(transcript =>
    {
        List<(string Words, string Id)>? ids = null;
        foreach (var said in CompactId().EnumerateMatches(transcript))
        {
            var value = transcript.Substring(said.Index, said.Length);
            (ids ??= []).Add((value, value));
        }

        if (Announced().Match(transcript) is { Success: true } announced)
        {
            (ids ??= []).Add((announced.Value, announced.Groups["id"].Value));
        }

        return ids is null ? [] : [.. ids];
    });

    /// <summary>"E1001", "e 1 0 0 1", "E one zero zero one", "E one oh oh for", "my employee id is 1001", or 1001# on the keypad → E1001.</summary>
    private static readonly char[] IdBreaks = [' ', '-', '.', ',', '#', '*'];

    internal static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 100)
        {
            return null;
        }

        var digits = new StringBuilder(8);
        var repeat = 1;
        foreach (var raw in text.ToLowerInvariant().Split(IdBreaks, StringSplitOptions.RemoveEmptyEntries))
        {
            // "E one double oh five": a repeated digit, as British callers read numbers.
            if (raw is "double" or "triple" or "treble")
            {
                repeat = raw == "double" ? 2 : 3;
                continue;
            }

            var token = raw.Length > 1 && raw[0] == 'e' && !raw[1..].AsSpan().ContainsAnyExcept(CallerLexicon.AsciiDigits) ? raw[1..] : raw;
            if (!token.AsSpan().ContainsAnyExcept(CallerLexicon.AsciiDigits))
            {
                digits.Append(token);
            }
            else if (CallerLexicon.DigitWords.TryGetValue(token, out var digit) || CallerLexicon.DigitHomophones.TryGetValue(token, out digit))
            {
                // Only digits are expected here, so "one oh oh for" is 1004: a homophone is read as the digit it sounds like.
                digits.Append(digit, repeat);
                repeat = 1;
            }
            else if (!Filler.Contains(token))
            {
                return null;
            }
        }

        return digits.Length is >= 3 and <= 8 ? "E" + digits : null;
    }

    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "e", "ee", "my", "employee", "id", "i", "d", "is", "it's", "its", "it", "number", "the", "uh", "um", "erm", "er", "yes", "yeah", "sure", "staff", "please", "ok", "okay", "so", "that's", "thats", "me", "and",
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:employee|staff)\s+(?:i\.?\s?d\.?|id|number)(?:\s+(?:is|it's))?[\s,:]+(?<id>(?:e\s*)?(?:(?:\d+|zero|oh|one|two|three|four|five|six|seven|eight|nine|for|to|won|ate)[\s,-]*){3,8})", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Announced();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b[Ee]\d{4,6}\b")]
    private static partial System.Text.RegularExpressions.Regex CompactId();
}
