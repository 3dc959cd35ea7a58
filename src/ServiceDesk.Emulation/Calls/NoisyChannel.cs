using ServiceDesk.Emulation.Flows;
using ServiceDesk.Emulation.Lex;

namespace ServiceDesk.Emulation.Calls;

/// <summary>
/// Mishears the caller the way speech recognition does (homophones, digits as words and back, a dropped word), so the
/// handlers' N-best recovery gets exercised: the perturbed text is the top transcription, what was said an alternative.
/// </summary>
public sealed class NoisyChannel(ICallChannel inner, int seed) : ICallChannel
{
    private readonly Random _random = new(seed);

    private static readonly Dictionary<string, string> Homophones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["four"] = "for", ["two"] = "to", ["for"] = "four", ["to"] = "two", ["eight"] = "ate", ["one"] = "won",
        ["0"] = "oh", ["1"] = "one", ["2"] = "two", ["3"] = "three", ["4"] = "for", ["5"] = "five", ["6"] = "six", ["7"] = "seven", ["8"] = "eight", ["9"] = "nine",
        ["no"] = "know", ["right"] = "write", ["wi-fi"] = "why fi",
    };

    private static readonly HashSet<string> Droppable = new(StringComparer.OrdinalIgnoreCase) { "the", "a", "my", "is", "please", "it", "to", "and" };

    public Task SayAsync(string message, CancellationToken cancellationToken) => inner.SayAsync(message, cancellationToken);

    public async Task<CallerInput?> ListenAsync(bool keypadOnly, CancellationToken cancellationToken)
    {
        var input = await inner.ListenAsync(keypadOnly, cancellationToken);
        if (input is null || input.Dtmf || keypadOnly)
        {
            return input;
        }

        var heard = Perturb(input.Text);
        return heard == input.Text ? input : new CallerInput(heard, false, [input.Text, .. input.Alternatives ?? []]);
    }

    public string Perturb(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var changed = false;
        for (var i = 0; i < words.Count; i++)
        {
            // Spelled-out digits are where recognisers slip most: each has a fair chance of a homophone.
            if (Homophones.TryGetValue(words[i], out var sound) && _random.NextDouble() < 0.5)
            {
                words[i] = sound;
                changed = true;
            }
        }

        var droppable = words.Select((w, i) => (w, i)).Where(p => Droppable.Contains(p.w)).ToList();
        if (droppable.Count > 0 && (!changed || _random.NextDouble() < 0.3))
        {
            words.RemoveAt(droppable[_random.Next(droppable.Count)].i);
        }

        return string.Join(' ', words);
    }
}
