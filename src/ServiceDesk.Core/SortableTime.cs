using System.Globalization;

namespace ServiceDesk.Core;

/// <summary>
/// Timestamps as stores keep them: fixed-width UTC ISO-8601, so sorting the text sorts by time (the SQLite index and the
/// DynamoDB <c>CallerIdIndex</c> range key both rely on it).
/// </summary>
public static class SortableTime
{
    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
