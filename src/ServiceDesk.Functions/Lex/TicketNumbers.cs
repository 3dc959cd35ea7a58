using ServiceDesk.Core.Tickets;

namespace ServiceDesk.Functions.Lex;

/// <summary>
/// N-best recovery for ticket numbers: the slot first, then the top transcript, then the other speech-recognition
/// hypotheses and the other interpretations' slots, so a misheard digit does not cost the caller a retry.
/// </summary>
internal static class TicketNumbers
{
    public const int MaxCandidates = 4;

    public static List<TicketNumber> Candidates(LexTurn turn)
    {
        var found = new List<TicketNumber>();
        AddSlot(found, turn.Intent.Slots!.GetValueOrDefault(BotContract.Slots.TicketNumber));
        if (!turn.TranscriptConsumed)
        {
            AddText(found, turn.Transcript);
            foreach (var hypothesis in turn.Event.Transcriptions ?? [])
            {
                AddSlot(found, hypothesis.ResolvedSlots?.GetValueOrDefault(BotContract.Slots.TicketNumber));
                AddText(found, hypothesis.Transcription);
            }

            foreach (var interpretation in turn.Event.Interpretations ?? [])
            {
                AddSlot(found, interpretation.Intent?.Slots?.GetValueOrDefault(BotContract.Slots.TicketNumber));
            }
        }

        return [.. found.Take(MaxCandidates)];
    }

    /// <summary>
    /// After we read out several tickets: "the second one", keypad 2, or the last digits of one of them.
    /// </summary>
    public static TicketNumber? Chosen(LexTurn turn, IReadOnlyList<TicketNumber> candidates)
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

    private static void AddSlot(List<TicketNumber> found, Aws.Lex.LexSlot? slot)
    {
        if (slot?.Value is not { } value)
        {
            return;
        }

        foreach (var text in new[] { value.InterpretedValue, value.OriginalValue }.Concat(value.ResolvedValues ?? []))
        {
            if (TicketNumber.TryParse(text, out var number) || TicketNumber.TryFind(text, out number))
            {
                Add(found, number);
            }
        }
    }

    private static void AddText(List<TicketNumber> found, string? text)
    {
        if (TicketNumber.TryParse(text, out var number) || TicketNumber.TryFind(text, out number))
        {
            Add(found, number);
        }
    }

    private static void Add(List<TicketNumber> found, TicketNumber number)
    {
        if (!found.Contains(number))
        {
            found.Add(number);
        }
    }
}
