using System.Globalization;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Core.Visits;

/// <summary>Which part of the day a caller asked for ("any morning", "after lunch").</summary>
public enum DayPart
{
    Any,
    Morning,
    Afternoon,
}

/// <summary>
/// Dates and times as callers say them ("tomorrow", "next Tuesday", "the twenty-first", "two in the afternoon") and as
/// the desk says them back ("Tuesday the 8th of December", "9 in the morning"). Reading never guesses a date the
/// caller did not say: null means "not a date", and the dialogue asks again.
/// </summary>
public static class VisitWords
{
    /// <summary>
    /// A date the words name, relative to <paramref name="today"/>; null when they name none. A day the caller rules out
    /// ("not tomorrow, I'm out; next Tuesday would be good", "I can't do Wednesday") is not the one they mean.
    /// </summary>
    public static DateOnly? Date(string? words, DateOnly today)
    {
        var w = CallerLexicon.Words(words);
        for (var i = 0; i < w.Length; i++)
        {
            if (DateAt(w, i, today) is { } date && !RuledOut(w, i))
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>The date a mention starting at word <paramref name="i"/> names, if it is one.</summary>
    private static DateOnly? DateAt(string[] w, int i, DateOnly today)
    {
        switch (w[i])
        {
            case "day" when i + 2 < w.Length && w[i + 1] == "after" && w[i + 2] == "tomorrow":
                return today.AddDays(2);
            case "tomorrow" or "tomorrow's" when !(i >= 2 && w[i - 2] == "day" && w[i - 1] == "after"):
                return today.AddDays(1);
            case "today" or "today's":
                return today;
        }

        if (Weekday(w[i]) is { } day)
        {
            var ahead = ((int)day - (int)today.DayOfWeek + 7) % 7;
            // "Next Tuesday" is the Tuesday of next week; "Tuesday" or "this Tuesday" the coming one.
            if (i > 0 && w[i - 1] == "next")
            {
                var mondayNextWeek = today.AddDays(7 - (((int)today.DayOfWeek + 6) % 7));
                return mondayNextWeek.AddDays(((int)day + 6) % 7);
            }

            return today.AddDays(ahead == 0 ? 7 : ahead);
        }

        return DayOfMonth(w, i, today);
    }

    /// <summary>"Not", "can't do", "no good", "except" just before the mention (or "is out", "is no good" after it).</summary>
    private static bool RuledOut(string[] w, int i)
    {
        for (var j = Math.Max(0, i - 3); j < i; j++)
        {
            if (Negations.Contains(w[j]))
            {
                return true;
            }
        }

        var after = string.Join(' ', w.Skip(i + 1).Take(3));
        return after.StartsWith("is out", StringComparison.Ordinal) || after.StartsWith("is no good", StringComparison.Ordinal)
            || after.StartsWith("doesn't work", StringComparison.Ordinal) || after.StartsWith("won't work", StringComparison.Ordinal)
            || after.StartsWith("is bad", StringComparison.Ordinal);
    }

    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "not", "can't", "cannot", "cant", "won't", "wont", "couldn't", "isn't", "except", "besides", "apart", "than",
    };

    /// <summary>
    /// Someone asked to come to the caller ("pop by", "come and have a look", "send an engineer"), as opposed to news of a
    /// visit already on its way ("when's someone coming out?").
    /// </summary>
    public static bool AsksForVisit(string? words)
    {
        var padded = CallerLexicon.Padded(words);
        return VisitRequests.Any(p => padded.Contains(p, StringComparison.Ordinal));
    }

    // A person and a coming together: "it won't come out of sleep" and "send someone an email" are not visits.
    private static readonly string[] VisitRequests =
    [
        " someone come ", " somebody come ", " someone to come ", " somebody to come ", " someone two come ", " somebody two come ", " someone pop ", " somebody pop ",
        " engineer come ", " technician come ", " tech come ", " engineer to come ", " technician to come ", " tech to come ",
        " someone out ", " somebody out ", " an engineer out ", " a technician out ", " send someone over ", " send someone to ",
        " send somebody over ", " send an engineer ", " send a technician ", " send a tech ", " technician visit ", " engineer visit ",
        " book an engineer ", " book a technician ", " desk visit ", " site visit ", " pop by ", " pop round ", " pop over ",
    ];

    /// <summary>"Morning", "a.m.", "early" or "afternoon", "p.m.", "after lunch"; <see cref="DayPart.Any"/> otherwise.</summary>
    public static DayPart Part(string? words)
    {
        var w = CallerLexicon.Words(words);
        return w.Any(x => x is "morning" or "mornings" or "am" or "early") ? DayPart.Morning
            : w.Any(x => x is "afternoon" or "afternoons" or "pm" or "lunch" or "lunchtime" or "evening") ? DayPart.Afternoon
            : DayPart.Any;
    }

    /// <summary>"Something else", "later", "none of those", "next week": the caller wants other choices than those read.</summary>
    public static bool WantsOther(string? words)
    {
        var padded = CallerLexicon.Padded(words);
        return OtherPhrases.Any(p => padded.Contains(p, StringComparison.Ordinal));
    }

    /// <summary>"The earliest", "as soon as possible", "any day", "whenever": the first that is free.</summary>
    public static bool WantsEarliest(string? words)
    {
        var padded = CallerLexicon.Padded(words);
        return EarliestPhrases.Any(p => padded.Contains(p, StringComparison.Ordinal));
    }

    /// <summary>
    /// The time among <paramref name="offered"/> the words name: "nine", "9 a.m.", "two in the afternoon", "14:00",
    /// "eleven o'clock". An hour said without a part of the day is taken as working hours (2 is 2 p.m., 9 is 9 a.m.).
    /// </summary>
    public static TimeOnly? Time(string? words, IReadOnlyList<TimeOnly> offered)
    {
        if (string.IsNullOrWhiteSpace(words))
        {
            return null;
        }

        // "14:00", "9:30", "2.30"
        var clock = System.Text.RegularExpressions.Regex.Match(words, @"\b([01]?\d|2[0-3])[:.]([0-5]\d)\b", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100));
        var part = Part(words);
        int? hour = null, minute = null;
        if (clock.Success)
        {
            hour = int.Parse(clock.Groups[1].Value, CultureInfo.InvariantCulture);
            minute = int.Parse(clock.Groups[2].Value, CultureInfo.InvariantCulture);
        }
        else
        {
            var w = CallerLexicon.Words(words.Replace("a.m.", " am ", StringComparison.OrdinalIgnoreCase).Replace("p.m.", " pm ", StringComparison.OrdinalIgnoreCase));
            for (var i = 0; i < w.Length && hour is null; i++)
            {
                var word = w[i].EndsWith("am", StringComparison.Ordinal) && w[i].Length > 2 && char.IsDigit(w[i][0]) ? w[i][..^2]
                    : w[i].EndsWith("pm", StringComparison.Ordinal) && w[i].Length > 2 && char.IsDigit(w[i][0]) ? w[i][..^2]
                    : w[i].EndsWith("'s", StringComparison.Ordinal) ? w[i][..^2]   // "two's fine"
                    : w[i];
                if (w[i].EndsWith("pm", StringComparison.Ordinal) && w[i].Length > 2)
                {
                    part = DayPart.Afternoon;
                }

                if (word is "noon" or "midday")
                {
                    hour = 12;
                }
                else if (Number(word) is { } n and >= 1 and <= 12 && (i + 1 >= w.Length || !IsOrdinalSuffix(w[i + 1])) && (char.IsDigit(word[0]) || ReadsAsTime(w, i)))
                {
                    hour = n;
                    minute = i + 1 < w.Length && Number(w[i + 1]) is { } m and (15 or 30 or 45) ? m : 0;
                    minute = i > 0 && w[i - 1] == "past" ? 0 : minute;
                }
                else if (word == "half" && i + 2 < w.Length && w[i + 1] == "past" && Number(w[i + 2]) is { } h and >= 1 and <= 12)
                {
                    (hour, minute) = (h, 30);
                }
            }
        }

        if (hour is not { } hh)
        {
            return null;
        }

        var h24 = hh >= 13 ? hh
            : part == DayPart.Afternoon && hh < 12 ? hh + 12
            : part == DayPart.Morning ? (hh == 12 ? 0 : hh)
            : hh <= 7 ? hh + 12 : hh;
        var said = new TimeOnly(h24 % 24, minute ?? 0);
        return offered.Contains(said) ? said
            : minute is null or 0 && offered.FirstOrDefault(t => t.Hour == said.Hour) is var sameHour && sameHour != default ? sameHour
            : null;
    }

