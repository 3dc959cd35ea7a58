namespace ServiceDesk.Core.Voice;

/// <summary>
/// The last few results of a pure function of a text, kept per thread. A turn reads the same words through many checks
/// (is it a command, a fault, a ticket number, who is affected), each from several places: kept, each is worked out
/// once per text. Keyed by the text's value, so a copy of the same words hits too; results are shared, never written.
/// Memos live as long as the process (static fields), so their per-thread slots need no disposal.
/// </summary>
public sealed class TextMemo<T>(Func<string, T> compute)
{
    private const int Kept = 4;

    private static int s_memos;

    /// <summary>This thread's slots of every memo of this result type, by memo.</summary>
    [ThreadStatic]
    private static Slots?[]? t_slots;

    private readonly int _id = Interlocked.Increment(ref s_memos) - 1;

    public T Get(string text)
    {
        var slots = SlotsHere();
        for (var i = 0; i < Kept; i++)
        {
            if (slots.Texts[i] is { } kept && (ReferenceEquals(kept, text) || string.Equals(kept, text, StringComparison.Ordinal)))
            {
                return slots.Values[i];
            }
        }

        var value = compute(text);
        slots.Texts[slots.Next] = text;
        slots.Values[slots.Next] = value;
        slots.Next = (slots.Next + 1) % Kept;
        return value;
    }

    private Slots SlotsHere()
    {
        var all = t_slots;
        if (all is null || all.Length <= _id)
        {
            Array.Resize(ref all, Math.Max(_id + 1, Volatile.Read(ref s_memos)));
            t_slots = all;
        }

        return all[_id] ??= new Slots();
    }

    private sealed class Slots
    {
        public readonly string?[] Texts = new string?[Kept];
        public readonly T[] Values = new T[Kept];
        public int Next;
    }
}
