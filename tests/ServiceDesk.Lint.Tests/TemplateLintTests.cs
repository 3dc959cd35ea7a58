using ServiceDesk.Lint;

namespace ServiceDesk.Lint.Tests;

/// <summary>TemplateLint on broken copies of template.yaml and the deploy scripts: each rule reports what it exists for.</summary>
public sealed class TemplateLintTests : IDisposable
{
    private readonly LintSandbox _sandbox = new();

    private IReadOnlyList<LintFinding> Lint() => _sandbox.Lint();

    [Fact]
    public void TemplateLint_ReportsARefToSomethingMissing()
    {
        _sandbox.EditTemplate("CALLERS_TABLE: !Ref CallersTable", "CALLERS_TABLE: !Ref CallerTable");

        Assert.Contains(Lint(), f => f.File == "template.yaml" && f.Message.Contains("'CallerTable'", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsASubNamingSomethingMissing()
    {
        _sandbox.EditTemplate("${LexFulfillmentLogGroup.Arn}", "${LexLogGroup.Arn}");

        Assert.Contains(Lint(), f => f.Message.Contains("!Sub names 'LexLogGroup'", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsAHandlerTheExecutableDoesNotHost()
    {
        _sandbox.EditTemplate("Handler: ContactFlow", "Handler: ContactFlows");

        Assert.Contains(Lint(), f => f.Message.Contains("Handler 'ContactFlows'", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsARequiredVariableNotSet()
    {
        _sandbox.EditTemplate("          SERVICE_DESK_QUEUE_ID: !Ref ServiceDeskQueueId\n", string.Empty);

        Assert.Contains(Lint(), f => f.Message.Contains("SERVICE_DESK_QUEUE_ID", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsAWildcardAction()
    {
        _sandbox.EditTemplate("Action: secretsmanager:GetSecretValue", "Action: secretsmanager:*");

        Assert.Contains(Lint(), f => f.Message.Contains("wildcard action", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsAWildcardResourceWithoutAReason()
    {
        _sandbox.EditTemplate("# Reason: Polly voices", "# Polly voices");

        Assert.Contains(Lint(), f => f.Message.Contains("without a written", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsABotThatIsNotTheOneInLexBots()
    {
        _sandbox.EditTemplate("-ServiceDeskBot\"", "-SomeOtherBot\"");

        Assert.Contains(Lint(), f => f.Message.Contains("SomeOtherBot'", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsABotNameTwoStacksWouldShare()
    {
        _sandbox.EditTemplate("Name: !Sub \"${AWS::StackName}-ServiceDeskBot\"", "Name: ServiceDeskBot");

        Assert.Contains(Lint(), f => f.Message.Contains("${AWS::StackName}", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsAFlowPlaceholderWithoutAValueInTheDeployScript()
    {
        _sandbox.Edit("deploy/deploy.sh", "flow_value HoursOfOperationId", "hours=");

        Assert.Contains(Lint(), f => f.Location == "${HoursOfOperationId}");
    }

    [Fact]
    public void TemplateLint_ReportsAWildcardActionInAMultiLineList()
    {
        _sandbox.EditTemplate("Action: [xray:PutTraceSegments, xray:PutTelemetryRecords]", "Action:\n                  - xray:PutTraceSegments\n                  - \"xray:*\"");

        Assert.Contains(Lint(), f => f.Message.Contains("wildcard action", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsAStarInAMultiLineResourceListWithoutAReason_AndNotAsAnAction()
    {
        _sandbox.EditTemplate("                  - !Sub \"${CallersTable.Arn}/index/CallerIdIndex\"\n", "                  - !Sub \"${CallersTable.Arn}/index/CallerIdIndex\"\n                  - \"*\"\n");

        var findings = Lint();

        Assert.Contains(findings, f => f.Message.Contains("wildcard resource", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Message.Contains("wildcard action", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsASuffixWildcardResourceWithoutAReason()
    {
        _sandbox.EditTemplate("# Reason: contacts are created per call", "# contacts are created per call");

        Assert.Contains(Lint(), f => f.Message.Contains("wildcard resource", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsALongFormGetAttNamingSomethingMissing()
    {
        _sandbox.EditTemplate("Role: !GetAtt ContactFlowRole.Arn", "Role:\n        Fn::GetAtt: [ContactFlowsRole, Arn]");

        Assert.Contains(Lint(), f => f.Message.Contains("'ContactFlowsRole'", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsALongFormSubNamingSomethingMissing()
    {
        _sandbox.EditTemplate("Resource: !Sub \"${ContactFlowLogGroup.Arn}\"", "Resource:\n                  Fn::Sub: \"${ContactFlowLogGroups.Arn}\"");

        Assert.Contains(Lint(), f => f.Message.Contains("'ContactFlowLogGroups'", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsAnAlarmTopicEncryptedWithTheAwsManagedKey()
    {
        _sandbox.EditTemplate("  AlarmTopic:\n    Type: AWS::SNS::Topic\n", "  AlarmTopic:\n    Type: AWS::SNS::Topic\n    Properties:\n      KmsMasterKeyId: alias/aws/sns\n");

        Assert.Contains(Lint(), f => f.Location == "Resources.AlarmTopic" && f.Message.Contains("alias/aws/sns", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsAccessLogsWithoutTheAccountLoggingRole()
    {
        _sandbox.EditTemplate("    Type: AWS::ApiGateway::Account\n", "    Type: AWS::CloudFormation::WaitConditionHandle\n");

        Assert.Contains(Lint(), f => f.Location == "Resources.TicketsRestApi" && f.Message.Contains("AWS::ApiGateway::Account", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsAnOptionalParameterUsedWhereItMayBeEmpty()
    {
        _sandbox.EditTemplate("    Condition: UseKnowledgeBase\n    Properties:\n      Name: !Sub \"${AWS::StackName}-articles\"", "    Condition: UseAgent\n    Properties:\n      Name: !Sub \"${AWS::StackName}-articles\"");

        Assert.Contains(Lint(), f => f.Location.StartsWith("Resources.KnowledgeBase", StringComparison.Ordinal) && f.Message.Contains("VectorCollectionArn", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsAGetAttToALogicalIdNoLoopMakes()
    {
        _sandbox.EditTemplate("!Sub \"ServiceDeskBotVersion${BotRevision}\"", "!Sub \"ServiceDeskBotVersions${BotRevision}\"");

        Assert.Contains(Lint(), f => f.Message.Contains("'ServiceDeskBotVersions${BotRevision}'", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateLint_ReportsABotVersionWithAFixedLogicalId()
    {
        _sandbox.EditTemplate("  ServiceDeskBotAlias:\n", "  FixedBotVersion:\n    Type: AWS::Lex::BotVersion\n    Properties:\n      BotId: !Ref ServiceDeskBot\n\n  ServiceDeskBotAlias:\n");

        Assert.Contains(Lint(), f => f.Location == "Resources.FixedBotVersion" && f.Message.Contains("new version", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("declare -A value")]
    [InlineData("mapfile -t lines < file")]
    [InlineData("name=${name,,}")]
    [InlineData("sha256sum \"$work/bot.zip\"")]
    [InlineData("sed -i 's/a/b/' file")]
    public void TemplateLint_ReportsDeployScriptLinesThatFailOnAMac(string line)
    {
        _sandbox.Edit("deploy/deploy.sh", "set -euo pipefail\n", $"set -euo pipefail\n{line}\n");

        Assert.Contains(Lint(), f => f.File == Path.Combine("deploy", "deploy.sh") && f.Location.StartsWith("line ", StringComparison.Ordinal));
    }

    public void Dispose() => _sandbox.Dispose();
}
