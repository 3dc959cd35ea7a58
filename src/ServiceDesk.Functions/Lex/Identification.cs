using System.Text;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// Asks a caller the flow could not identify for their employee id (spoken or keyed), checks it against the directory,
/// and gives up after <see cref="MaxRetries"/> retries with a handoff. Runs before any ticket is read or written.
/// </summary>
internal sealed partial class Identification(ICallerDirectory directory)
{
    public const int MaxRetries = 2;

    /// <summary>Null when the caller is (now) identified; otherwise the response to send.</summary>
    public async Task<Aws.Lex.LexResponse?> EnsureAsync(LexTurn turn)
    {
        if (turn.Identity.IsVerified)
        {
            return null;
        }

        var answering = turn.Awaiting == BotContract.Slots.EmployeeId;
        var candidates = Candidates(turn, answering);
        if (candidates.Count == 0 && !answering)
        {
            turn.Memory.Pending ??= turn.FreshWords;
            return turn.ElicitSlot(BotContract.Slots.EmployeeId,
                Speech.Say("Before I look at tickets, what's your employee I D? You can say it, or key in the digits and press pound."));
        }

        foreach (var candidate in candidates)
        {
            if (await directory.FindByEmployeeIdAsync(candidate, turn.Cancellation) is { } caller)
            {
                turn.Identified(caller);
                turn.WordsTaken = answering;
                turn.Memory.Awaiting = null;
                turn.Memory.IdFailures = 0;
                return null;
            }
        }

        if (++turn.Memory.IdFailures > MaxRetries)
        {
            return turn.Handoff(BotContract.HandoffReasons.IdentificationFailed);
        }

        turn.SetSlot(BotContract.Slots.EmployeeId, null);
        return turn.ElicitSlot(BotContract.Slots.EmployeeId, turn.IsDtmf
            ? Speech.Say("I couldn't find that employee number. Please key it in again, then press pound.")
            : Speech.Say("I couldn't find that employee I D. Please say it again, or key in the digits and press pound."));
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
            texts.Add(turn.Transcript);
        }

        // "My employee ID is E one zero zero six" said with the problem: announced, so it is not a guess.
        if (Announced().Match(turn.Transcript) is { Success: true } announced)
        {
            texts.Add(announced.Groups["id"].Value);
        }

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

    /// <summary>"E1001", "e 1 0 0 1", "E one zero zero one", "E one oh oh for", "my employee id is 1001", or 1001# on the keypad → E1001.</summary>
    internal static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 100)
        {
            return null;
        }

        var digits = new StringBuilder(8);
        var repeat = 1;
        foreach (var raw in text.ToLowerInvariant().Split([' ', '-', '.', ',', '#', '*'], StringSplitOptions.RemoveEmptyEntries))
        {
            // "E one double oh five": a repeated digit, as British callers read numbers.
            if (raw is "double" or "triple" or "treble")
            {
                repeat = raw == "double" ? 2 : 3;
                continue;
            }

            var token = raw.Length > 1 && raw[0] == 'e' && raw[1..].All(char.IsAsciiDigit) ? raw[1..] : raw;
            if (token.All(char.IsAsciiDigit))
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
        "e", "ee", "my", "employee", "id", "i", "d", "is", "it's", "its", "it", "number", "the", "uh", "um", "erm", "er", "yes", "yeah", "sure", "staff", "please", "ok", "okay", "so", "that's", "thats", "me",
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:employee|staff)\s+(?:i\.?\s?d\.?|id|number)(?:\s+(?:is|it's))?[\s,:]+(?<id>(?:e\s*)?(?:(?:\d+|zero|oh|one|two|three|four|five|six|seven|eight|nine|for|to|won|ate)[\s,-]*){3,8})", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Announced();
}
