using System.Text.RegularExpressions;
using ServiceDesk.Local;
using ServiceDesk.Emulation.Flows;
using ServiceDesk.Emulation.Lex;

namespace ServiceDesk.Emulation.Calls;

/// <summary>What the desk must have said before the caller's next line: a phrase (case-insensitive) or a /regex/.</summary>
public sealed record Expectation(int Line, string Pattern)
{
    public bool IsMatch(string heard) => Pattern.Length > 1 && Pattern.StartsWith('/') && Pattern.EndsWith('/')
        ? Regex.IsMatch(heard, Pattern[1..^1], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
        : heard.Contains(Pattern, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One caller line (speech, or keypad when it starts with <c>#</c>) and what the desk must say before it.</summary>
public sealed record ScriptTurn(int Line, CallerInput? Input, IReadOnlyList<Expectation> Expect);

/// <summary>
/// A conversation script: settings, then alternating <c>expect:</c> and <c>caller:</c> lines, then the end state.
/// Lines starting with <c>#</c> and trailing <c>  # comments</c> are ignored.
/// <code>
/// # Ada reports a dead laptop
/// from: +14155550100
/// given: emp-1001 | VPN keeps dropping
/// expect: how can i help
/// caller: my laptop won't turn on
/// expect: /affecting just you/
/// caller: just me
/// expect: /I N C \d/
/// caller: that's all, bye
/// outcome: goodbye
/// tickets: 1 created
/// ticket: impact=Individual category=Hardware   (parent=INC0000001: linked to that earlier report; parent=none)
/// intent: ReportIssue
/// </code>
/// Settings: <c>from</c>, <c>after-hours</c>, <c>backend: down</c>, <c>queue: free|busy|down</c>, <c>asr-noise</c>,
/// <c>given</c>, <c>given-visit</c> (a ticket with a visit booked, <c>| en route</c> when the technician is on the way),
/// <c>today</c>, <c>test-mode</c>, <c>scheduler: up|down|taken|expired</c>. End state: <c>outcome</c>, <c>tickets</c>, <c>ticket</c> (<c>field=value</c>, or <c>field~word</c> for a field that contains the word), <c>summary</c> (the handoff summary),
/// <c>intent</c> (any number: an intent the bot's code hook must have handled during the call), <c>visits: N booked|cancelled</c>,
/// <c>visit: YYYY-MM-DD HH:MM</c> (the last visit booked).
/// </summary>
public sealed partial record ConversationScript(string File, CallOptions Options, IReadOnlyList<ScriptTurn> Turns, CallOutcome? Outcome, int? Created, int? Changed, IReadOnlyDictionary<string, string> TicketFields, IReadOnlyList<Expectation> FinalExpect)
{
    /// <summary>What the handoff summary for the agent must say (text, or /regex/), when the call is transferred.</summary>
    public Expectation? Summary { get; init; }

    /// <summary>Intents the bot's code hook must have handled during the call.</summary>
    public IReadOnlyList<string> Intents { get; init; } = [];

    /// <summary>Visits the scheduler booked (or moved) and cancelled during the call, and the last one booked.</summary>
    public int? VisitsBooked { get; init; }
    public int? VisitsCancelled { get; init; }
    public DateTime? LastVisit { get; init; }

    public static ConversationScript Parse(string file, CallOptions defaults)
    {
        string[] lines;
        try
        {
            lines = System.IO.File.ReadAllLines(file);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ScriptException(file, 0, "no such script file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScriptException(file, 0, "cannot be read");
        }

        var options = defaults;
        var turns = new List<ScriptTurn>();
        var pending = new List<Expectation>();
        CallOutcome? outcome = null;
        int? created = null, changed = null, booked = null, cancelled = null;
        DateTime? lastVisit = null;
        Expectation? summary = null;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var intents = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var n = i + 1;
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new ScriptException(file, n, "expected 'key: value'");
            }

            var (key, value) = (line[..colon].Trim().ToLowerInvariant(), WithoutComment(line[(colon + 1)..].Trim()));
            switch (key)
            {
                case "from":
                    options = CallOptions.TryCallerNumber(value, out var number)
                        ? options with { From = number }
                        : throw new ScriptException(file, n, "from is a phone number (E.164 such as +14155550100) or 'withheld'");
                    break;
                case "after-hours":
                    options = options with { AfterHours = Bool(file, n, value) };
                    break;
                case "backend":
                    options = options with { BackendDown = value == "down" ? true : value == "up" ? false : throw new ScriptException(file, n, "backend is 'up' or 'down'") };
                    break;
                case "queue":
                    options = options with { Queue = Named<QueueState>(value) is { } queue ? queue : throw new ScriptException(file, n, "queue is 'free', 'busy' or 'down'") };
                    break;
                case "asr-noise":
                    options = options with { AsrNoiseSeed = int.TryParse(value, out var seed) ? seed : throw new ScriptException(file, n, "asr-noise takes a number (the seed)") };
                    break;
                case "given":
                    var bar = value.IndexOf('|', StringComparison.Ordinal);
                    options = bar > 0
                        ? options with { Given = [.. options.Given, new GivenTicket(value[..bar].Trim(), value[(bar + 1)..].Trim())] }
                        : throw new ScriptException(file, n, "given: CALLER_ID | what the existing ticket says");
                    break;
                case "given-visit":
                    var visit = value.Split('|', StringSplitOptions.TrimEntries);
                    options = visit.Length is 3 or 4 && VisitTime(visit[2]) is { } start && (visit.Length == 3 || visit[3] == "en route")
                        ? options with { Given = [.. options.Given, new GivenTicket(visit[0], visit[1], start, visit.Length == 4)] }
                        : throw new ScriptException(file, n, "given-visit: CALLER_ID | what the ticket says | YYYY-MM-DD HH:MM [| en route]");
                    break;
                case "today":
                    options = options with
                    {
                        Today = DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var today)
                            ? today
                            : throw new ScriptException(file, n, "today: YYYY-MM-DD"),
                    };
                    break;
                case "test-mode":
                    options = options with { TestMode = Bool(file, n, value) };
                    break;
                case "scheduler":
                    options = options with { Scheduler = Named<SchedulerState>(value) is { } state ? state : throw new ScriptException(file, n, "scheduler is 'up', 'down', 'taken' or 'expired'") };
                    break;
                case "visits":
                    var tally = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (tally.Length != 2 || !int.TryParse(tally[0], out var visits) || tally[1] is not ("booked" or "cancelled"))
                    {
                        throw new ScriptException(file, n, "visits: N booked | N cancelled");
                    }

                    _ = tally[1] == "booked" ? booked = visits : cancelled = visits;
                    break;
                case "visit":
                    lastVisit = VisitTime(value) ?? throw new ScriptException(file, n, "visit: YYYY-MM-DD HH:MM (the last visit booked)");
                    break;
                case "expect":
                    pending.Add(new Expectation(n, value.Length > 0 ? value : throw new ScriptException(file, n, "empty expectation")));
                    break;
                case "caller":
                    var input = value.StartsWith('#') ? new CallerInput(value[1..].Trim(), Dtmf: true) : new CallerInput(value);
                    turns.Add(new ScriptTurn(n, input, [.. pending]));
                    pending.Clear();
                    break;
                case "outcome":
                    outcome = Named<CallOutcome>(value) is { } o ? o : throw new ScriptException(file, n, $"outcome is one of {string.Join(", ", Enum.GetNames<CallOutcome>()).ToLowerInvariant()}");
                    break;
                case "summary":
                    summary = new Expectation(n, value.Length > 0 ? value : throw new ScriptException(file, n, "empty summary expectation"));
                    break;
                case "tickets":
                    var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length != 2 || !int.TryParse(parts[0], out var count) || parts[1] is not ("created" or "changed"))
                    {
                        throw new ScriptException(file, n, "tickets: N created | N changed");
                    }

                    _ = parts[1] == "created" ? created = count : changed = count;
                    break;
                case "ticket":
                    foreach (var pair in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        // field=value is equal to; field~word contains the word (the caller's problem kept in the summary).
                        var eq = pair.IndexOfAny(['=', '~']);
                        if (eq <= 0)
                        {
                            throw new ScriptException(file, n, "ticket: field=value or field~word ...");
                        }

                        fields[pair[eq] == '~' ? pair[..(eq + 1)] : pair[..eq]] = pair[(eq + 1)..];
                    }

                    break;
                case "intent":
                    intents.Add(value.Length > 0 ? value : throw new ScriptException(file, n, "intent: IntentName"));
                    break;
                default:
                    throw new ScriptException(file, n, $"unknown key '{key}'");
            }
        }

        if (turns.Count == 0 && pending.Count == 0)
        {
            throw new ScriptException(file, 0, "no caller or expect lines");
        }

        return new ConversationScript(file, options, turns, outcome, created, changed, fields, [.. pending]) { Summary = summary, Intents = intents, VisitsBooked = booked, VisitsCancelled = cancelled, LastVisit = lastVisit };
    }

    /// <summary>
    /// Drops a trailing <c>  # comment</c>: a <c>#</c> after whitespace and before whitespace or the end. A keypad
    /// <c>#2</c> is not one, nor is a <c>#</c> inside a <c>/regex/</c>.
    /// </summary>
    private static string WithoutComment(string value)
    {
        foreach (Match comment in TrailingComment().Matches(value))
        {
            var before = value[..comment.Index].TrimEnd();
            if (!value.StartsWith('/') || (before.Length > 1 && before.EndsWith('/')))
            {
                return before;
            }
        }

        return value;
    }

    [GeneratedRegex(@"(?<=\s)#(?=\s|$)")]
    private static partial Regex TrailingComment();

    /// <summary>An enum value by its name only: Enum.TryParse would also take "2" or "busy,down".</summary>
    private static T? Named<T>(string value)
        where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => string.Equals(v.ToString(), value, StringComparison.OrdinalIgnoreCase));

