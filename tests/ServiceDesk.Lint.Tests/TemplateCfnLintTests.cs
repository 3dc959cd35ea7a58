using ServiceDesk.Testing;

namespace ServiceDesk.Lint.Tests;

/// <summary>
/// AWS's own CloudFormation linter over template.yaml: resource properties, intrinsic functions, IAM policy shapes and
/// the resource specifications our own TemplateLint does not know. Skipped where cfn-lint is not installed
/// (<c>pip install cfn-lint</c>).
/// </summary>
public sealed class TemplateCfnLintTests
{
    [Fact]
    public void CfnLint_FindsNothingInTheTemplate()
    {
        var run = ExternalTool.RunOrSkip(
            "cfn-lint",
            ["--format", "parseable", "--", RepoPaths.Of("template.yaml")],
            null,
            "AWS's CloudFormation linter was not run over template.yaml (pip install cfn-lint)",
            TimeSpan.FromMinutes(5));

        Assert.True(run.ExitCode == 0, $"cfn-lint exited {run.ExitCode}:\n{run.Output}{run.Error}");
    }
}
