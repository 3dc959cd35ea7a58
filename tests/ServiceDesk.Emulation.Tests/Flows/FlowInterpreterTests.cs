using System.Text;
using ServiceDesk.Wire.Hosting;
using ServiceDesk.Emulation.Flows;
using ServiceDesk.Emulation.Lex;
using ServiceDesk.Testing;

namespace ServiceDesk.Emulation.Tests.Flows;

/// <summary>A block's time limit holds on the clock the call runs on, whatever the handler does with its token.</summary>
public sealed class FlowInterpreterTests
{
    private static readonly FlowDocument Inbound = FlowDocument.Load(RepoPaths.Of("contact-flows", "ServiceDesk-Inbound.json"));
    private static readonly BotDefinition Bot = BotDefinition.Load(RepoPaths.Of("lex-bots", "ServiceDeskBot"));

    /// <summary>Only reached when the call under test never returns: a failing test must not hang the suite.</summary>
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALambdaThatIgnoresItsToken_TakesTheErrorBranchAtTheBlocksTimeLimit()
    {
        var clock = new ManualClock();
        var stuck = new Stuck();
        var caller = new Caller();
        var contact = new FlowContact("contact-1", "+14155550100");
        var interpreter = new FlowInterpreter(Inbound, new FlowBindings(_ => ("ContactFlow", stuck), _ => (Bot, stuck)), caller, clock);

        var call = interpreter.RunAsync(contact, Ct);
        await clock.TimerScheduled(TimeSpan.FromSeconds(3)).WaitAsync(SafetyNet, Ct); // identify-caller: InvocationTimeLimitSeconds 3
        clock.Advance(TimeSpan.FromSeconds(3));
        var outcome = await call.WaitAsync(SafetyNet, Ct);

        Assert.Equal(CallOutcome.HungUp, outcome);
        Assert.Equal("none", contact.Attributes["callerVerifiedBy"]); // save-unidentified: the error branch
        Assert.Contains(caller.Heard, h => h.Contains("Thanks for calling", StringComparison.Ordinal));
        Assert.True(stuck.TokenCancelled);
    }

    [Fact]
    public async Task ABotCodeHookThatIgnoresItsToken_TakesTheBotBlocksErrorBranchAfterLexsLimit()
    {
        var clock = new ManualClock();
        var stuck = new Stuck();
        var caller = new Caller("my laptop won't turn on");
        var interpreter = new FlowInterpreter(Inbound, new FlowBindings(_ => ("ContactFlow", new Answers("""{"callerId":"emp-1001","callerVerifiedBy":"phone"}""")), _ => (Bot, stuck)), caller, clock);

        var call = interpreter.RunAsync(new FlowContact("contact-2", "+14155550100"), Ct);
        await clock.TimerScheduled(LexSession.HookTimeout).WaitAsync(SafetyNet, Ct);
        clock.Advance(LexSession.HookTimeout);
        var outcome = await call.WaitAsync(SafetyNet, Ct);

        Assert.Equal(CallOutcome.Transferred, outcome);
        Assert.Contains(caller.Heard, h => h.Contains("something went wrong on my side", StringComparison.Ordinal));
        Assert.True(stuck.TokenCancelled);
    }

    /// <summary>A handler that never answers and never looks at its token.</summary>
    private sealed class Stuck : ILambdaFunction
    {
        public bool TokenCancelled { get; private set; }

        public Task<byte[]> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaInvocation invocation, CancellationToken cancellationToken)
        {
            cancellationToken.Register(() => TokenCancelled = true);
            return new TaskCompletionSource<byte[]>().Task;
        }
    }

    private sealed class Answers(string json) : ILambdaFunction
    {
        public Task<byte[]> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaInvocation invocation, CancellationToken cancellationToken) =>
            Task.FromResult(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Says its lines, then hangs up.</summary>
    private sealed class Caller(params string[] said) : ICallChannel
    {
        private int _next;

        public List<string> Heard { get; } = [];

        public Task SayAsync(string message, CancellationToken cancellationToken)
        {
            Heard.Add(message);
            return Task.CompletedTask;
        }

        public Task<CallerInput?> ListenAsync(bool keypadOnly, CancellationToken cancellationToken) =>
            Task.FromResult(_next < said.Length ? new CallerInput(said[_next++]) : null);
    }
}
