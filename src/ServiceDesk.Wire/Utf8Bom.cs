namespace ServiceDesk.Wire;

/// <summary>Some producers (and some AWS library fixtures) start JSON with a UTF-8 byte-order mark; System.Text.Json refuses it.</summary>
public static class Utf8Bom
{
    private static ReadOnlySpan<byte> Mark => [0xEF, 0xBB, 0xBF];

    public static ReadOnlySpan<byte> Skip(ReadOnlySpan<byte> utf8) => utf8.StartsWith(Mark) ? utf8[3..] : utf8;

    public static ReadOnlyMemory<byte> Skip(ReadOnlyMemory<byte> utf8) => utf8.Span.StartsWith(Mark) ? utf8[3..] : utf8;
}
