using System.Net;
using System.Text;
using System.Text.Json;

namespace ServiceDesk.IntegrationTests.TicketsApi;

/// <summary>GET /tickets/{id}/history over real HTTP, and every route the API has trying to rewrite it.</summary>
public sealed class TicketHistoryHttpTests : IAsyncLifetime
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
    public async Task History_ShowsEveryChange_WithWhoAndWhat_InTheApisNames()
    {
        var id = await CreateAsync();
        (await _api.Client.PostAsync($"tickets/{id}/comments", Body("""{"text":"still dead","author":"emp-1001"}"""), Ct)).EnsureSuccessStatusCode();
        (await _api.Client.PatchAsync($"tickets/{id}", Body("""{"status":"in_progress","priority":"P2","actor":"tech-7"}"""), Ct)).EnsureSuccessStatusCode();

        var events = await HistoryAsync(id);

        Assert.Equal(["created", "commented", "status_changed", "priority_changed"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(["caller", "caller", "agent", "agent"], events.Select(e => e.GetProperty("actor").GetString()));
        Assert.Equal("tech-7", events[2].GetProperty("actor_id").GetString());
        Assert.Equal(("new", "in_progress"), (events[2].GetProperty("from").GetString(), events[2].GetProperty("to").GetString()));
        Assert.Equal(("P3", "P2"), (events[3].GetProperty("from").GetString(), events[3].GetProperty("to").GetString()));
    }

    [Fact]
    public async Task Patch_WithPriorityAlone_ChangesIt_AndWithNeither_Is400()
    {
        var id = await CreateAsync();

        using var priority = await _api.Client.PatchAsync($"tickets/{id}", Body("""{"priority":"P1"}"""), Ct);
        using var neither = await _api.Client.PatchAsync($"tickets/{id}", Body("""{"actor":"tech-7"}"""), Ct);
        using var badPriority = await _api.Client.PatchAsync($"tickets/{id}", Body("""{"priority":"urgent"}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, priority.StatusCode);
        Assert.Equal("P1", JsonDocument.Parse(await priority.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("priority").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPriority.StatusCode);
        Assert.Equal("priority", JsonDocument.Parse(await badPriority.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task History_CannotBeRewrittenOrDeleted_ThroughAnyRoute()
    {
        var id = await CreateAsync(key: "history-" + Guid.NewGuid().ToString("N"));
        (await _api.Client.PatchAsync($"tickets/{id}", Body("""{"status":"in_progress"}"""), Ct)).EnsureSuccessStatusCode();
        var before = (await HistoryAsync(id)).Select(e => e.GetRawText()).ToList();
        var forged = $$"""{"events":[],"history":[],"kind":"created","status":"in_progress","ticket_id":"{{id}}"}""";

        // Writing methods on the history itself, and deleting or replacing the ticket it belongs to.
        foreach (var (method, path) in new[]
        {
            ("POST", $"tickets/{id}/history"), ("PUT", $"tickets/{id}/history"), ("PATCH", $"tickets/{id}/history"), ("DELETE", $"tickets/{id}/history"),
            ("DELETE", $"tickets/{id}"), ("PUT", $"tickets/{id}"), ("DELETE", $"tickets/{id}/comments"), ("PUT", $"tickets/{id}/comments"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(forged) };
            using var response = await _api.Client.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.MethodNotAllowed, $"{method} {path}: {response.StatusCode}");
        }

        // The routes that do write: a body smuggling history fields, a replayed create, a repeated status.
        using var patched = await _api.Client.PatchAsync($"tickets/{id}", Body(forged), Ct);
        using var replayed = await _api.CreateAsync(key: JsonDocument.Parse(await (await _api.Client.GetAsync($"tickets/{id}", Ct)).Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("idempotency_key").GetString());
        using var commented = await _api.Client.PostAsync($"tickets/{id}/comments", Body(forged), Ct);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, commented.StatusCode);
        Assert.Equal(before, (await HistoryAsync(id)).Select(e => e.GetRawText()));
    }

    private async Task<string> CreateAsync(string? key = null)
    {
        using var created = await _api.CreateAsync(key: key);
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<List<JsonElement>> HistoryAsync(string id)
    {
        using var response = await _api.Client.GetAsync($"tickets/{id}/history", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(id, body.GetProperty("ticket_id").GetString());
        return [.. body.GetProperty("events").EnumerateArray()];
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");
}