    /// <summary>
    /// A number word is a time when it stands as one: alone or nearly ("nine", "eleven then"), after "at" or "about", or
    /// before "o'clock", "in the", "would", "is fine". Speech recognition writes "to" and "for" as "two" and "four"
    /// ("a technician two come over", "thanks four asking"): those are not times.
    /// </summary>
    private static bool ReadsAsTime(string[] w, int i)
    {
        if (w.Length <= 3 || (i > 0 && w[i - 1] is "at" or "about" or "around" or "say" or "past" or "half" or "maybe" or "perhaps"))
        {
            return true;
        }

        return i + 1 >= w.Length || TimeFollowers.Contains(w[i + 1]);
    }

    private static readonly HashSet<string> TimeFollowers = new(StringComparer.Ordinal)
    {
        "o'clock", "oclock", "am", "pm", "in", "then", "thirty", "fifteen", "forty", "would", "works", "work", "is", "sounds", "please",
        "fine", "ok", "okay", "suits", "good", "great", "perfect", "if", "on", "that", "for", "tomorrow", "monday", "tuesday",
        "wednesday", "thursday", "friday", "morning", "afternoon", "sharp", "ish", "or", "and", "yes", "yeah", "thanks",
    };

    /// <summary>"Tuesday the 8th of December".</summary>
    public static string Say(DateOnly date) =>
        $"{date.DayOfWeek} the {date.Day}{Suffix(date.Day)} of {CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(date.Month)}";

