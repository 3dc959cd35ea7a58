using System.Text;
using System.Xml.Linq;
using ServiceDesk.Aws.Lex;
using ServiceDesk.Core.Callers;
using ServiceDesk.Functions.Lex;

namespace ServiceDesk.Functions.Tests.Lex;

public class RobustnessTests
{
    [Fact]
    public async Task DeadlineNear_HandsOffWithoutTouchingTheBackend()
    {
        var harness = new LexHarness { TimeLeft = TimeSpan.FromMilliseconds(900) };

        var response = await harness.InvokeAsync("report-issue-fulfillment.json");

        Assert.Equal(BotContract.HandoffReasons.Deadline, LexHarness.Attribute(response, SessionKeys.HandoffReason));
        Assert.Equal(0, harness.Tickets.CreateCalls);
    }

    [Theory]
    [InlineData(typeof(OperationCanceledException), BotContract.HandoffReasons.BackendTimeout)]
    [InlineData(typeof(TimeoutException), BotContract.HandoffReasons.BackendTimeout)]
    [InlineData(typeof(HttpRequestException), BotContract.HandoffReasons.Error)]
    public async Task BackendSlowOrBroken_HandsOff_WithoutExceptionText(Type fault, string reason)
    {
        var exception = (Exception)Activator.CreateInstance(fault, "secret detail from the SDK")!;
        var harness = new LexHarness(new SlowTicketBackend(exception));

        var response = await harness.InvokeAsync("check-status-dialog-speech.json");

        Assert.Equal(reason, LexHarness.Attribute(response, SessionKeys.HandoffReason));
        Assert.DoesNotContain("secret", Encoding.UTF8.GetString(harness.LastBytes));
    }

    [Fact]
    public async Task HostileCallerText_IsEscapedInValidSsml()
    {
        const string hostile = "<break time=\"10s\"/> & my 'laptop' \"won't\" <speak> boot</speak>";
        var lexEvent = LexHarness.Load("report-issue-dialog-impact-dtmf.json");
        LexHarness.Remember(lexEvent, m => m.Problem = new ProblemMemory { Told = hostile, Current = hostile });

        var response = await new LexHarness().InvokeAsync(lexEvent);

        var root = XElement.Parse(response.Messages![0].Content!);
        Assert.Empty(root.Elements());
        Assert.Contains(hostile, root.Value);
    }

    [Fact]
    public async Task VeryLongCallerText_StaysWithinTheMessageLimit()
    {
        var longText = string.Join(' ', Enumerable.Repeat("the screen & keyboard <freeze>", 400));
        var lexEvent = LexHarness.Load("report-issue-dialog-impact-dtmf.json");
        LexHarness.Remember(lexEvent, m => m.Problem = new ProblemMemory { Told = longText, Current = longText });

        var response = await new LexHarness().InvokeAsync(lexEvent);

        Assert.InRange(response.Messages![0].Content!.Length, 1, 1024);
    }

    [Fact]
    public async Task HugeSessionAttributes_AreTrimmed_KeepingTheFlowContract()
    {
        var lexEvent = LexHarness.Load("speak-to-agent-dialog-speech.json");
        for (var i = 0; i < 10; i++)
        {
            lexEvent.SessionState!.SessionAttributes![$"flowNote{i}"] = new string('x', 3000);
        }

        var harness = new LexHarness();
        var response = await harness.InvokeAsync(lexEvent);

        Assert.True(ResponseLimitsSize(response) < 12 * 1024);
        Assert.Equal("agent", LexHarness.Attribute(response, SessionKeys.Handoff));
        Assert.Equal("emp-1001", LexHarness.Attribute(response, SessionKeys.CallerId));
        Assert.True(harness.LastBytes.Length < 25 * 1024);
    }

    [Fact]
    public async Task HugeSlotValues_KeepTheWholeResponseUnder25KB()
    {
        var lexEvent = LexHarness.Load("add-comment-dialog-comment-speech.json");
        lexEvent.SessionState!.Intent!.Slots!["Noise"] = new LexSlot
        {
            Value = new LexSlotValue { OriginalValue = new string('y', 20_000), InterpretedValue = "y", ResolvedValues = [new string('z', 20_000)] },
        };

        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Laptop fan is loud");
        await harness.InvokeAsync(lexEvent);

        Assert.True(harness.LastBytes.Length < 25 * 1024);
    }

    [Fact]
    public async Task UnknownIntent_GetsASpokenFallback()
    {
        var lexEvent = LexHarness.Load("goodbye-dialog-speech.json");
        lexEvent.SessionState!.Intent!.Name = "OrderPizza";

        var response = await new LexHarness().InvokeAsync(lexEvent);

        Assert.Equal(LexValues.ElicitIntent, response.SessionState.DialogAction!.Type);
        Assert.Contains("report a problem", LexHarness.Spoken(response));
    }

    [Fact]
    public async Task UnreadableEvent_AnswersWithASpokenLine()
    {
        var response = await new LexHarness().InvokeAsync("{not json"u8.ToArray());

        Assert.NotEmpty(response.Messages!);
    }

    private static int ResponseLimitsSize(LexResponse response) =>
        response.SessionState.SessionAttributes!.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value));
}
