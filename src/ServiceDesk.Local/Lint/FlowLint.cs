using System.Text.RegularExpressions;
using ServiceDesk.Local.Flows;
using ServiceDesk.Local.Lex;

namespace ServiceDesk.Local.Lint;

/// <summary>
/// Checks contact flows. The structural rules hold for any Flow-language export (transitions resolve, every action is
/// reachable, nothing is a dead end). The repository rules hold for our flows: every action that can fail has an
/// error branch, every path ends in a transfer or a disconnect, and every Lambda, bot and intent a flow names exists.
/// </summary>
public static partial class FlowLint
{
    private static readonly HashSet<string> Terminal = new(StringComparer.Ordinal)
    {
        "DisconnectParticipant", "EndFlowExecution", "EndFlowModuleExecution", "TransferToFlow", "TransferContactToQueue", "TransferContactToAgent",
    };

    /// <summary>Blocks whose documented outcomes include an error the flow must handle.</summary>
    private static readonly HashSet<string> CanFail = new(StringComparer.Ordinal)
    {
        "InvokeLambdaFunction", "ConnectParticipantWithLexBot", "GetParticipantInput", "TransferContactToQueue", "UpdateContactTargetQueue",
        "MessageParticipant", "UpdateContactAttributes", "UpdateContactCallbackNumber", "CreateCallbackContact", "Compare", "CheckHoursOfOperation",
        "UpdateContactEventHooks", "UpdateContactTextToSpeechVoice", "MessageParticipantIteratively", "InvokeFlowModule",
    };

    /// <summary>The only <c>Version</c> of the Flow language.</summary>
    public const string FlowLanguageVersion = "2019-10-30";

    /// <summary>
    /// What a block of each type we use may declare, from the Flow-language action reference
    /// (https://docs.aws.amazon.com/connect/latest/APIReference/flow-language-actions.html, then each action's page:
    /// "Results and conditions" and "Errors"). Types missing here are not checked: real exports use many more.
    /// </summary>
    private static readonly Dictionary<string, BlockRule> Blocks = new(StringComparer.Ordinal)
    {
        ["UpdateFlowLoggingBehavior"] = new([]),
        ["UpdateContactTextToSpeechVoice"] = new(["NoMatchingError"]),
        ["UpdateContactEventHooks"] = new(["NoMatchingError"]),
        ["UpdateContactAttributes"] = new(["NoMatchingError"]),
        ["UpdateContactTargetQueue"] = new(["NoMatchingError"]),
        ["UpdateContactCallbackNumber"] = new(["InvalidCallbackNumber", "CallbackNumberNotDialable"]),
        ["InvokeLambdaFunction"] = new(["NoMatchingError"]),
        ["MessageParticipant"] = new(["NoMatchingError"]),
        ["MessageParticipantIteratively"] = new(["NoMatchingError"], Conditions: ["MessagesInterrupted"], Loops: true),
        ["GetParticipantInput"] = new(["InputTimeLimitExceeded", "NoMatchingCondition", "NoMatchingError", "InvalidPhoneNumber"], AnyCondition: true),
        ["ConnectParticipantWithLexBot"] = new(["InputTimeLimitExceeded", "NoMatchingCondition", "NoMatchingError"], AnyCondition: true),
        ["Compare"] = new(["NoMatchingCondition"], AnyCondition: true),
        ["CheckHoursOfOperation"] = new(["NoMatchingError"], Conditions: ["True", "False"], AllConditions: true),
        ["CreateCallbackContact"] = new(["NoMatchingError"]),
        ["TransferContactToQueue"] = new(["QueueAtCapacity", "NoMatchingError"]),
        ["DisconnectParticipant"] = new([], Ends: true),
        ["EndFlowExecution"] = new([], Ends: true),
    };

    /// <param name="Errors">The error types the block may declare.</param>
    /// <param name="Conditions">The only condition operands allowed, if the block takes a fixed set.</param>
    /// <param name="AnyCondition">The block branches on values of its own (digits, intents, attribute values).</param>
    /// <param name="AllConditions">Every operand in <paramref name="Conditions"/> must have a condition.</param>
    /// <param name="Ends">A terminal block: it has no transitions; every other block writes a default NextAction.</param>
    /// <param name="Loops">The block repeats until a condition or an error leaves it: no default NextAction (the console's
    /// exported loop-prompt blocks have only the MessagesInterrupted condition).</param>
    private sealed record BlockRule(string[] Errors, string[]? Conditions = null, bool AnyCondition = false, bool AllConditions = false, bool Ends = false, bool Loops = false);