    private static DateTime? VisitTime(string value) =>
        DateTime.TryParseExact(value.Trim(), "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at) ? at : null;

    private static bool Bool(string file, int line, string value) => value switch
    {
        "true" or "yes" => true,
        "false" or "no" => false,
        _ => throw new ScriptException(file, line, "expected true or false"),
    };
}

/// <summary>A malformed script, with its file and line (0: the file as a whole).</summary>
public sealed class ScriptException(string file, int line, string problem) : Exception(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}");

/// <summary>Plays a script as the caller and checks what the desk says against it.</summary>
public sealed class ScriptChannel(ConversationScript script) : ICallChannel
{
    private readonly List<string> _heard = [];
    private int _next;

    public List<string> Failures { get; } = [];

    public Task SayAsync(string message, CancellationToken cancellationToken)
    {
        _heard.Add(SsmlText.Render(message));
        return Task.CompletedTask;
    }

    public Task<CallerInput?> ListenAsync(bool keypadOnly, CancellationToken cancellationToken)
    {
        if (_next >= script.Turns.Count)
        {
            return Task.FromResult<CallerInput?>(null);
        }

        var turn = script.Turns[_next++];
        Check(turn.Expect);
        return Task.FromResult(turn.Input);
    }

    /// <summary>Checks the expectations after the last caller line and the end state.</summary>
    public void Finish(CallResult result)
    {
        if (_next < script.Turns.Count)
        {
            Failures.Add($"{script.File}:{script.Turns[_next].Line}: the call ended before this caller line");
        }

        Check(script.FinalExpect);
        if (script.Outcome is { } outcome && outcome != result.Outcome)
        {
            Failures.Add($"{script.File}: expected outcome {outcome}, the call ended {result.Outcome}");
        }

        if (script.Summary is { } summary)
        {
            var said = result.ContactAttributes.GetValueOrDefault("handoffSummary", string.Empty);
            if (!summary.IsMatch(said))
            {
                Failures.Add($"{script.File}:{summary.Line}: expected a handoff summary matching '{summary.Pattern}', got: {(said.Length == 0 ? "(none)" : said)}");
            }
        }

        foreach (var intent in script.Intents.Where(i => !result.HandlerCalls.Any(c => c.Intent == i)))
        {
            Failures.Add($"{script.File}: expected the bot to handle intent {intent}, it handled {string.Join(", ", result.HandlerCalls.Select(c => c.Intent).Distinct())}");
        }

        if (script.VisitsBooked is { } vb && vb != result.Visits?.Booked)
        {
            Failures.Add($"{script.File}: expected {vb} visit(s) booked, got {result.Visits?.Booked}");
        }

        if (script.VisitsCancelled is { } vc && vc != result.Visits?.Cancelled)
        {
            Failures.Add($"{script.File}: expected {vc} visit(s) cancelled, got {result.Visits?.Cancelled}");
        }

        if (script.LastVisit is { } lv && lv != result.Visits?.LastBooked)
        {
            Failures.Add($"{script.File}: expected the last visit booked at {lv:yyyy-MM-dd HH:mm}, got {(result.Visits?.LastBooked is { } at ? at.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "none")}");
        }

        var created = result.Tickets.Where(t => t.Change == "created").ToList();
        if (script.Created is { } c && c != created.Count)
        {
            Failures.Add($"{script.File}: expected {c} ticket(s) created, got {created.Count}");
        }

        if (script.Changed is { } ch && ch != result.Tickets.Count(t => t.Change != "created"))
        {
            Failures.Add($"{script.File}: expected {ch} ticket(s) changed, got {result.Tickets.Count(t => t.Change != "created")}");
        }

        if (script.TicketFields.Count > 0)
        {
            if (result.Tickets.Count == 0)
            {
                Failures.Add($"{script.File}: expected a ticket with {string.Join(' ', script.TicketFields.Select(f => $"{f.Key}={f.Value}"))}, none was touched");
                return;
            }

            var ticket = result.Tickets[^1].Ticket;
            foreach (var (field, expected) in script.TicketFields)
            {
                var contains = field.EndsWith('~');
                var actual = Field(ticket, contains ? field[..^1] : field);
                if (contains ? actual?.Contains(expected, StringComparison.OrdinalIgnoreCase) != true : !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                {
                    Failures.Add($"{script.File}: ticket {ticket.Number} {field.TrimEnd('~')} is '{actual}', expected {(contains ? "it to contain " : string.Empty)}'{expected}'");
                }
            }
        }
    }

    private static string? Field(Core.Tickets.Ticket ticket, string field) => field.ToLowerInvariant() switch
    {
        "caller" or "caller_id" => ticket.CallerId,
        "status" => ticket.Status.ToString(),
        "priority" => ticket.Priority.ToString(),
        "category" => ticket.Category.ToString(),
        "impact" => ticket.Impact.ToString(),
        "comments" => ticket.Comments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "summary" => ticket.Summary,
        "description" => ticket.Description,
        "parent" => ticket.Parent?.ToString() ?? "none",
        _ => $"(unknown field {field})",
    };

    private void Check(IReadOnlyList<Expectation> expectations)
    {
        var heard = string.Join(" | ", _heard);
        foreach (var expectation in expectations.Where(e => !e.IsMatch(heard)))
        {
            Failures.Add($"{script.File}:{expectation.Line}: expected '{expectation.Pattern}', heard: {(heard.Length == 0 ? "(silence)" : heard)}");
        }

        _heard.Clear();
    }
}
