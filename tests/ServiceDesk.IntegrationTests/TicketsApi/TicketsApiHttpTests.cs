using System.Net;
using System.Text;
using System.Text.Json;

namespace ServiceDesk.IntegrationTests.TicketsApi;

/// <summary>The seed's contract checks, plus the error answers, over real HTTP.</summary>
public sealed class TicketsApiHttpTests : IAsyncLifetime
{
    private TicketsApiServer _api = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _api = TicketsApiServer.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Create_Returns201AndAnId()
    {
        using var response = await _api.CreateAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        Assert.Matches("^INC[0-9]{7}$", body.GetProperty("id").GetString());
        Assert.Equal("new", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Get_Returns200AndTheTicket()
    {
        var id = (await Json(await _api.CreateAsync())).GetProperty("id").GetString();

        using var response = await _api.Client.GetAsync($"tickets/{id}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("emp-1001", (await Json(response)).GetProperty("caller_id").GetString());
    }

    [Fact]
    public async Task Comment_Returns201WithTheComment()
    {
        var id = (await Json(await _api.CreateAsync())).GetProperty("id").GetString();

        using var response = await _api.Client.PostAsync($"tickets/{id}/comments", Body("""{"text":"Still broken","author":"emp-1001"}"""), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Still broken", (await Json(response)).GetProperty("comments")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task List_ReturnsAnArrayNewestFirst()
    {
        await _api.CreateAsync(caller: "emp-1002", description: "first");
        await _api.CreateAsync(caller: "emp-1002", description: "second");

        using var response = await _api.Client.GetAsync("tickets?caller=emp-1002&limit=5", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await Json(response);
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Equal(["second", "first"], list.EnumerateArray().Select(t => t.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task List_WithOpenTrue_ReturnsOnlyOpenTickets()
    {
        var open = (await Json(await _api.CreateAsync(caller: "emp-1003", description: "still broken"))).GetProperty("id").GetString();
        var done = (await Json(await _api.CreateAsync(caller: "emp-1003", description: "fixed"))).GetProperty("id").GetString();
        using var closed = await _api.Client.PatchAsync($"tickets/{done}", Body("""{"status":"resolved"}"""), Ct);

        using var response = await _api.Client.GetAsync("tickets?caller=emp-1003&open=true&limit=200", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([open], (await Json(response)).EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("open=yes", "open")]
    [InlineData("open=true&limit=201", "limit")]
    [InlineData("open=false&limit=51", "limit")]
    [InlineData("limit=51", "limit")]
    public async Task List_WithBadQuery_Returns400NamingTheField(string query, string field)
    {
        using var response = await _api.Client.GetAsync($"tickets?caller=emp-1001&{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await Json(response)).GetProperty("field").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task AnyRoute_WithoutAValidKey_Returns403(string? key)
    {
        using var client = new HttpClient { BaseAddress = _api.Server.BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", key);
        }

        using var response = await client.GetAsync("tickets?caller=emp-1001", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Create_WithARepeatedIdempotencyKey_ReturnsTheFirstTicket()
    {
        var first = await Json(await _api.CreateAsync(key: "retry-1"));
        var second = await Json(await _api.CreateAsync(description: "a retried request", key: "retry-1"));

        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        using var list = await _api.Client.GetAsync("tickets?caller=emp-1001", Ct);
        Assert.Single((await Json(list)).EnumerateArray());
    }

    [Theory]
    [InlineData("{not json", "body")]
    [InlineData("""{"issue_description":"x"}""", "caller_id")]
    [InlineData("""{"caller_id":"emp-1001"}""", "issue_description")]
    [InlineData("""{"caller_id":"emp-1001","issue_description":"x","priority":"P9"}""", "priority")]
    [InlineData("""{"caller_id":"emp-1001","issue_description":"x","category":"cats"}""", "category")]
    [InlineData("""{"caller_id":"emp-1001","issue_description":"x","impact":"galaxy"}""", "impact")]
    [InlineData("""{"caller_id":"emp-1001","issue_description":"x","priority":"01"}""", "priority")]
    [InlineData("""{"caller_id":"emp-1001","issue_description":"x","category":"hardware,software"}""", "category")]
    [InlineData("""{"caller_id":"emp-1001","issue_description":"x","category":"3"}""", "category")]
    public async Task Create_WithBadInput_Returns400NamingTheField(string body, string field)
    {
        using var response = await _api.Client.PostAsync("tickets", Body(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await Json(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Create_WithOversizedDescription_Returns400()
    {
        using var response = await _api.CreateAsync(description: new string('x', 5000));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("issue_description", (await Json(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Get_UnknownTicket_Returns404()
    {
        using var response = await _api.Client.GetAsync("tickets/INC0999999", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Patch_InvalidTransition_Returns409()
    {
        var id = (await Json(await _api.CreateAsync())).GetProperty("id").GetString();
        using var closed = await _api.Client.PatchAsync($"tickets/{id}", Body("""{"status":"closed"}"""), Ct);

        using var response = await _api.Client.PatchAsync($"tickets/{id}", Body("""{"status":"in_progress"}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task UnknownRoute_Returns404AndWrongMethod405()
    {
        using var unknown = await _api.Client.GetAsync("nothing-here", Ct);
        using var wrongMethod = await _api.Client.DeleteAsync("tickets", Ct);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
    }

    [Theory]
    [InlineData("DELETE", "tickets", HttpStatusCode.MethodNotAllowed, "GET, POST")]
    [InlineData("DELETE", "tickets/INC0000001", HttpStatusCode.MethodNotAllowed, "GET, PATCH")]
    [InlineData("GET", "tickets/INC0000001/comments", HttpStatusCode.MethodNotAllowed, "POST")]
    [InlineData("GET", "tickets/INC0000001/history", HttpStatusCode.NotFound, null)]
    [InlineData("GET", "tickets/INC0000001/comments/1", HttpStatusCode.NotFound, null)]
    [InlineData("GET", "tickets/INC-0000001", HttpStatusCode.BadRequest, null)]
    public async Task RouteTable_AnswersWhatTheContractDeclares(string method, string path, HttpStatusCode expected, string? allow)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await _api.Client.SendAsync(request, Ct);

        Assert.Equal(expected, response.StatusCode);
        if (allow is not null)
        {
            var header = response.Content.Headers.Allow.Count > 0 ? string.Join(", ", response.Content.Headers.Allow) : string.Join(", ", response.Headers.GetValues("Allow"));
            Assert.Equal(allow, header);
        }
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
}
