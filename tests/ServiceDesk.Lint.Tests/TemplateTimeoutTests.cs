using System.Globalization;
using ServiceDesk.Functions.Lex;
using YamlDotNet.RepresentationModel;

namespace ServiceDesk.Lint.Tests;

/// <summary>The functions' timeouts against what their callers wait and what the code does with its deadline.</summary>
public sealed class TemplateTimeoutTests
{
    private static readonly YamlMappingNode Template = TemplateYaml.Load();

    [Theory]
    [InlineData("LexFulfillmentFunction")]
    [InlineData("ContactFlowFunction")]
    public void ConnectFacingFunctions_TimeOutBeforeConnectGivesUp(string function) =>
        Assert.True(Timeout(function) < TimeSpan.FromSeconds(8), $"{function} may outlive Connect's 8 s");

    [Fact]
    public void LexFulfillment_LeavesRoomForTheLongestAgentTurnTheTemplateAllows()
    {
        var budget = (YamlMappingNode)((YamlMappingNode)Template["Parameters"])["AgentTurnBudgetMs"];
        var longest = TimeSpan.FromMilliseconds(int.Parse(budget["MaxValue"].ToString(), CultureInfo.InvariantCulture));

        // The handler answers by its own deadline: the Lambda timeout less the margin it keeps for writing the response.
        Assert.True(Timeout("LexFulfillmentFunction") - LexFulfillmentFunction.DeadlineMargin >= longest,
            $"AgentTurnBudgetMs may be {longest.TotalMilliseconds} ms, more than LexFulfillment can give a turn");
    }

    private static TimeSpan Timeout(string function)
    {
        var properties = (YamlMappingNode)((YamlMappingNode)Template.Resources()[function])["Properties"];
        return TimeSpan.FromSeconds(int.Parse(properties["Timeout"].ToString(), CultureInfo.InvariantCulture));
    }
}
