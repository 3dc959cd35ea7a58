using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using ServiceDesk.Testing;

[assembly: AssemblyFixture(typeof(ServiceDesk.IntegrationTests.Storage.DynaliteFixture))]

namespace ServiceDesk.IntegrationTests.Storage;

/// <summary>
/// dynalite (a DynamoDB implementation on Node.js, pinned in tests/package-lock.json) on a free loopback port, for the
/// whole test run. On a fresh clone it installs dynalite first, so `dotnet test` alone is enough.
/// </summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private Process? _process;

    public Uri ServiceUrl { get; private set; } = null!;

    public AmazonDynamoDBClient CreateClient(HttpClientFactory? http = null) => new(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig
    {
        ServiceURL = ServiceUrl.ToString(),
        AuthenticationRegion = "us-east-1",
        // The stores retry throttling themselves, inside their deadline.
        MaxErrorRetry = 0,
        HttpClientFactory = http,
    });

    public async ValueTask InitializeAsync()
    {
        var tests = RepoPaths.Of("tests");
        var cli = Path.Combine(tests, "node_modules", "dynalite", "cli.js");
        if (!File.Exists(cli))
        {
            await RunAsync("npm", $"ci --prefix \"{tests}\" --no-audit --no-fund");
        }

        var port = LoopbackServer.FreePort();
        _process = Start("node", $"\"{cli}\" --port {port}");
        ServiceUrl = new Uri($"http://127.0.0.1:{port}");
        using var client = CreateClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.ListTablesAsync();
                return;
            }
            catch (Exception) when (attempt < 100 && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
        }

        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static Process Start(string file, string arguments)
    {
        try
        {
            return Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"The DynamoDB tests need Node.js ('{file}' was not found on PATH): install Node.js 18 or later.", ex);
        }
    }

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Start(file, arguments);
        var output = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {arguments}' failed ({process.ExitCode}): {await output}");
        }
    }

}