    public static IEnumerable<LintFinding> Structure(FlowDocument flow)
    {
        if (flow.Version != FlowLanguageVersion)
        {
            yield return new LintFinding(flow.File, "Version", $"'{flow.Version}' is not the Flow-language version {FlowLanguageVersion}");
        }

        foreach (var finding in flow.Actions.SelectMany(a => BlockRules(flow, a)))
        {
            yield return finding;
        }

        if (flow.Find(flow.StartAction) is null)
        {
            yield return new LintFinding(flow.File, "StartAction", $"'{flow.StartAction}' is not an action of this flow");
        }

        foreach (var action in flow.Actions)
        {
            foreach (var target in action.Targets.Where(t => flow.Find(t) is null))
            {
                yield return new LintFinding(flow.File, action.Identifier, $"transition to '{target}', which is not an action of this flow");
            }

            if (!Terminal.Contains(action.Type) && !action.Targets.Any())
            {
                yield return new LintFinding(flow.File, action.Identifier, $"dead end: {action.Type} has no transition");
            }
        }

        var reachable = Reachable(flow, [flow.StartAction]);
        foreach (var action in flow.Actions.Where(a => !reachable.Contains(a.Identifier)))
        {
            yield return new LintFinding(flow.File, action.Identifier, "unreachable from the StartAction");
        }
    }

    /// <summary>The documented errors and conditions of the block's type; a type we do not use is not checked.</summary>
    private static IEnumerable<LintFinding> BlockRules(FlowDocument flow, FlowAction action)
    {
        if (!Blocks.TryGetValue(action.Type, out var rule))
        {
            yield break;
        }

        foreach (var error in action.Errors.Where(e => !rule.Errors.Contains(e.ErrorType)))
        {
            yield return new LintFinding(flow.File, action.Identifier, rule.Errors.Length == 0
                ? $"{action.Type} has no documented errors, but declares '{error.ErrorType}'"
                : $"{action.Type} declares error '{error.ErrorType}'; its documented errors are {string.Join(", ", rule.Errors)}");
        }

        var operands = action.Conditions.Select(c => c.Operands.Count > 0 ? c.Operands[0] : string.Empty).ToList();
        if (rule.Conditions is { } allowed)
        {
            foreach (var operand in operands.Where(o => !allowed.Contains(o)))
            {
                yield return new LintFinding(flow.File, action.Identifier, $"{action.Type} branches on '{operand}'; its documented conditions are {string.Join(", ", allowed)}");
            }

            foreach (var missing in rule.AllConditions ? allowed.Where(o => !operands.Contains(o)) : [])
            {
                yield return new LintFinding(flow.File, action.Identifier, $"{action.Type} needs a condition for '{missing}'");
            }
        }
        else if (!rule.AnyCondition && operands.Count > 0)
        {
            yield return new LintFinding(flow.File, action.Identifier, $"{action.Type} supports no conditions, but declares {operands.Count}");
        }

        foreach (var key in action.Type == "UpdateContactAttributes" ? action.Map("Attributes").Where(p => p.Value.Length == 0).Select(p => p.Key) : [])
        {
            // The flow designer will not save an empty value (real exports blank an attribute with " ").
            yield return new LintFinding(flow.File, action.Identifier, $"sets attribute '{key}' to an empty value");
        }

        if (action.Type == "GetParticipantInput")
        {
            // Stored input has no result to branch on; otherwise the result is one key.
            var stored = string.Equals(action.Param("StoreInput"), "True", StringComparison.OrdinalIgnoreCase);
            if (stored && (operands.Count > 0 || action.ErrorTarget("NoMatchingCondition") is not null))
            {
                yield return new LintFinding(flow.File, action.Identifier, "GetParticipantInput stores its input, so it takes no conditions and no NoMatchingCondition");
            }

            foreach (var operand in stored ? [] : operands.Where(o => !KeypadKey().IsMatch(o)))
            {
                yield return new LintFinding(flow.File, action.Identifier, $"GetParticipantInput branches on '{operand}'; a condition is one key: 0-9, * or #");
            }
        }

        if (rule.Ends && (action.NextAction is not null || action.Errors.Count > 0))
        {
            yield return new LintFinding(flow.File, action.Identifier, $"{action.Type} ends the flow: its Transitions must be empty");
        }
        else if (rule.Loops && action.NextAction is not null)
        {
            yield return new LintFinding(flow.File, action.Identifier, $"{action.Type} repeats until interrupted: it takes no default NextAction (Connect's exports write none)");
        }
        else if (!rule.Ends && !rule.Loops && action.NextAction is null)
        {
            yield return new LintFinding(flow.File, action.Identifier, $"{action.Type} has no default NextAction (Connect's exports always write one)");
        }
    }

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
            if (!Reachable(flow, hold.Successes, followErrors: false).Contains(hold.Identifier))
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

    private static HashSet<string> Reachable(FlowDocument flow, IEnumerable<string> from, bool followErrors = true)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(from);
        while (queue.TryDequeue(out var id))
        {
            if (seen.Add(id) && flow.Find(id) is { } action)
            {
                foreach (var next in followErrors ? action.Targets : action.Successes)
                {
                    queue.Enqueue(next);
                }
            }
        }

        return seen;
    }

    /// <summary>Actions from which some path reaches a terminal block (a loop is fine if it can be left).</summary>
    private static HashSet<string> CanFinish(FlowDocument flow)
    {
        var done = flow.Actions.Where(a => Terminal.Contains(a.Type)).Select(a => a.Identifier).ToHashSet(StringComparer.Ordinal);
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

    [GeneratedRegex(@"^[0-9*#]$")]
    private static partial Regex KeypadKey();
}
