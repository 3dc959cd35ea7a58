using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ServiceDesk.IntegrationTests.TicketsApi;

/// <summary>
/// What serve-tickets does with requests a well-behaved client never sends (the malformed ones written raw on a socket): each
/// answered with JSON in the API's error shape (never an HTML page), and a body over the limit refused unread.
/// </summary>
public sealed class ServeTicketsWireTests : IAsyncLifetime
{
    private TicketsApiServer _api = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _api = TicketsApiServer.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Theory]
    [InlineData("-1")]
    [InlineData("one")]
    [InlineData("1")]
    [InlineData("INC-0000001")]
    [InlineData("..%2FINC0000001")]
    public async Task Get_WithAnIdNotInTheContractsForm_Answers400NamingId(string id)
    {
        using var created = await _api.CreateAsync();

        using var response = await _api.Client.GetAsync($"tickets/{id}", Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("id", (await Json(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Create_WithABodyThatIsNotUtf8_Answers400AndStoresNothing()
    {
        byte[] latin1 = [.. """{"caller_id":"emp-1001","issue_description":"caf"""u8, 0xE9, .. "\"}"u8];

        using var response = await _api.Client.PostAsync("tickets", new ByteArrayContent(latin1), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", (await Json(response)).GetProperty("field").GetString());
        Assert.Equal("[]", await (await _api.Client.GetAsync("tickets?caller=emp-1001", Ct)).Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Create_WithADuplicateKey_Answers400()
    {
        var body = """{"caller_id":"emp-1001","caller_id":"emp-1002","issue_description":"Laptop dead"}""";

        using var response = await _api.Client.PostAsync("tickets", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", (await Json(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Post_WithNeitherContentLengthNorChunked_Answers411AsJson()
    {
        var answer = await SendRawAsync(Head("POST /tickets HTTP/1.1"), closeSend: false);

        Assert.Equal(411, answer.Status);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Equal("body", JsonDocument.Parse(answer.Body).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Post_WithABodyShorterThanItsContentLength_Answers400AsJson()
    {
        var request = Head("POST /tickets HTTP/1.1", "Content-Type: application/json", "Content-Length: 200") + """{"caller_id":"emp-1001",""";

        var answer = await SendRawAsync(request, closeSend: true);

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Equal("body", JsonDocument.Parse(answer.Body).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Post_DeclaringA64MegabyteBody_Answers413BeforeReadingIt()
    {
        var request = Head("POST /tickets HTTP/1.1", "Content-Type: application/json", "Content-Length: 67108864") + "{\"caller_id\":\"" + new string('x', 4000);

        // The socket stays open and the rest never comes: a server that waits for the whole body times out here.
        var answer = await SendRawAsync(request, closeSend: false);

        Assert.Equal(413, answer.Status);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Equal("body", JsonDocument.Parse(answer.Body).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Post_ChunkedOverTheLimit_Answers413()
    {
        var json = """{"caller_id":"emp-1001","issue_description":" """ + new string('x', 64 * 1024) + "\"}";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");

        using var response = await _api.Client.PostAsync("tickets", content, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body", (await Json(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Post_Chunked_IsReadWhole()
    {
        using var content = new StreamContent(new MemoryStream("""{"caller_id":"emp-1001","issue_description":"Laptop dead"}"""u8.ToArray()));
        content.Headers.ContentType = new("application/json");

        using var response = await _api.Client.PostAsync("tickets", content, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Laptop dead", (await Json(response)).GetProperty("description").GetString());
    }

    private static string Head(string requestLine, params string[] headers) =>
        string.Join("\r\n", [requestLine, "Host: 127.0.0.1", $"x-api-key: {TicketsApiServer.ApiKey}", .. headers]) + "\r\n\r\n";

    private async Task<(int Status, string? ContentType, string Body)> SendRawAsync(string request, bool closeSend)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _api.Server.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), timeout.Token);
        if (closeSend)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"no HTTP answer: {text}");
        var head = text[..split].Split("\r\n");
        var contentType = head.Skip(1).Select(h => h.Split(':', 2)).FirstOrDefault(h => h[0].Equals("Content-Type", StringComparison.OrdinalIgnoreCase))?[1].Trim();
        return (int.Parse(head[0].Split(' ')[1]), contentType, text[(split + 4)..]);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
}
