using System.Text.RegularExpressions;
using ServiceDesk.Emulation.Flows;
using ServiceDesk.Emulation.Lex;

namespace ServiceDesk.Lint;

/// <summary>
/// Checks contact flows. The structural rules hold for any Flow-language export (transitions resolve, every action is
/// reachable, nothing is a dead end). The repository rules hold for our flows: every action that can fail has an
/// error branch, every path ends in a transfer or a disconnect, and every Lambda, bot and intent a flow names exists.
/// </summary>
public static partial class FlowLint
{
    /// <summary>Blocks whose documented outcomes include an error the flow must handle.</summary>
    private static readonly HashSet<string> CanFail = new(StringComparer.Ordinal)
    {
        "InvokeLambdaFunction", "ConnectParticipantWithLexBot", "GetParticipantInput", "TransferContactToQueue", "UpdateContactTargetQueue",
        "MessageParticipant", "UpdateContactAttributes", "UpdateContactCallbackNumber", "CreateCallbackContact", "Compare", "CheckHoursOfOperation",
        "UpdateContactEventHooks", "UpdateContactTextToSpeechVoice", "MessageParticipantIteratively", "InvokeFlowModule",
    };

    /// <summary>The Flow language's own rules (<see cref="FlowStructure"/>), as findings.</summary>
    public static IEnumerable<LintFinding> Structure(FlowDocument flow) =>
        FlowStructure.Problems(flow).Select(p => new LintFinding(p.File, p.Location, p.Message));

    /// <param name="templateResources">The template's resources: logical id → Type.</param>
    public static IEnumerable<LintFinding> Repository(FlowDocument flow, BotDefinition? bot, IReadOnlyDictionary<string, string> templateResources)
    {
        foreach (var action in flow.Actions)
        {
            if (CanFail.Contains(action.Type) && action.Errors.Count == 0)
            {
                yield return new LintFinding(flow.File, action.Identifier, $"{action.Type} can fail but has no error branch: a caller would hear silence");
            }

            foreach (var placeholder in Placeholders().Matches(action.Parameters.ValueKind == System.Text.Json.JsonValueKind.Undefined ? string.Empty : action.Parameters.GetRawText()).Select(m => m.Groups[1].Value))
            {
                if (placeholder.EndsWith("FunctionArn", StringComparison.Ordinal))
                {
                    var function = placeholder[..^"FunctionArn".Length];
                    if (!new[] { function, function + "Function" }.Any(id => templateResources.GetValueOrDefault(id) is "AWS::Serverless::Function" or "AWS::Lambda::Function"))
                    {
                        yield return new LintFinding(flow.File, action.Identifier, $"names ${{{placeholder}}}, but template.yaml has no function {function}");
                    }
                }
                else if (placeholder.EndsWith("BotAliasArn", StringComparison.Ordinal) && !templateResources.Values.Contains("AWS::Lex::BotAlias"))
                {
                    yield return new LintFinding(flow.File, action.Identifier, $"names ${{{placeholder}}}, but template.yaml has no AWS::Lex::BotAlias");
                }
            }

            if (action.Type == "ConnectParticipantWithLexBot")
            {
                foreach (var intent in action.Conditions.Select(c => c.Operands.Count > 0 ? c.Operands[0] : string.Empty))
                {
                    if (bot is not null && bot.Intent(intent) is null)
                    {
                        yield return new LintFinding(flow.File, action.Identifier, $"branches on intent '{intent}', which bot {bot.Name} does not have");
                    }
                }
            }
        }

        // A queue's hold messages stop at each interrupt; unless the flow comes back to them, the caller hears silence.
        foreach (var hold in flow.Actions.Where(a => a.Type == "MessageParticipantIteratively" && a.Param("InterruptFrequencySeconds") is not null))
        {
            if (!FlowStructure.Reachable(flow, hold.Successes, followErrors: false).Contains(hold.Identifier))
            {
                yield return new LintFinding(flow.File, hold.Identifier, "after its interrupt the flow never returns to these messages: a waiting caller would hear silence");
            }
        }

        var canFinish = CanFinish(flow);
        foreach (var action in flow.Actions.Where(a => !canFinish.Contains(a.Identifier) && flow.Find(a.Identifier) is not null))
        {
            yield return new LintFinding(flow.File, action.Identifier, "no path from here ends in a transfer or a disconnect");
        }
    }

    /// <summary>Every bot intent whose code hooks are on must be one the fulfilment function routes.</summary>
    public static IEnumerable<LintFinding> Bot(BotDefinition bot, string botFolder, IReadOnlyCollection<string> handledIntents) =>
        bot.Intents.Where(i => (i.DialogHook || i.FulfillmentHook) && !handledIntents.Contains(i.Name))
            .Select(i => new LintFinding(botFolder, i.Name, "has a code hook but LexFulfillment has no handler for it"));

    /// <summary>Actions from which some path reaches a terminal block (a loop is fine if it can be left).</summary>
    private static HashSet<string> CanFinish(FlowDocument flow)
    {
        var done = flow.Actions.Where(a => FlowStructure.Terminal.Contains(a.Type)).Select(a => a.Identifier).ToHashSet(StringComparer.Ordinal);
        bool grew;
        do
        {
            grew = false;
            foreach (var action in flow.Actions.Where(a => !done.Contains(a.Identifier) && a.Targets.Any(done.Contains)))
            {
                grew |= done.Add(action.Identifier);
            }
        }
        while (grew);

        return done;
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)\}")]
    private static partial Regex Placeholders();
}
