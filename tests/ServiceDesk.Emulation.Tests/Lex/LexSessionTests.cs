using ServiceDesk.Wire.Hosting;
using ServiceDesk.Wire.Lex;
using ServiceDesk.Emulation.Lex;
using ServiceDesk.Testing;

namespace ServiceDesk.Emulation.Tests.Lex;

public sealed class LexSessionTests
{
    private static readonly BotDefinition Bot = BotDefinition.Load(RepoPaths.Of("lex-bots", "ServiceDeskBot"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASlotLexElicits_IsAskedForUpToItsMaxRetries_ThenTheFallbackIntentTakesOver()
    {
        var hook = new DelegatesToLex();
        var session = new LexSession(Bot, hook, "session-1", new Dictionary<string, string>(), TimeProvider.System);
        var impact = Bot.Intent("ReportIssue")!.Slots.Single(s => s.Name == "Impact");
        await session.HearAsync(new CallerInput("my laptop won't turn on"), Ct); // Lex asks for the problem
        var asked = await session.HearAsync(new CallerInput("it is completely dead"), Ct); // then for the impact
        Assert.Equal(impact.Prompt, Assert.Single(asked.Messages));

        var replies = new List<BotReply>();
        for (var attempt = 0; attempt <= impact.MaxRetries; attempt++)
        {
            replies.Add(await session.HearAsync(new CallerInput("banana"), Ct));
        }

        Assert.Equal(2, impact.MaxRetries);
        Assert.All(replies[..^1], r => Assert.Equal((false, "ReportIssue", impact.Prompt), (r.Ended, r.Intent, Assert.Single(r.Messages))));
        Assert.Equal((true, "FallbackIntent"), (replies[^1].Ended, replies[^1].Intent));
        Assert.Equal("FallbackIntent", hook.Intents[^1]);
    }

    [Fact]
    public async Task ASlotTheHookElicitsWithItsOwnPrompt_IsLeftToTheHooksOwnRetries()
    {
        var session = new LexSession(Bot, new DelegatesToLex { AsksForImpactItself = true }, "session-2", new Dictionary<string, string>(), TimeProvider.System);
        await session.HearAsync(new CallerInput("my laptop won't turn on"), Ct);
        await session.HearAsync(new CallerInput("it is completely dead"), Ct);

        var replies = new List<BotReply>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            replies.Add(await session.HearAsync(new CallerInput("banana"), Ct));
        }

        Assert.All(replies, r => Assert.Equal((false, "ReportIssue", "Just you, or more people?"), (r.Ended, r.Intent, Assert.Single(r.Messages))));
    }

    /// <summary>A dialog hook that always hands the conversation back to Lex, and closes the fallback intent.</summary>
    private sealed class DelegatesToLex : ILambdaFunction
    {
        public List<string> Intents { get; } = [];

        public bool AsksForImpactItself { get; init; }

        public Task<byte[]> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaInvocation invocation, CancellationToken cancellationToken)
        {
            var intent = LexJson.ReadEvent(payload.Span).SessionState!.Intent!;
            Intents.Add(intent.Name!);
            var fallback = intent.Name == "FallbackIntent";
            intent.State = fallback ? LexValues.Fulfilled : intent.State;
            var askImpact = AsksForImpactItself && intent.Slots?.GetValueOrDefault("Problem") is not null && intent.Slots.GetValueOrDefault("Impact") is null;
            var response = new LexResponse
            {
                SessionState = new LexSessionState
                {
                    DialogAction = askImpact
                        ? new LexDialogAction { Type = LexValues.ElicitSlot, SlotToElicit = "Impact" }
                        : new LexDialogAction { Type = fallback ? LexValues.Close : LexValues.Delegate },
                    Intent = intent,
                    SessionAttributes = [],
                },
                Messages = fallback ? [Message("Sorry, I didn't get that.")] : askImpact ? [Message("Just you, or more people?")] : null,
            };
            return Task.FromResult(LexJson.Write(response));
        }

        private static LexMessage Message(string text) => new() { ContentType = LexValues.PlainText, Content = text };
    }
}
