using System.Globalization;
using System.Net;
using System.Text;

namespace ServiceDesk.Emulation.Http;

/// <summary>One HTTP/1.1 request as read off the wire: the head, and the body read whole within its limit.</summary>
internal sealed record HttpRequestMessageData(string Method, string Target, Dictionary<string, string> Headers, byte[]? Body);

/// <summary>A request the front refuses before the function sees it; answered as JSON in the API's error shape.</summary>
internal sealed class HttpRequestRejectedException(HttpStatusCode status, string error, string? field = null) : Exception(error)
{
    public HttpStatusCode Status { get; } = status;

    public string? Field { get; } = field;
}

/// <summary>
/// Reads one request from a connection without trusting it: the head is capped, a body needs a Content-Length or chunked
/// transfer coding, and a body over the limit is refused from its declared length (or as its chunks arrive), never
/// buffered. A body that ends before its length is a client error, not a fault.
/// </summary>
internal sealed class HttpRequestReader(Stream stream, int maxBodyBytes)
{
    public const int MaxHeadBytes = 32 * 1024;
    private static readonly string[] MethodsWithBody = ["POST", "PUT", "PATCH"];
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    /// <summary>True when the request's body was read to its end, so the connection holds nothing unread.</summary>
    public bool Complete { get; private set; }

    /// <summary>The request, or null when the connection closed before a request line arrived.</summary>
    public async Task<HttpRequestMessageData?> ReadAsync(Func<Task> sendContinue, CancellationToken ct)
    {
        var requestLine = await ReadLineAsync(MaxHeadBytes, ct);
        if (requestLine is null or "")
        {
            return null;
        }

        if (requestLine.Split(' ') is not [var method, var target, var version] || !version.StartsWith("HTTP/1.", StringComparison.Ordinal)
            || method.Length == 0 || !target.StartsWith('/'))
        {
            throw new HttpRequestRejectedException(HttpStatusCode.BadRequest, "malformed request line");
        }

        var headers = await ReadFieldsAsync(ct);
        var body = await ReadBodyAsync(method, headers, sendContinue, ct);
        Complete = true;
        return new HttpRequestMessageData(method, target, headers, body);
    }

    /// <summary>Header (or trailer) fields up to the empty line, at most <see cref="MaxHeadBytes"/> of them in all.</summary>
    private async Task<Dictionary<string, string>> ReadFieldsAsync(CancellationToken ct)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var budget = MaxHeadBytes;
        while (await ReadLineAsync(budget, ct) is { Length: > 0 } line)
        {
            budget -= line.Length;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[..colon].Any(c => c is ' ' or '\t'))
            {
                throw new HttpRequestRejectedException(HttpStatusCode.BadRequest, "malformed header line");
            }

            var (name, value) = (line[..colon], line[(colon + 1)..].Trim());
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        return headers;
    }

    private async Task<byte[]?> ReadBodyAsync(string method, Dictionary<string, string> headers, Func<Task> sendContinue, CancellationToken ct)
    {
        var chunked = headers.TryGetValue("Transfer-Encoding", out var coding);
        var sized = headers.TryGetValue("Content-Length", out var lengthText);
        if (chunked && sized)
        {
            throw new HttpRequestRejectedException(HttpStatusCode.BadRequest, "a body has either a Content-Length or a Transfer-Encoding, not both", "body");
        }

        if (chunked && !string.Equals(coding, "chunked", StringComparison.OrdinalIgnoreCase))
        {
            throw new HttpRequestRejectedException(HttpStatusCode.BadRequest, "only chunked transfer coding is supported", "body");
        }

        if (!chunked && !sized)
        {
            return MethodsWithBody.Contains(method, StringComparer.OrdinalIgnoreCase)
                ? throw new HttpRequestRejectedException(HttpStatusCode.LengthRequired, "a body needs a Content-Length or chunked transfer coding", "body")
                : null;
        }

        long length = 0;
        if (sized && (lengthText!.Length is 0 or > 18 || !lengthText.All(char.IsAsciiDigit) || !long.TryParse(lengthText, CultureInfo.InvariantCulture, out length)))
        {
            throw new HttpRequestRejectedException(HttpStatusCode.BadRequest, "Content-Length must be a number of bytes", "body");
        }

        if (length > maxBodyBytes)
        {
            throw TooLarge();
        }

        if (headers.TryGetValue("Expect", out var expect) && string.Equals(expect, "100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await sendContinue();
        }

        var body = new MemoryStream();
        if (sized)
        {
            await CopyAsync(body, (int)length, ct);
            return body.ToArray();
        }

        while (await ReadChunkSizeAsync(ct) is var size and > 0)
        {
            if (body.Length + size > maxBodyBytes)
            {
                throw TooLarge();
            }

            await CopyAsync(body, (int)size, ct);
            if (await ReadLineAsync(2, ct) is not "")
            {
                throw new HttpRequestRejectedException(HttpStatusCode.BadRequest, "malformed chunk", "body");
            }
        }

        _ = await ReadFieldsAsync(ct); // trailer fields carry nothing the API reads
        return body.ToArray();
    }

    private HttpRequestRejectedException TooLarge() =>
        new(HttpStatusCode.RequestEntityTooLarge, $"the body must be at most {maxBodyBytes} bytes", "body");

    private async Task<long> ReadChunkSizeAsync(CancellationToken ct)
    {
        var line = await ReadLineAsync(256, ct) ?? throw Truncated();
        var hex = line.Split(';')[0].Trim();
        return hex.Length is > 0 and <= 8 && long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size)
            ? size
            : throw new HttpRequestRejectedException(HttpStatusCode.BadRequest, "malformed chunk size", "body");
    }

    private async Task CopyAsync(MemoryStream body, int count, CancellationToken ct)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync(ct))
            {
                throw Truncated();
            }

            var take = Math.Min(count, _end - _start);
            body.Write(_buffer, _start, take);
            _start += take;
            count -= take;
        }
    }

    private static HttpRequestRejectedException Truncated() =>
        new(HttpStatusCode.BadRequest, "the body ended before its declared length", "body");

    /// <summary>A CRLF- (or LF-) terminated line in Latin-1, or null at the end of the stream before any byte of it.</summary>
    private async Task<string?> ReadLineAsync(int maxLength, CancellationToken ct)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(ct))
            {
                return line.Length == 0 ? null : throw Truncated();
            }

            var b = _buffer[_start++];
            if (line.Length > maxLength)
            {
                throw new HttpRequestRejectedException(HttpStatusCode.BadRequest, "a request line, header or chunk size is too long");
            }

            if (b == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)b);
        }
    }

    private async Task<bool> FillAsync(CancellationToken ct)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, ct);
        return _end > 0;
    }
}
