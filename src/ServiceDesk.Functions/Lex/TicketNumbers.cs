using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// N-best recovery for ticket numbers: the slot first, then the top transcript, then the other speech-recognition
/// hypotheses and the other interpretations' slots, so a misheard digit does not cost the caller a retry.
/// </summary>
internal static class TicketNumbers
{
    public const int MaxCandidates = 4;

    /// <summary>
    /// Distinct candidates, best first, produced lazily: the alternatives are only parsed when the better ones
    /// did not lead to a ticket (most turns stop at the slot).
    /// </summary>
    public static IEnumerable<TicketNumber> Candidates(LexTurn turn)
    {
        var seen = new HashSet<TicketNumber>();
        foreach (var number in All(turn))
        {
            if (seen.Add(number))
            {
                yield return number;
                if (seen.Count == MaxCandidates)
                {
                    yield break;
                }
            }
        }
    }

    private static IEnumerable<TicketNumber> All(LexTurn turn)
    {
        foreach (var number in FromSlot(turn.Intent.Slots!.GetValueOrDefault(BotContract.Slots.TicketNumber)))
        {
            yield return number;
        }

        if (turn.TranscriptConsumed)
        {
            yield break;
        }

        if (FromText(turn.Transcript) is { } spoken)
        {
            yield return spoken;
        }

        foreach (var hypothesis in turn.Event.Transcriptions ?? [])
        {
            foreach (var number in FromSlot(hypothesis.ResolvedSlots?.GetValueOrDefault(BotContract.Slots.TicketNumber)))
            {
                yield return number;
            }

            if (!string.Equals(hypothesis.Transcription, turn.Transcript, StringComparison.Ordinal) && FromText(hypothesis.Transcription) is { } heard)
            {
                yield return heard;
            }
        }

        foreach (var interpretation in turn.Event.Interpretations ?? [])
        {
            foreach (var number in FromSlot(interpretation.Intent?.Slots?.GetValueOrDefault(BotContract.Slots.TicketNumber)))
            {
                yield return number;
            }
        }
    }

    /// <summary>
    /// After we read out several tickets: "the second one", keypad 2, or the last digits of one of them.
    /// </summary>
    public static TicketNumber? Chosen(LexTurn turn, IEnumerable<TicketNumber> candidates)
    {
        var choices = Choices(turn);
        if (choices.Count == 0 || turn.TranscriptConsumed)
        {
            return null;
        }

        if (Spoken.Choice(turn.Transcript, choices.Count) is { } index)
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

    public static void Offer(LexTurn turn, IEnumerable<Ticket> tickets) =>
        turn.Set(TurnKeys.Choices, string.Join(',', tickets.Select(t => t.Number.Sequence)));

    private static List<TicketNumber> Choices(LexTurn turn) =>
        [.. (turn.Get(TurnKeys.Choices) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => long.TryParse(s, out var n) && n is > 0 and <= TicketNumber.MaxSequence ? TicketNumber.FromSequence(n) : (TicketNumber?)null)
            .OfType<TicketNumber>()];

    private static IEnumerable<TicketNumber> FromSlot(Aws.Lex.LexSlot? slot)
    {
        if (slot?.Value is not { } value)
        {
            yield break;
        }

        if (FromText(value.InterpretedValue) is { } interpreted)
        {
            yield return interpreted;
        }

        if (!string.Equals(value.OriginalValue, value.InterpretedValue, StringComparison.Ordinal) && FromText(value.OriginalValue) is { } original)
        {
            yield return original;
        }

        foreach (var resolved in value.ResolvedValues ?? [])
        {
            if (!string.Equals(resolved, value.InterpretedValue, StringComparison.Ordinal) && FromText(resolved) is { } number)
            {
                yield return number;
            }
        }
    }

    private static TicketNumber? FromText(string? text) =>
        TicketNumber.TryParse(text, out var number) || TicketNumber.TryFind(text, out number) ? number : null;
}
