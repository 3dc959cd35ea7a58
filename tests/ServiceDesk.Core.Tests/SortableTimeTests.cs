namespace ServiceDesk.Core.Tests;

public class SortableTimeTests
{
    [Fact]
    public void Format_IsFixedWidthUtc_AndSortsAsTime()
    {
        var early = new DateTimeOffset(2026, 12, 2, 9, 5, 0, TimeSpan.FromHours(1));
        var late = early.AddTicks(1);

        Assert.Equal("2026-12-02T08:05:00.0000000Z", SortableTime.Format(early));
        Assert.Equal("2026-12-02T08:05:00.0000001Z", SortableTime.Format(late));
        Assert.True(string.CompareOrdinal(SortableTime.Format(early), SortableTime.Format(late)) < 0);
    }

    [Theory]
    [InlineData("2026-12-02T08:05:00.1234567Z", "2026-12-02T08:05:00.1234567+00:00")]
    [InlineData("2026-12-02T08:05:00Z", "2026-12-02T08:05:00.0000000+00:00")]
    [InlineData("2026-12-02T09:05:00.5+01:00", "2026-12-02T08:05:00.5000000+00:00")]
    [InlineData("2026-12-02 08:05:00", "2026-12-02T08:05:00.0000000+00:00")]
    public void Parse_ReadsWhatFormatWrites_AndOtherIsoForms_AsUtc(string stored, string expected)
    {
        var parsed = SortableTime.Parse(stored);

        Assert.Equal(expected, parsed.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
    }

    [Fact]
    public void Parse_RoundTripsFormat()
    {
        var now = new DateTimeOffset(2026, 12, 2, 18, 8, 19, TimeSpan.Zero).AddTicks(1234567);
        Assert.Equal(now, SortableTime.Parse(SortableTime.Format(now)));
    }
}
