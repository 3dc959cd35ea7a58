using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using ServiceDesk.Testing;

namespace ServiceDesk.IntegrationTests.Hosting;

/// <summary>
/// The Lambda artifact exactly as <c>sam build</c> makes it (the Makefile's Native AOT publish), built once per test run
/// into a temporary folder. The publish takes minutes on two cores; its build folder is the Makefile's own, so a second
/// run on the same clone is incremental. Where the native toolchain is missing the tests using it skip, saying what is missing.
/// </summary>
public sealed class NativeAotArtifact : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "servicedesk-aot-" + Guid.NewGuid().ToString("N")[..8]);

    public string? SkipReason { get; private set; }

    public int ExitCode { get; private set; }

    /// <summary>Everything make and dotnet publish printed.</summary>
    public string Output { get; private set; } = string.Empty;

    public string ArtifactDirectory => Path.Combine(_root, "artifact");

    public async ValueTask InitializeAsync()
    {
        SkipReason = MissingToolchain();
        if (SkipReason is not null)
        {
            return;
        }

        var start = new ProcessStartInfo("make", ["-C", RepoPaths.Root, "build-ContactFlowFunction", $"ARTIFACTS_DIR={ArtifactDirectory}", $"PUBLISH_DIR={Path.Combine(_root, "publish")}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Under `dotnet test` the host's MSBuild variables point at its own build; a nested publish must find its own.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Append(output, "-- the publish did not finish in 30 minutes");
        }

        process.WaitForExit();
        ExitCode = process.HasExited ? process.ExitCode : -1;
        Output = output.ToString();
    }

    /// <summary>The artifact's <c>bootstrap</c>; skips the calling test without a toolchain, fails it when the publish failed.</summary>
    public string RequireBootstrap()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }

        Assert.True(ExitCode == 0, $"the Makefile's AOT publish failed ({ExitCode}):\n{Tail(Output)}");
        return Path.Combine(ArtifactDirectory, "bootstrap");
    }

    public static string Tail(string text, int lines = 60) => string.Join('\n', text.Split('\n').TakeLast(lines));

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>Native AOT compiles for the machine it runs on (no cross-compiling here) and links with the platform's C toolchain.</summary>
    private static string? MissingToolchain()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            return $"the Lambda artifact is Native AOT for linux-x64, which is compiled on linux-x64 only (this is {RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture})";
        }

        string[] missing =
        [
            .. OnPath("make") ? [] : new[] { "make" },
            .. OnPath("clang") || OnPath("gcc") ? [] : new[] { "clang or gcc (the native linker)" },
            .. OnPath("objcopy") || OnPath("llvm-objcopy") ? [] : new[] { "objcopy (symbol stripping)" },
        ];
        return missing.Length == 0 ? null : $"the Native AOT publish needs {string.Join(", ", missing)} on PATH (https://aka.ms/nativeaot-prerequisites)";
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, tool)));
}
