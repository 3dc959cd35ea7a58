using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceDesk.Wire.Scheduling;

// The external visit scheduler's JSON (issue 14; the system is not ours). Every member is optional on input and ids are
// read whether they come as strings or numbers: the API is someone else's, and one surprising member must not make a
// caller's booking fail. Requests are written exactly as the API expects them.

/// <summary><c>GET dashboard/get/{client_id}/{customer_id}</c>.</summary>
public sealed record DashboardBody
{
    [JsonPropertyName("data")] public List<ProjectBody>? Data { get; init; }
}

/// <summary>One project (a technician visit) on the dashboard. The dates are text in whatever form the tenant's portal writes them.</summary>
public sealed record ProjectBody
{
    [JsonPropertyName("project_project_id"), JsonConverter(typeof(LenientStringConverter))] public string? ProjectId { get; init; }
    [JsonPropertyName("project_project_number"), JsonConverter(typeof(LenientStringConverter))] public string? ProjectNumber { get; init; }
    [JsonPropertyName("project_type_project_type")] public string? Type { get; init; }
    [JsonPropertyName("project_category_category")] public string? Category { get; init; }
    [JsonPropertyName("status_info_status")] public string? Status { get; init; }
    [JsonPropertyName("installation_address_full_address")] public string? Address { get; init; }
    [JsonPropertyName("project_date_scheduled_date")] public string? ScheduledDate { get; init; }
    [JsonPropertyName("convertedProjectStartScheduledDate")] public string? Start { get; init; }
    [JsonPropertyName("convertedProjectEndScheduledDate")] public string? End { get; init; }
}

/// <summary><c>GET scheduler/client/{client_id}/business-hours</c>.</summary>
public sealed record BusinessHoursBody
{
    [JsonPropertyName("data")] public BusinessHoursData? Data { get; init; }
}

public sealed record BusinessHoursData
{
    [JsonPropertyName("workHours")] public List<WorkHourBody>? WorkHours { get; init; }
}

public sealed record WorkHourBody
{
    [JsonPropertyName("day")] public string? Day { get; init; }
    [JsonPropertyName("is_working"), JsonConverter(typeof(LenientBoolConverter))] public bool? IsWorking { get; init; }
}

/// <summary>
/// <c>GET .../get-rescheduler-slots</c>, both forms: without a request id it answers <c>dates</c> and a new
/// <c>request_id</c>; with one, the <c>slots</c> of the selected date.
/// </summary>
public sealed record ReschedulerSlotsBody
{
    [JsonPropertyName("data")] public ReschedulerSlotsData? Data { get; init; }
}

public sealed record ReschedulerSlotsData
{
    [JsonPropertyName("dates")] public List<string>? Dates { get; init; }
    [JsonPropertyName("slots")] public List<string>? Slots { get; init; }
    [JsonPropertyName("request_id"), JsonConverter(typeof(LenientStringConverter))] public string? RequestId { get; init; }
}

/// <summary>
/// <c>POST .../project/{project_id}/schedule</c>. <see cref="IsChatbot"/> is the string <c>"true"</c>, not a JSON
/// boolean, and <see cref="CreatedAt"/> is <see cref="SchedulerWire.CreatedAtFormat"/> in India time: the API's shape.
/// </summary>
public sealed record ScheduleBody(
    [property: JsonPropertyName("created_at")] string? CreatedAt,
    [property: JsonPropertyName("date")] string? Date,
    [property: JsonPropertyName("time")] string? Time,
    [property: JsonPropertyName("request_id")] string? RequestId,
    [property: JsonPropertyName("is_chatbot")] string? IsChatbot);

/// <summary><c>POST project-notes/add/{client_id}/{project_id}</c>.</summary>
public sealed record NoteBody([property: JsonPropertyName("note_text")] string? NoteText);

