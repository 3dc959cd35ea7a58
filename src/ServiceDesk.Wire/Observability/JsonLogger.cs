using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ServiceDesk.Wire.Observability;

/// <summary>
/// Structured JSON logs for CloudWatch: one line per entry with <c>timestamp</c>, <c>level</c>, <c>category</c>,
/// <c>message</c>, and <c>contactId</c>/<c>intent</c> taken from the entry's state or an enclosing scope. Phone numbers
/// and name fields are masked before anything is written; of an exception only its type is kept, because exception
/// messages can quote what a caller said.
/// </summary>
public sealed class JsonLoggerProvider(TextWriter output, TimeProvider time, LogLevel minimumLevel = LogLevel.Information) : ILoggerProvider
{
    private readonly TextWriter _output = output;
    private readonly TimeProvider _time = time;
    private readonly LogLevel _minimumLevel = minimumLevel;
    private readonly Lock _gate = new();
    private readonly AsyncLocal<Scope?> _scope = new();

    /// <summary>State or scope keys copied to the line (case-insensitive), with the JSON name they get.</summary>
    internal static readonly IReadOnlyDictionary<string, string> ContextKeys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["ContactId"] = "contactId",
        ["contact_id"] = "contactId",
        ["Intent"] = "intent",
        ["IntentName"] = "intent",
        ["RequestId"] = "requestId",
        ["Function"] = "function",
    };

    /// <summary>The JSON names of <see cref="ContextKeys"/>, in the order a line writes them (ordinal, as they always were).</summary>
    private static readonly string[] ContextFields = [.. ContextKeys.Values.Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Each of <see cref="ContextKeys"/> with its field's place in <see cref="ContextFields"/>.</summary>
    private static readonly FrozenDictionary<string, int> ContextIndex =
        ContextKeys.ToFrozenDictionary(p => p.Key, p => Array.IndexOf(ContextFields, p.Value), StringComparer.OrdinalIgnoreCase);

    /// <summary>The level names as written, so a line does not format its level.</summary>
    private static readonly string[] LevelNames = [.. Enum.GetValues<LogLevel>().Order().Select(l => l.ToString())];

    public ILogger CreateLogger(string categoryName) => new JsonLogger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Reads <c>LOG_LEVEL</c> (Trace..Critical, None); anything else means Information.</summary>
    public static LogLevel ParseLevel(string? value) =>
        Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level) ? level : LogLevel.Information;

    private sealed class Scope(JsonLoggerProvider owner, object? state, Scope? parent) : IDisposable
    {
        public object? State { get; } = state;
        public Scope? Parent { get; } = parent;

        public void Dispose() => owner._scope.Value = Parent;
    }

    private sealed class JsonLogger(JsonLoggerProvider owner, string category) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state) where TState : notnull
        {
            var scope = new Scope(owner, state, owner._scope.Value);
            owner._scope.Value = scope;
            return scope;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= owner._minimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            // The line's context fields, in the order they are written (ordinal by JSON name); see ContextFields.
            var context = new string?[ContextFields.Length];
            for (var scope = owner._scope.Value; scope is not null; scope = scope.Parent)
            {
                Collect(scope.State, context, overwrite: false);
            }

            Collect(state, context, overwrite: true);
            var message = state is IReadOnlyList<KeyValuePair<string, object?>> pairs && Render(pairs) is { } rendered
                ? rendered
                : formatter(state, null);

            using var line = JsonLine.Start();
            var json = line.Writer;
            json.WriteStartObject();
            // "O" is the runtime's fast round-trip format (a custom format string cost more than the rest of the line's
            // JSON): its first 23 characters are the time to the millisecond, then the line's "Z".
            Span<char> timestamp = stackalloc char[33];
            owner._time.GetUtcNow().UtcDateTime.TryFormat(timestamp, out _, "O", CultureInfo.InvariantCulture);
            timestamp[23] = 'Z';
            json.WriteString("timestamp", timestamp[..24]);
            json.WriteString("level", LevelNames[(int)logLevel]);
            json.WriteString("category", category);
            json.WriteString("message", LogMasking.MaskPhones(message));
            for (var i = 0; i < ContextFields.Length; i++)
            {
                if (context[i] is { } value)
                {
                    json.WriteString(ContextFields[i], LogMasking.MaskPhones(value));
                }
            }

            if (eventId.Id != 0)
            {
                json.WriteNumber("eventId", eventId.Id);
            }

            if (exception is not null)
            {
                json.WriteString("exceptionType", exception.GetType().FullName);
            }

            json.WriteEndObject();
            line.WriteTo(owner._output, owner._gate);
        }

        private static void Collect(object? state, string?[] context, bool overwrite)
        {
            // A list (a message's values, a function's scope) is read by index: every line reads both, and enumerating an
            // interface allocates its enumerator.
            if (state is IReadOnlyList<KeyValuePair<string, object?>> list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    Take(list[i].Key, list[i].Value, context, overwrite);
                }
            }
            else if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    Take(key, value, context, overwrite);
                }
            }
        }

        private static void Take(string key, object? value, string?[] context, bool overwrite)
        {
            if (value is not null && ContextIndex.TryGetValue(key, out var field))
            {
                if (overwrite || context[field] is null)
                {
                    context[field] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                }
            }
        }

        /// <summary>
        /// Renders the message template ourselves so a value can be masked by its placeholder's name (a name field)
        /// before it is merged into the text, where it could no longer be told apart.
        /// </summary>
        private static string? Render(IReadOnlyList<KeyValuePair<string, object?>> pairs)
        {
            string? template = null;
            for (var p = 0; p < pairs.Count && template is null; p++)
            {
                if (pairs[p].Key == "{OriginalFormat}")
                {
                    template = pairs[p].Value as string;
                    break;
                }
            }

            if (template is null)
            {
                return null;
            }

            var text = t_text ?? new StringBuilder(256);
            t_text = null;
            text.Clear();
            for (var i = 0; i < template.Length; i++)
            {
                var c = template[i];
                if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
                {
                    text.Append('{');
                    i++;
                    continue;
                }

                if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
                {
                    text.Append('}');
                    i++;
                    continue;
                }

                var close = c == '{' ? template.IndexOf('}', i + 1) : -1;
                if (close < 0)
                {
                    text.Append(c);
                    continue;
                }

                var hole = template.AsSpan(i + 1, close - i - 1);
                var end = hole.IndexOfAny(',', ':');
                var name = (end < 0 ? hole : hole[..end]).Trim().TrimStart("@$");
                if (NameFieldLookup.Contains(name))
                {
                    text.Append(LogMasking.NameMask);
                }
                else if (Find(pairs, name, out var value))
                {
                    Append(text, value);
                }
                else
                {
                    text.Append('{').Append(hole).Append('}');
                }

                i = close;
            }

            var rendered = text.ToString();
            if (text.Capacity <= 4096)
            {
                t_text = text;
            }

            return rendered;
        }

        // The message's text is built in one builder per thread: a turn's log line is rendered on every turn.
        [ThreadStatic]
        private static StringBuilder? t_text;

        private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NameFieldLookup = LogMasking.NameFieldSet.GetAlternateLookup<ReadOnlySpan<char>>();

        /// <summary>The first value named <paramref name="name"/> (as a dictionary of the pairs kept the first).</summary>
        private static bool Find(IReadOnlyList<KeyValuePair<string, object?>> pairs, ReadOnlySpan<char> name, out object? value)
        {
            for (var p = 0; p < pairs.Count; p++)
            {
                if (name.SequenceEqual(pairs[p].Key))
                {
                    value = pairs[p].Value;
                    return true;
                }
            }

            value = null;
            return false;
        }

        private static void Append(StringBuilder text, object? value)
        {
            if (value is string s)
            {
                text.Append(s);
            }
            else
            {
                text.Append(Format(value));
            }
        }

        private static string Format(object? value) => value switch
        {
            null => "(null)",
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            System.Collections.IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Format)),
            _ => value.ToString() ?? string.Empty,
        };
    }
}

/// <summary>The functions' logger factory in Lambda: every category writes masked JSON lines through one provider.</summary>
public sealed class JsonLoggerFactory(JsonLoggerProvider provider) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

    /// <summary>One provider by design: a second sink would be a second place a phone number could leak from.</summary>
    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose() => provider.Dispose();
}
