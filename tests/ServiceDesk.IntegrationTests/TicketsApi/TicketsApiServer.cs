using System.Net.Http.Json;
using ServiceDesk.Functions;
using ServiceDesk.Functions.TicketsApi;
using ServiceDesk.Local;
using ServiceDesk.Emulation.Http;
using ServiceDesk.Testing;

namespace ServiceDesk.IntegrationTests.TicketsApi;

/// <summary>The real TicketsApi function on the real loopback server as serve-tickets runs it, on an in-memory SQLite store.</summary>
public sealed class TicketsApiServer : IAsyncDisposable
{
    public const string ApiKey = "test-key-0123456789";

    private TicketsApiServer(LocalComposition local, ApiGatewayHttpServer server)
    {
        Local = local;
        Server = server;
        Client = new HttpClient { BaseAddress = server.BaseAddress };
        Client.DefaultRequestHeaders.Add("x-api-key", ApiKey);
    }

    public LocalComposition Local { get; }
    public ApiGatewayHttpServer Server { get; }
    public HttpClient Client { get; }

    public static TicketsApiServer Start(ManualClock? time = null)
    {
        var local = LocalComposition.InMemory(new LocalOptions { ApiKey = ApiKey, Time = time ?? new ManualClock() });
        FunctionCatalog.TryCreate(FunctionCatalog.TicketsApi, local.Services, out var function);
        return new TicketsApiServer(local, ApiGatewayHttpServer.Start(function!, maxBodyBytes: TicketsApiFunction.MaxBodyBytes));
    }

    public Task<HttpResponseMessage> CreateAsync(string caller = "emp-1001", string description = "My laptop won't start", string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "tickets")
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["caller_id"] = caller, ["issue_description"] = description }),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Local.Dispose();
    }
}
