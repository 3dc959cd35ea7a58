using System.Text;
using System.Xml.Linq;
using ServiceDesk.Wire.Lex;
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

    /// <summary>
    /// The intent and the active contexts are echoed from the event, but Lex takes back only what its model holds: each
    /// of these, echoed as it came, made Lex refuse the whole answer (the caller would hear an error). The harness checks
    /// the answer against Lex's model too, where botocore is installed.
    /// </summary>
    public static TheoryData<string> EchoesLexRefuses() =>
        new("unknown confirmation state", "slot without interpreted value", "empty original value", "active context without time to live", "kendra response", "attribute with no name");

    [Theory]
    [MemberData(nameof(EchoesLexRefuses))]
    public async Task EchoedState_IsOnlyWhatLexTakesBack(string what)
    {
        var lexEvent = LexHarness.Load("add-comment-dialog-speech.json");
        var state = lexEvent.SessionState!;
        var intent = state.Intent!;
        switch (what)
        {
            case "unknown confirmation state":
                intent.ConfirmationState = "Maybe";
                break;
            case "slot without interpreted value":
                intent.Slots!["EmployeeId"] = new LexSlot { Shape = "Scalar", Value = new LexSlotValue { OriginalValue = "E1001" } };
                break;
            case "empty original value":
                intent.Slots!["EmployeeId"] = new LexSlot { Shape = "Scalar", Value = new LexSlotValue { OriginalValue = string.Empty, InterpretedValue = "E1001" } };
                break;
            case "active context without time to live":
                state.ActiveContexts = [new LexActiveContext { Name = "ticket" }, Context("kept")];
                break;
            case "kendra response":
                intent.KendraResponse = System.Text.Json.JsonDocument.Parse("""{"resultItems":[]}""").RootElement;
                break;
            default:
                state.SessionAttributes![string.Empty] = "x";
                break;
        }

        var harness = new LexHarness();
        harness.Tickets.Seed("emp-1001", "Printer on floor 3 jams");
        var response = await harness.InvokeAsync(LexJson.Write(lexEvent));

        var echoed = response.SessionState;
        Assert.NotNull(echoed.Intent);
        Assert.Contains(echoed.Intent!.ConfirmationState, new[] { null, LexValues.Confirmed, LexValues.Denied, LexValues.None });
        Assert.All(echoed.Intent.Slots!.Values, slot => Assert.False(slot?.Value is { } value && (string.IsNullOrEmpty(value.InterpretedValue) || value.OriginalValue == string.Empty)));
        Assert.Null(echoed.Intent.KendraResponse);
        Assert.DoesNotContain(string.Empty, echoed.SessionAttributes!.Keys);
        Assert.All(echoed.ActiveContexts ?? [], context => Assert.NotNull(context.TimeToLive?.TurnsToLive));
        if (what == "active context without time to live")
        {
            Assert.Equal("kept", Assert.Single(echoed.ActiveContexts!).Name);
        }

        // What the caller did say stays: the ticket number, and an employee id Lex heard but did not interpret.
        Assert.NotNull(echoed.Intent.Slots["TicketNumber"]?.Value?.InterpretedValue);
        if (what is "slot without interpreted value" or "empty original value")
        {
            Assert.Equal("E1001", echoed.Intent.Slots["EmployeeId"]?.Value?.InterpretedValue);
        }
    }

    private static LexActiveContext Context(string name) => new()
    {
        Name = name,
        ContextAttributes = [],
        TimeToLive = new LexTimeToLive { TimeToLiveInSeconds = 90, TurnsToLive = 5 },
    };
}
