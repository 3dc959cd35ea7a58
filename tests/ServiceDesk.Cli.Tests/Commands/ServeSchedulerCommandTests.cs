using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace ServiceDesk.Cli.Tests.Commands;

/// <summary><c>servicedesk serve-scheduler</c> as a person runs it: the real executable, its first lines, and curl's view of it.</summary>
public sealed partial class ServeSchedulerCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "servicedesk-scheduler-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithoutAToken_MakesOneUp_PrintsItOnce_AndTakesIt()
    {
        HttpStatusCode answered = default;
        string printed = string.Empty;
        var lines = await ServeAsync(token: null, async (url, lines) =>
        {
            printed = lines.Single(l => l.StartsWith("Bearer token: ", StringComparison.Ordinal))["Bearer token: ".Length..].Split(' ')[0];
            using var http = new HttpClient();
            answered = await StatusAsync(http, url, printed, "local");
        });

        Assert.Matches("^[0-9a-f]{48}$", printed);
        Assert.Equal(HttpStatusCode.OK, answered);
        // Once to be read, once in the curl line to be copied; nowhere else.
        Assert.Equal(2, lines.Count(l => l.Contains(printed, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WithTheTokenInTheEnvironment_AnswersItsBearer_RefusesAnyOther_AndNeverPrintsIt()
    {
        const string token = "env-token-a41c99d2";
        HttpStatusCode right = default, wrong = default, none = default;
        var lines = await ServeAsync(token, async (url, _) =>
        {
            using var http = new HttpClient();
            right = await StatusAsync(http, url, token, "local");
            wrong = await StatusAsync(http, url, "not-" + token, "local");
            none = await StatusAsync(http, url, null, "local");
        });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (right, wrong, none));
        Assert.DoesNotContain(lines, l => l.Contains(token, StringComparison.Ordinal));
        Assert.Contains("Bearer token: from SCHEDULER_TOKEN", lines);
    }

    [Fact]
    public async Task WithAnotherClientId_RefusesTheDefaultOne()
    {
        HttpStatusCode ours = default, other = default;
        await ServeAsync(null, async (url, _) =>
        {
            using var http = new HttpClient();
            ours = await StatusAsync(http, url, "tok-1f2e3d", "acme", "acme");
            other = await StatusAsync(http, url, "tok-1f2e3d", "local", "local");
        }, "--client-id", "acme", "--token", "tok-1f2e3d");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (ours, other));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, Uri url, string? token, string clientId, string pathClient = "local")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, $"scheduler/client/{pathClient}/business-hours"));
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", "Bearer " + token);
        }

        request.Headers.TryAddWithoutValidation("client_id", clientId);
        using var response = await http.SendAsync(request, Ct);
        return response.StatusCode;
    }

    /// <summary>Starts the executable on a free port, runs <paramref name="use"/> once it listens, then stops it.</summary>
    /// <summary>
    /// <c>call --scheduler URL</c> books through the HTTP client against a real server: the same data folder holds the
    /// ticket the call logs, so the server has its project; without the token the call stops before it starts.
    /// </summary>
    [Fact]
    public async Task Call_WithSchedulerUrl_BooksOverHttp_AndNeedsTheToken()
    {
        (int Exit, string Out) booked = default, refused = default;
        await ServeAsync("tok-call-7a", async (url, _) =>
        {
            booked = await CallAsync(url, "tok-call-7a", "my laptop screen is cracked\njust me\nyes\nyes\n#1\n#1\nyes\nbye\n");
            refused = await CallAsync(url, null, string.Empty);
        });

        Assert.True(booked.Exit == 0, booked.Out);
        Assert.Contains("Booked. A technician will come to your desk", booked.Out);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("SCHEDULER_TOKEN", refused.Out);
    }

    private async Task<(int Exit, string Out)> CallAsync(Uri scheduler, string? token, string keyboard)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "servicedesk.dll"), "call", "--data", _data, "--scheduler", scheduler.ToString()])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("SCHEDULER_TOKEN");
        if (token is not null)
        {
            start.Environment["SCHEDULER_TOKEN"] = token;
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(keyboard);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output + await error);
    }

    private async Task<List<string>> ServeAsync(string? token, Func<Uri, List<string>, Task> use, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "servicedesk.dll"), "serve-scheduler", "--port", "0", "--data", _data, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("SCHEDULER_TOKEN");
        if (token is not null)
        {
            start.Environment["SCHEDULER_TOKEN"] = token;
        }

        using var process = Process.Start(start)!;
        var lines = new List<string>();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(Ct) is { } line)
            {
                lines.Add(line);
                if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
                {
                    break;
                }
            }

            await use(new Uri(Listening().Match(lines[0]).Groups[1].Value), lines);
            return lines;
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync(Ct);
        }
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Listening();
}