    /// <summary>"Tuesday the 8th", with the month only when it is not this month's.</summary>
    public static string SayShort(DateOnly date, DateOnly today) =>
        date == today.AddDays(1) ? $"tomorrow, {date.DayOfWeek} the {date.Day}{Suffix(date.Day)}"
        : date.Month == today.Month ? $"{date.DayOfWeek} the {date.Day}{Suffix(date.Day)}"
        : Say(date);

    /// <summary>
    /// The day as it follows a verb: "tomorrow, Tuesday the 8th" or "on Thursday the 10th"; in a list of choices
    /// (<paramref name="inList"/>) tomorrow is just "tomorrow", so the list stays short.
    /// </summary>
    public static string On(DateOnly date, DateOnly today, bool inList = false) =>
        date == today.AddDays(1) ? (inList ? "tomorrow" : SayShort(date, today)) : "on " + SayShort(date, today);

    /// <summary>"9 in the morning", "2:30 in the afternoon", "12 noon".</summary>
    public static string Say(TimeOnly time)
    {
        if (time is { Hour: 12, Minute: 0 })
        {
            return "12 noon";
        }

        var hour = time.Hour % 12 == 0 ? 12 : time.Hour % 12;
        var clock = time.Minute == 0 ? hour.ToString(CultureInfo.InvariantCulture) : $"{hour}:{time.Minute:00}";
        return time.Hour < 12 ? $"{clock} in the morning" : time.Hour < 18 ? $"{clock} in the afternoon" : $"{clock} in the evening";
    }

