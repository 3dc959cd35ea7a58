using ServiceDesk.Local.Lint;
using ServiceDesk.Testing;

namespace ServiceDesk.Local.Tests.Lint;

public sealed class TemplateLintTests
{
    [Fact]
    public void Check_OnTheRepo_FindsNothing() =>
        Assert.Empty(TemplateLint.ForRepo(RepoPaths.Root).Check());

    [Theory]
    [InlineData("!Ref TicketsApiKeySecret", "!Ref NoSuchSecret", "NoSuchSecret")]
    [InlineData("Handler: ContactFlow", "Handler: Nope", "Nope")]
    [InlineData("          SERVICE_DESK_QUEUE_ID: !Ref ServiceDeskQueueId\n", "", "SERVICE_DESK_QUEUE_ID")]
    [InlineData("Action: polly:SynthesizeSpeech", "Action: \"*\"", "* action")]
    [InlineData("# Reason: Polly voices", "# Polly voices", "Reason")]
    public void Check_OnABrokenCopy_Fires(string from, string to, string expected)
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        var template = Path.Combine(dir, "template.yaml");
        var text = File.ReadAllText(RepoPaths.Of("template.yaml"));
        Assert.Contains(from, text);
        File.WriteAllText(template, text.Replace(from, to, StringComparison.Ordinal));
        var findings = new TemplateLint(template, RepoPaths.Of("contact-flows"), RepoPaths.Of("deploy", "deploy.sh")).Check();
        Assert.Contains(findings, f => f.Message.Contains(expected, StringComparison.Ordinal));
    }
}
