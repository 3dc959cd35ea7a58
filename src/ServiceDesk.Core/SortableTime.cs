using System.Globalization;

namespace ServiceDesk.Core;

/// <summary>
/// Timestamps as stores keep them: fixed-width UTC ISO-8601, so sorting the text sorts by time (the SQLite index and the
/// DynamoDB <c>CallerIdIndex</c> range key both rely on it).
/// </summary>
public static class SortableTime
{
    /// <summary><c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>: the runtime's round-trip format of a UTC time, which it writes and reads on a fast path.</summary>
    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>What <see cref="Format"/> wrote, on the fast path; any other ISO-8601 form (no fraction, an offset) as well, read as UTC.</summary>
    public static DateTimeOffset Parse(string value) =>
        DateTimeOffset.TryParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var exact)
            ? exact
            : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