/// <summary>
/// What the API answers a change (schedule, cancel, note) and, in the same shape, a refusal: a message, a status
/// (<c>success</c> when done) and, for a note, its id. <c>error</c> is read too, as some refusals put the text there.
/// </summary>
public sealed record SchedulerMessageBody
{
    [JsonPropertyName("message")] public string? Message { get; init; }
    [JsonPropertyName("status"), JsonConverter(typeof(LenientStringConverter))] public string? Status { get; init; }
    [JsonPropertyName("note_id"), JsonConverter(typeof(LenientStringConverter))] public string? NoteId { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}

[JsonSerializable(typeof(DashboardBody))]
[JsonSerializable(typeof(BusinessHoursBody))]
[JsonSerializable(typeof(ReschedulerSlotsBody))]
[JsonSerializable(typeof(ScheduleBody))]
[JsonSerializable(typeof(NoteBody))]
[JsonSerializable(typeof(SchedulerMessageBody))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
public sealed partial class SchedulerApiJsonContext : JsonSerializerContext;

/// <summary>The scheduler API's text formats, in one place for its client and the local server.</summary>
public static class SchedulerWire
{
    /// <summary><c>created_at</c>: month first, dashes, 24-hour clock, in <see cref="India"/> time.</summary>
    public const string CreatedAtFormat = "MM-dd-yyyy HH:mm:ss";

    public const string DateFormat = "yyyy-MM-dd";

    public const string TimeFormat = "HH:mm";

    /// <summary><c>is_chatbot</c> as the API takes it: a string.</summary>
    public const string IsChatbot = "true";

    /// <summary>India Standard Time, +05:30 all year. Fixed when the host has no time zone database (a slim container).</summary>
    public static readonly TimeZoneInfo India = FindIndia();

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm",
        "MM-dd-yyyy HH:mm:ss", "MM-dd-yyyy HH:mm", "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy hh:mm:ss tt", "MM/dd/yyyy hh:mm tt",
    ];

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "MM-dd-yyyy", "MM/dd/yyyy"];

    private static readonly string[] TimeFormats = ["HH:mm", "H:mm", "HH:mm:ss", "h:mm tt", "hh:mm tt", "h:mmtt", "hh:mmtt", "h tt", "htt"];

    public static string CreatedAt(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, India).ToString(CreatedAtFormat, CultureInfo.InvariantCulture);

    public static bool TryParseCreatedAt(string? text, out DateTime indiaTime) =>
        DateTime.TryParseExact(text, CreatedAtFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out indiaTime);

    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string Time(TimeOnly time) => time.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>A date as the API writes one (<c>YYYY-MM-DD</c>, or a timestamp whose date part is meant).</summary>
    public static bool TryParseDate(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        if (TryParseLocalDateTime(text, out var at))
        {
            date = DateOnly.FromDateTime(at);
            return true;
        }

        return false;
    }

    /// <summary>A slot as the API writes one (<c>HH:MM</c>; <c>9:00 AM</c> and <c>HH:MM:SS</c> are read too).</summary>
    public static bool TryParseTime(string? text, out TimeOnly time)
    {
        time = default;
        return !string.IsNullOrWhiteSpace(text)
            && TimeOnly.TryParseExact(text.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowInnerWhite, out time);
    }

    /// <summary>
    /// A "converted" start or end: already in the site's wall-clock time, so an offset written after it is ignored
    /// rather than applied (the visit is at nine where the technician is, whatever zone the portal printed).
    /// </summary>
    public static bool TryParseLocalDateTime(string? text, out DateTime wallClock)
    {
        wallClock = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (DateTimeOffset.TryParseExact(text.Trim(), DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            wallClock = DateTime.SpecifyKind(at.DateTime, DateTimeKind.Unspecified);
            return true;
        }

        return false;
    }

    /// <summary>The working day named in <c>workHours</c> (<c>Monday</c>, <c>mon</c>, any case).</summary>
    public static bool TryParseDay(string? text, out DayOfWeek day)
    {
        day = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var name = text.Trim();
        foreach (var candidate in Enum.GetValues<DayOfWeek>())
        {
            var full = candidate.ToString();
            if (string.Equals(full, name, StringComparison.OrdinalIgnoreCase)
                || (name.Length == 3 && full.StartsWith(name, StringComparison.OrdinalIgnoreCase)))
            {
                day = candidate;
                return true;
            }
        }

        return false;
    }

    private static TimeZoneInfo FindIndia()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Kolkata", new TimeSpan(5, 30, 0), "India Standard Time", "IST");
        }
    }
}

/// <summary>A flag the API may write as <c>true</c>, <c>"true"</c>, <c>1</c> or <c>"1"</c>; anything else unknown is absent.</summary>
public sealed class LenientBoolConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var number) ? number != 0 : null;
            case JsonTokenType.String:
                return TolerantJson.ReadString(ref reader).Trim().ToLowerInvariant() switch
                {
                    "true" or "1" or "yes" => true,
                    "false" or "0" or "no" => false,
                    _ => null,
                };
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } flag)
        {
            writer.WriteBooleanValue(flag);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