    /// <summary>A list read aloud: "A, B or C".</summary>
    public static string Either(IReadOnlyList<string> items) => items.Count switch
    {
        0 => string.Empty,
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1],
    };

    private static DateOnly? DayOfMonth(string[] w, int i, DateOnly today)
    {
        var n = Ordinal(w, i, out var used) ?? (IsMonth(w, i - 1) || IsMonth(w, i + 1) || (i > 0 && w[i - 1] is "the" or "on") ? Number(w[i]) : null);
        used = used == 0 ? 1 : used;
        if (n is not (>= 1 and <= 31) || Time(string.Join(' ', w.Skip(i).Take(3)), []) is not null && !IsOrdinalAt(w, i))
        {
            return null;
        }

        // "My second monitor", "the first one", "third floor": an ordinal names a day only when nothing but date words follow.
        var month = Month(w, i - 1) ?? Month(w, i + used) ?? Month(w, i + used + 1);
        if (month is null && i + used < w.Length && !DateFollowers.Contains(w[i + used]))
        {
            return null;
        }

        var year = today.Year;
        var m = month ?? (n >= today.Day ? today.Month : today.Month % 12 + 1);
        if (month is null && n < today.Day && today.Month == 12)
        {
            year++;
        }
        else if (month is { } given && given < today.Month)
        {
            year++;
        }

        return n <= DateTime.DaysInMonth(year, m) ? new DateOnly(year, m, n.Value) : null;
    }

    private static readonly HashSet<string> DateFollowers = new(StringComparer.Ordinal)
    {
        "of", "at", "in", "on", "please", "would", "works", "work", "is", "suits", "suit", "then", "if", "for", "or", "and",
        "any", "morning", "afternoon", "fine", "good", "ok", "okay", "thanks", "maybe", "perhaps", "instead", "that",
        "sounds", "great", "will", "could", "should", "be", "first", "thing", "around", "after", "before", "i'm",
    };

    private static bool IsOrdinalAt(string[] w, int i) => Ordinal(w, i, out _) is not null;

    private static int? Ordinal(string[] w, int i, out int used)
    {
        used = 1;
        var word = w[i];
        if (word.Length > 2 && char.IsDigit(word[0]) && word[^2..] is "st" or "nd" or "rd" or "th" && int.TryParse(word[..^2], out var digits))
        {
            return digits;
        }

        if (OrdinalWords.TryGetValue(word, out var ord))
        {
            return ord;
        }

        // "twenty first", "thirty first"
        if (word is "twenty" or "thirty" && i + 1 < w.Length && OrdinalWords.TryGetValue(w[i + 1], out var unit) && unit < 10)
        {
            used = 2;
            return (word == "twenty" ? 20 : 30) + unit;
        }

        if (i + 1 < w.Length && IsOrdinalSuffix(w[i + 1]) && int.TryParse(word, out var spaced))
        {
            used = 2;
            return spaced;
        }

        return null;
    }

    private static bool IsOrdinalSuffix(string word) => word is "st" or "nd" or "rd" or "th";

    private static int? Number(string word) =>
        int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : CardinalWords.TryGetValue(word, out var c) ? c
        : null;

    private static bool IsMonth(string[] w, int i) => Month(w, i) is not null;

    private static int? Month(string[] w, int i)
    {
        if (i < 0 || i >= w.Length)
        {
            return null;
        }

        var names = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;
        for (var m = 0; m < 12; m++)
        {
            // "dec", "december"; not "mar" (a word) and "may" only in full.
            if (w[i].Equals(names[m], StringComparison.OrdinalIgnoreCase) || (w[i].Length >= 3 && w[i] is not ("mar" or "may") && names[m].StartsWith(w[i], StringComparison.OrdinalIgnoreCase)))
            {
                return m + 1;
            }
        }

        return null;
    }

    private static DayOfWeek? Weekday(string word) => word.TrimEnd('s') switch
    {
        "monday" or "mon" => DayOfWeek.Monday,
        "tuesday" or "tue" or "tues" => DayOfWeek.Tuesday,
        "wednesday" or "wed" or "weds" => DayOfWeek.Wednesday,
        "thursday" or "thu" or "thur" or "thurs" => DayOfWeek.Thursday,
        "friday" or "fri" => DayOfWeek.Friday,
        "saturday" or "sat" => DayOfWeek.Saturday,
        "sunday" or "sun" => DayOfWeek.Sunday,
        _ => null,
    };

    private static string Suffix(int day) => day is 11 or 12 or 13 ? "th" : (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };

    private static readonly string[] OtherPhrases =
        [" other ", " others ", " else ", " later ", " another ", " different ", " none of ", " neither ", " next week ", " any more ", " anything after ", " more options ", " further "];

    private static readonly string[] EarliestPhrases =
        [" earliest ", " soonest ", " first available ", " asap ", " as soon as ", " any day ", " anytime ", " any time ", " whenever ", " don't mind ", " dont mind ", " doesn't matter ", " whatever ", " next available ", " any morning ", " any afternoon "];

    private static readonly Dictionary<string, int> CardinalWords = new(StringComparer.Ordinal)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fifteen"] = 15, ["thirty"] = 30, ["forty"] = 40,
        ["forty-five"] = 45, ["fortyfive"] = 45, ["quarter"] = 15, ["half"] = 30,
    };

    private static readonly Dictionary<string, int> OrdinalWords = new(StringComparer.Ordinal)
    {
        ["first"] = 1, ["second"] = 2, ["third"] = 3, ["fourth"] = 4, ["fifth"] = 5, ["sixth"] = 6, ["seventh"] = 7,
        ["eighth"] = 8, ["ninth"] = 9, ["tenth"] = 10, ["eleventh"] = 11, ["twelfth"] = 12, ["thirteenth"] = 13,
        ["fourteenth"] = 14, ["fifteenth"] = 15, ["sixteenth"] = 16, ["seventeenth"] = 17, ["eighteenth"] = 18,
        ["nineteenth"] = 19, ["twentieth"] = 20, ["thirtieth"] = 30,
    };
}
