using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Xunit;

namespace ServiceDesk.Testing;

/// <summary>Who a Lambda response is for; each has its own checks in <c>validate-aws-response.py</c>.</summary>
public enum LambdaResponseKind
{
    /// <summary>A Lex V2 code hook response: the lexv2-runtime model's SessionState and Message, and the Lambda page's rules.</summary>
    Lex,

    /// <summary>A Bedrock action group response: the documented envelope, and the result as bedrock-agent-runtime's ApiResult or FunctionResult.</summary>
    Agent,

    /// <summary>A Connect STRING_MAP answer: a flat map of strings under 32 KB, which the flow may store as contact attributes.</summary>
    Connect,
}

public static partial class AwsServiceModel
{
    private const string ResponseSkip = "Lambda responses are checked against botocore's service models only where python3 with botocore is installed";

    /// <summary>One checker per test run: botocore loads its models once, and thousands of responses go through it.</summary>
    private static readonly Lazy<ResponseChecker> Checker = new(ResponseChecker.Start);

    /// <summary>Fails on anything the models or the documented rules refuse; skips the test where the tools are missing.</summary>
    public static void AssertValidResponse(LambdaResponseKind kind, ReadOnlySpan<byte> response)
    {
        var checker = Checker.Value;
        if (checker.Unavailable is { } reason)
        {
            Assert.Skip($"{reason}: {ResponseSkip}");
        }

        AssertNoProblems(kind, response, checker);
    }

    /// <summary>
    /// For the harnesses of tests about something else (every Lex, Connect and agent answer the function tests produce):
    /// checked where the tools are, passed over elsewhere, where the dedicated tests report the skip.
    /// </summary>
    public static void AssertValidResponseWhereChecked(LambdaResponseKind kind, ReadOnlySpan<byte> response)
    {
        var checker = Checker.Value;
        if (checker.Unavailable is null)
        {
            AssertNoProblems(kind, response, checker);
        }
    }

    private static void AssertNoProblems(LambdaResponseKind kind, ReadOnlySpan<byte> response, ResponseChecker checker)
    {
        var problems = checker.Problems(kind, response);
        Assert.True(problems.Count == 0, $"the {kind} response does not match AWS's model:\n{string.Join('\n', problems)}\nresponse: {Encoding.UTF8.GetString(response)}");
    }

    /// <summary><c>validate-aws-response.py --serve</c>: a line <c>KIND JSON</c> in, a JSON list of problems out.</summary>
    private sealed class ResponseChecker
    {
        private readonly Process? _process;
        private readonly StringBuilder _errors = new();
        private readonly Lock _gate = new();

        private ResponseChecker(Process? process, string? unavailable)
        {
            _process = process;
            Unavailable = unavailable;
        }

        /// <summary>Why responses cannot be checked here, or null when they can.</summary>
        public string? Unavailable { get; private set; }

        public static ResponseChecker Start()
        {
            var start = new ProcessStartInfo("python3", [RepoPaths.Of("tests", "tools", "validate-aws-response.py"), "--serve"])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = RepoPaths.Root,
                StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
                StandardOutputEncoding = Encoding.UTF8,
            };
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (Win32Exception)
            {
                return new ResponseChecker(null, "python3 is not installed");
            }

            var checker = new ResponseChecker(process, null);
            process.ErrorDataReceived += (_, e) =>
            {
                lock (checker._errors)
                {
                    checker._errors.AppendLine(e.Data);
                }
            };
            process.BeginErrorReadLine();

            // The first answer says whether botocore is there: without it the script exits 3 before reading a line.
            // Any other end is a broken checker, which fails the tests rather than letting them pass unchecked.
            if (checker.Ask("connect {}") is null)
            {
                process.WaitForExit();
                if (process.ExitCode != 3)
                {
                    throw new InvalidOperationException($"validate-aws-response.py ended with {process.ExitCode}: {checker.Errors()}");
                }

                checker.Unavailable = "python3 has no botocore";
                process.Dispose();
            }

            return checker;
        }

        public IReadOnlyList<string> Problems(LambdaResponseKind kind, ReadOnlySpan<byte> response)
        {
            // A raw line break in JSON can only be whitespace between tokens, so one response stays one line.
            var line = kind.ToString().ToLowerInvariant() + " " + Encoding.UTF8.GetString(response).Replace('\n', ' ').Replace('\r', ' ');
            var answer = Ask(line) ?? throw new InvalidOperationException($"validate-aws-response.py stopped: {Errors()}");
            return System.Text.Json.JsonSerializer.Deserialize(answer, TestingJsonContext.Default.ListString)!;
        }

        private string? Ask(string line)
        {
            lock (_gate)
            {
                try
                {
                    _process!.StandardInput.Write(line);
                    _process.StandardInput.Write('\n');
                    _process.StandardInput.Flush();
                }
                catch (IOException)
                {
                    return null;
                }

                return _process.StandardOutput.ReadLine();
            }
        }

        private string Errors()
        {
            lock (_errors)
            {
                return _errors.ToString().Trim();
            }
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(List<string>))]
internal sealed partial class TestingJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
