using System.ComponentModel;
using System.Diagnostics;
using Xunit;

namespace ServiceDesk.Testing;

/// <summary>What a command-line tool printed and how it ended.</summary>
public sealed record ToolRun(int ExitCode, string Output, string Error);

/// <summary>Runs a tool the machine may or may not have (cfn-lint, python3 with botocore): absent, the test is skipped, saying why.</summary>
public static class ExternalTool
{
    public static ToolRun RunOrSkip(string file, IEnumerable<string> arguments, string? input, string skipReason, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            Assert.Skip($"{file} is not installed: {skipReason}");
            throw;
        }

        using (process)
        {
            var ct = TestContext.Current.CancellationToken;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            if (input is not null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }

            if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{file} did not finish in time");
            }

            return new ToolRun(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }
    }
}

/// <summary>
/// Checks what we put on the wire against the AWS service models botocore ships (the AWS CLI's own reference): request
/// bodies through <c>tests/tools/validate-aws-request.py</c>, our Lambda functions' responses through
/// <c>tests/tools/validate-aws-response.py</c>. Skipped where python3 or botocore is missing.
/// </summary>
public static partial class AwsServiceModel
{
    public static void AssertValidRequest(string service, string operation, string body, params (string Member, string Value)[] uriMembers)
    {
        const string Skip = "the request bodies are checked against botocore's service models only where python3 with botocore is installed";
        var run = ExternalTool.RunOrSkip(
            "python3",
            [RepoPaths.Of("tests", "tools", "validate-aws-request.py"), service, operation, .. uriMembers.Select(m => $"{m.Member}={m.Value}")],
            body,
            Skip);
        if (run.ExitCode == 3)
        {
            Assert.Skip($"{run.Error.Trim()}: {Skip}");
        }

        Assert.True(run.ExitCode == 0, $"{service} {operation} does not match the model:\n{run.Output}{run.Error}\nbody: {body}");
    }
}
