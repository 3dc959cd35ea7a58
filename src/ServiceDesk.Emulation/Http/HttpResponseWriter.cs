using System.Net;
using System.Text;
using System.Text.Json;
using ServiceDesk.Wire.ApiGateway;

namespace ServiceDesk.Emulation.Http;

/// <summary>Writes a proxy response as an HTTP/1.1 response that closes the connection.</summary>
internal static class HttpResponseWriter
{
    private static readonly HashSet<string> FramingHeaders = new(["Content-Length", "Transfer-Encoding", "Connection"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The front's own refusals, in the ticket API's error shape.</summary>
    public static ApiGatewayProxyResponse Error(HttpStatusCode status, string error, string? field)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("error", error);
            if (field is not null)
            {
                json.WriteString("field", field);
            }

            json.WriteEndObject();
        }

        return Json((int)status, Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>What API Gateway answers when the integration fails.</summary>
    public static ApiGatewayProxyResponse BadGateway() => Json((int)HttpStatusCode.BadGateway, """{"message":"Internal server error"}""");

    public static async Task WriteAsync(Stream stream, ApiGatewayProxyResponse response, CancellationToken ct)
    {
        var body = response.Body is null ? [] : response.IsBase64Encoded ? Convert.FromBase64String(response.Body) : Encoding.UTF8.GetBytes(response.Body);
        var head = new StringBuilder($"HTTP/1.1 {response.StatusCode} {Reason(response.StatusCode)}\r\n");
        foreach (var (name, value) in response.Headers ?? [])
        {
            // A header the function writes never frames the response or splits into two.
            if (!FramingHeaders.Contains(name) && !(name + value).Any(c => c is '\r' or '\n'))
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        head.Append("Content-Length: ").Append(body.Length).Append("\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()), ct);
        await stream.WriteAsync(body, ct);
        await stream.FlushAsync(ct);
    }

    private static ApiGatewayProxyResponse Json(int status, string body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" },
        Body = body,
    };

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
