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

            var context = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var scope = owner._scope.Value; scope is not null; scope = scope.Parent)
            {
                Collect(scope.State, context, overwrite: false);
            }

            Collect(state, context, overwrite: true);
            var message = state is IReadOnlyList<KeyValuePair<string, object?>> pairs && Render(pairs) is { } rendered
                ? rendered
                : formatter(state, null);

            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("timestamp", owner._time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                json.WriteString("level", logLevel.ToString());
                json.WriteString("category", category);
                json.WriteString("message", LogMasking.MaskPhones(message));
                foreach (var (key, value) in context.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, LogMasking.MaskPhones(value));
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
            }

            var line = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            lock (owner._gate)
            {
                owner._output.WriteLine(line);
                owner._output.Flush();
            }
        }

        private static void Collect(object? state, Dictionary<string, string> context, bool overwrite)
        {
            if (state is not IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                return;
            }

            foreach (var (key, value) in pairs)
            {
                if (value is not null && ContextKeys.TryGetValue(key, out var jsonName) && (overwrite || !context.ContainsKey(jsonName)))
                {
                    context[jsonName] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                }
            }
        }

        /// <summary>
        /// Renders the message template ourselves so a value can be masked by its placeholder's name (a name field)
        /// before it is merged into the text, where it could no longer be told apart.
        /// </summary>
        private static string? Render(IReadOnlyList<KeyValuePair<string, object?>> pairs)
        {
            var template = pairs.FirstOrDefault(p => p.Key == "{OriginalFormat}").Value as string;
            if (template is null)
            {
                return null;
            }

            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in pairs)
            {
                values.TryAdd(key, value);
            }

            var text = new StringBuilder(template.Length + 32);
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

                var hole = template[(i + 1)..close];
                var name = hole.Split(',', ':')[0].Trim().TrimStart('@', '$');
                text.Append(LogMasking.IsNameField(name) ? LogMasking.NameMask
                    : values.TryGetValue(name, out var value) ? Format(value)
                    : "{" + hole + "}");
                i = close;
            }

            return text.ToString();
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
