using System.Text.RegularExpressions;

namespace ServiceDesk.Emulation.Flows;

/// <summary>One way a flow breaks the Flow language: the file, the block, and what is wrong.</summary>
public sealed record FlowProblem(string File, string Location, string Message);

/// <summary>
/// The structural rules of the Flow language, true of any export: transitions resolve, every block is reachable and
/// declares only its documented errors and conditions, nothing is a dead end. The local call refuses a flow that breaks
/// them before it starts (the interpreter only meets the branches a call takes); <c>servicedesk lint</c> reports them.
/// </summary>
public static partial class FlowStructure
{
    /// <summary>Blocks that end the flow or hand the contact on: a path that reaches one is finished.</summary>
    public static readonly IReadOnlySet<string> Terminal = new HashSet<string>(StringComparer.Ordinal)
    {
        "DisconnectParticipant", "EndFlowExecution", "EndFlowModuleExecution", "TransferToFlow", "TransferContactToQueue", "TransferContactToAgent",
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

    public static IEnumerable<FlowProblem> Problems(FlowDocument flow)
    {
        if (flow.Version != FlowLanguageVersion)
        {
            yield return new FlowProblem(flow.File, "Version", $"'{flow.Version}' is not the Flow-language version {FlowLanguageVersion}");
        }

        foreach (var finding in flow.Actions.SelectMany(a => BlockRules(flow, a)))
        {
            yield return finding;
        }

        if (flow.Find(flow.StartAction) is null)
        {
            yield return new FlowProblem(flow.File, "StartAction", $"'{flow.StartAction}' is not an action of this flow");
        }

        foreach (var action in flow.Actions)
        {
            foreach (var target in action.Targets.Where(t => flow.Find(t) is null))
            {
                yield return new FlowProblem(flow.File, action.Identifier, $"transition to '{target}', which is not an action of this flow");
            }

            if (!Terminal.Contains(action.Type) && !action.Targets.Any())
            {
                yield return new FlowProblem(flow.File, action.Identifier, $"dead end: {action.Type} has no transition");
            }
        }

        var reachable = Reachable(flow, [flow.StartAction]);
        foreach (var action in flow.Actions.Where(a => !reachable.Contains(a.Identifier)))
        {
            yield return new FlowProblem(flow.File, action.Identifier, "unreachable from the StartAction");
        }
    }

    /// <summary>The documented errors and conditions of the block's type; a type we do not use is not checked.</summary>
    private static IEnumerable<FlowProblem> BlockRules(FlowDocument flow, FlowAction action)
    {
        if (!Blocks.TryGetValue(action.Type, out var rule))
        {
            yield break;
        }

        foreach (var error in action.Errors.Where(e => !rule.Errors.Contains(e.ErrorType)))
        {
            yield return new FlowProblem(flow.File, action.Identifier, rule.Errors.Length == 0
                ? $"{action.Type} has no documented errors, but declares '{error.ErrorType}'"
                : $"{action.Type} declares error '{error.ErrorType}'; its documented errors are {string.Join(", ", rule.Errors)}");
        }

        var operands = action.Conditions.Select(c => c.Operands.Count > 0 ? c.Operands[0] : string.Empty).ToList();
        if (rule.Conditions is { } allowed)
        {
            foreach (var operand in operands.Where(o => !allowed.Contains(o)))
            {
                yield return new FlowProblem(flow.File, action.Identifier, $"{action.Type} branches on '{operand}'; its documented conditions are {string.Join(", ", allowed)}");
            }

            foreach (var missing in rule.AllConditions ? allowed.Where(o => !operands.Contains(o)) : [])
            {
                yield return new FlowProblem(flow.File, action.Identifier, $"{action.Type} needs a condition for '{missing}'");
            }
        }
        else if (!rule.AnyCondition && operands.Count > 0)
        {
            yield return new FlowProblem(flow.File, action.Identifier, $"{action.Type} supports no conditions, but declares {operands.Count}");
        }

        foreach (var key in action.Type == "UpdateContactAttributes" ? action.Map("Attributes").Where(p => p.Value.Length == 0).Select(p => p.Key) : [])
        {
            // The flow designer will not save an empty value (real exports blank an attribute with " ").
            yield return new FlowProblem(flow.File, action.Identifier, $"sets attribute '{key}' to an empty value");
        }

        if (action.Type == "GetParticipantInput")
        {
            // Stored input has no result to branch on; otherwise the result is one key.
            var stored = string.Equals(action.Param("StoreInput"), "True", StringComparison.OrdinalIgnoreCase);
            if (stored && (operands.Count > 0 || action.ErrorTarget("NoMatchingCondition") is not null))
            {
                yield return new FlowProblem(flow.File, action.Identifier, "GetParticipantInput stores its input, so it takes no conditions and no NoMatchingCondition");
            }

            foreach (var operand in stored ? [] : operands.Where(o => !KeypadKey().IsMatch(o)))
            {
                yield return new FlowProblem(flow.File, action.Identifier, $"GetParticipantInput branches on '{operand}'; a condition is one key: 0-9, * or #");
            }
        }

        if (rule.Ends && (action.NextAction is not null || action.Errors.Count > 0))
        {
            yield return new FlowProblem(flow.File, action.Identifier, $"{action.Type} ends the flow: its Transitions must be empty");
        }
        else if (rule.Loops && action.NextAction is not null)
        {
            yield return new FlowProblem(flow.File, action.Identifier, $"{action.Type} repeats until interrupted: it takes no default NextAction (Connect's exports write none)");
        }
        else if (!rule.Ends && !rule.Loops && action.NextAction is null)
        {
            yield return new FlowProblem(flow.File, action.Identifier, $"{action.Type} has no default NextAction (Connect's exports always write one)");
        }
    }
    public static HashSet<string> Reachable(FlowDocument flow, IEnumerable<string> from, bool followErrors = true)
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

    [GeneratedRegex(@"^[0-9*#]$")]
    private static partial Regex KeypadKey();
}
