using System.Globalization;
using BenchmarkDotNet.Attributes;
using ServiceDesk.Core.Callers;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Benchmarks;

/// <summary>
/// What reading a caller's words costs a turn, step by step, against splitting them once: the readings every turn makes
/// of a new text (is it a command, a fault, a ticket number, a yes or no, a PIN). Each operation reads the next of 64
/// texts, so none is among the few texts the dialogue keeps per thread: this is the cost of words heard for the first time.
/// </summary>
[MemoryDiagnoser]
public class DialogueReadingBenchmarks
{
    private static readonly string[] Wordings =
    [
        "what's the status of ticket {0}", "status of {0} please", "can you check ticket {0} for me", "hi it's about ticket {0}",
        "any news on {0}", "I'm calling about my ticket {0}", "where are we with incident {0}", "ticket {0} what's happening with it",
    ];

    private string[] _texts = [];
    private int _next;

    [GlobalSetup]
    public void Setup() =>
        _texts = [.. Enumerable.Range(0, 64).Select(i => string.Format(CultureInfo.InvariantCulture, Wordings[i % Wordings.Length], TicketNumber.FromSequence(i + 1)))];

    private string Next() => _texts[_next = (_next + 1) % _texts.Length];

    [Benchmark(Baseline = true, Description = "the words split once (CallerLexicon.Words)")]
    public int Words() => CallerLexicon.Words(Next()).Length;

    [Benchmark(Description = "CallerLexicon.Command")]
    public CallerCommand? Command() => CallerLexicon.Command(Next());

    [Benchmark(Description = "ProblemText.LooksLikeFault")]
    public bool LooksLikeFault() => ProblemText.LooksLikeFault(Next());

    [Benchmark(Description = "TicketNumber.TryFind")]
    public bool TryFind() => TicketNumber.TryFind(Next(), out _);

    [Benchmark(Description = "CallerLexicon.YesNo")]
    public bool? YesNo() => CallerLexicon.YesNo(Next());

    [Benchmark(Description = "VoicePin.Redact")]
    public string Redact() => VoicePin.Redact(Next());

    [Benchmark(Description = "all five, as a turn reads one text")]
    public bool All()
    {
        var text = Next();
        return CallerLexicon.Command(text) is null & ProblemText.LooksLikeFault(text) & TicketNumber.TryFind(text, out _)
            & CallerLexicon.YesNo(text) is null & VoicePin.Redact(text).Length > 0;
    }
}
