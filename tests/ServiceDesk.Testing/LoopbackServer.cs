using System.Net;
using System.Net.Sockets;

namespace ServiceDesk.Testing;

/// <summary>
/// The one loopback HTTP listener of the tests' fakes (the Runtime API, the SigV4 services, flaky proxies): a free port
/// on 127.0.0.1, each request served on its own task by the fake's handler, the response closed after it, and a
/// <see cref="Stopping"/> token a handler can wait on to hang until the server stops.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<HttpListenerContext, CancellationToken, Task> _serve;

    public LoopbackServer(Func<HttpListenerContext, CancellationToken, Task> serve)
    {
        _serve = serve;
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress { get; }

    /// <summary>host:port, as the Runtime API's address is given.</summary>
    public string Authority => BaseAddress.Authority;

    public CancellationToken Stopping => _stop.Token;

    /// <summary>A port free on loopback now (for servers started by others: dynalite, the ticket API).</summary>
    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            await _serve(context, _stop.Token);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // Stopped mid-request: the client sees its connection end, as with a real server going away.
        }
        finally
        {
            try
            {
                context.Response.Close();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
    }
}
