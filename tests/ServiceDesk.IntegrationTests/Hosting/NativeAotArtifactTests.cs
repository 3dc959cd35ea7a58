using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServiceDesk.Aws.Storage;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Functions;
using ServiceDesk.IntegrationTests.Storage;
using ServiceDesk.IntegrationTests.TicketsApi;
using ServiceDesk.Local.Demo;
using ServiceDesk.Testing;
using ServiceDesk.Lambda;

namespace ServiceDesk.IntegrationTests.Hosting;

/// <summary>
/// The Native AOT executable Lambda runs: published by the Makefile with no warning, shipped alone as <c>bootstrap</c>,
/// and answering every recorded event of every function through a fake Runtime API, with its AWS calls going to loopback
/// fakes (dynalite for DynamoDB, signature-checking servers for Secrets Manager, Connect and Bedrock, the real ticket API).
/// </summary>
public sealed partial class NativeAotArtifactTests(NativeAotArtifact aot, DynaliteFixture dynalite) : IClassFixture<NativeAotArtifact>
{
    private const string Region = "us-east-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Publish_HasNoWarnings()
    {
        aot.RequireBootstrap();

        Assert.Empty(Warnings().Matches(aot.Output).Select(m => m.Value).Distinct());
    }

    [Fact]
    public void Artifact_IsTheExecutableAlone_UnderTenMegabytesZipped()
    {
        var bootstrap = aot.RequireBootstrap();

        Assert.Equal(["bootstrap"], Directory.EnumerateFileSystemEntries(aot.ArtifactDirectory).Select(Path.GetFileName));
        Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(bootstrap)[..4]);
        Assert.True(OperatingSystem.IsLinux() && File.GetUnixFileMode(bootstrap).HasFlag(UnixFileMode.OtherExecute), "Lambda runs bootstrap as another user: it must be executable by all");
        var zip = Path.Combine(Path.GetTempPath(), $"servicedesk-artifact-{Guid.NewGuid():N}.zip");
        try
        {
            ZipFile.CreateFromDirectory(aot.ArtifactDirectory, zip, CompressionLevel.Optimal, includeBaseDirectory: false);
            var megabytes = new FileInfo(zip).Length / 1024.0 / 1024.0;
            Assert.True(megabytes <= 10, $"the artifact is {megabytes:F1} MB zipped");
        }
        finally
        {
            File.Delete(zip);
        }
    }

    public static TheoryData<string> Functions() => new(FunctionCatalog.Names.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Bootstrap_AnswersEveryRecordedEvent_WithAWellFormedResponse(string function)
    {
        var bootstrap = aot.RequireBootstrap();
        await using var fakes = await AwsFakes.StartAsync(dynalite);
        var (families, environment) = Setup(function, fakes);
        foreach (var (name, url) in fakes.Endpoints(dynalite.ServiceUrl))
        {
            environment[name] = url;
        }

        // The fallback turn goes first, so the Bedrock fake's return of control is the agent's first answer.
        var events = families
            .SelectMany(family => Directory.GetFiles(RepoPaths.Of("tests", "events", family), "*.json").Order(StringComparer.Ordinal))
            .OrderBy(file => !file.EndsWith("fallback-dialog-speech.json", StringComparison.Ordinal))
            .ToList();

        var posts = await RunAsync(bootstrap, function, environment, events);

        Assert.All(posts.Zip(events), pair =>
        {
            var ((path, body, _), file) = pair;
            Assert.True(path.EndsWith("/response", StringComparison.Ordinal), $"{Path.GetFileName(file)}: {path} {body}");
            using var response = JsonDocument.Parse(body);
            AssertWellFormed(function, JsonDocument.Parse(File.ReadAllBytes(file)).RootElement, response.RootElement, Path.GetFileName(file));
        });
        Assert.All(fakes.SignedRequests, r => Assert.True(r.SignatureValid, $"{r.Scope} {r.Path}: {r.Authorization}"));
        switch (function)
        {
            case FunctionCatalog.ContactFlow:
                Assert.Equal("emp-1001", Answer(posts, events, "identify-known-caller.json").GetProperty("callerId").GetString());
                Assert.Equal("ok", Answer(posts, events, "check-queue.json").GetProperty("queueCheck").GetString());
                break;
            case FunctionCatalog.TicketsApi:
                Assert.Equal(201, Answer(posts, events, "create-ticket.json").GetProperty("statusCode").GetInt32());
                break;
            case FunctionCatalog.EscalationSweep:
                Assert.Equal(1, Answer(posts, events, "escalation-sweep.json").GetProperty("escalated").GetInt32());
                Assert.Contains("Action=Publish", Assert.Single(fakes.Sns.Requests).Body, StringComparison.Ordinal);
                break;
            case FunctionCatalog.AgentActions:
                Assert.Equal(201, Answer(posts, events, "api-create-ticket.json").GetProperty("response").GetProperty("httpStatusCode").GetInt32());
                break;
            case FunctionCatalog.LexFulfillment:
                // The tool results go back to Bedrock in a JsonArray: the code Native AOT once rejected.
                Assert.Contains(fakes.Bedrock.Requests, r => r.Body.Contains("returnControlInvocationResults", StringComparison.Ordinal));
                break;
        }
    }

    /// <summary>The recorded event folders a function answers, and its environment as template.yaml gives it, pointed at the fakes.</summary>
    private static (string[] Families, Dictionary<string, string> Environment) Setup(string function, AwsFakes fakes) => function switch
    {
        FunctionCatalog.ContactFlow => (["connect"], new()
        {
            [EnvironmentContract.CallersTable] = fakes.Tables.CallersTable,
            [EnvironmentContract.CallSummariesTable] = fakes.Tables.CallSummariesTable,
            [EnvironmentContract.ConnectInstanceId] = "11111111-2222-3333-4444-555555555555",
            [EnvironmentContract.ServiceDeskQueueId] = "66666666-7777-8888-9999-000000000000",
        }),
        FunctionCatalog.TicketsApi => (["api"], new()
        {
            [EnvironmentContract.TicketsTable] = fakes.Tables.TicketsTable,
            [EnvironmentContract.IdempotencyTable] = fakes.Tables.IdempotencyTable,
            [EnvironmentContract.TicketsApiKeySecretArn] = fakes.SecretArn("dev-key"),
        }),
        FunctionCatalog.LexFulfillment => (["lex"], new()
        {
            [EnvironmentContract.TicketsApiUrl] = fakes.TicketsApi.Server.BaseAddress.ToString(),
            [EnvironmentContract.TicketsApiKeySecretArn] = fakes.SecretArn(TicketsApiServer.ApiKey),
            [EnvironmentContract.CallersTable] = fakes.Tables.CallersTable,
            [EnvironmentContract.PinAttemptsTable] = fakes.Tables.PinAttemptsTable,
            [EnvironmentContract.CallSummariesTable] = fakes.Tables.CallSummariesTable,
            [EnvironmentContract.ConnectInstanceId] = "11111111-2222-3333-4444-555555555555",
            [EnvironmentContract.AgentId] = "AGENT12345",
            [EnvironmentContract.AgentAliasId] = "ALIAS12345",
        }),
        FunctionCatalog.AgentActions => (["agent", "agent-function-style"], new()
        {
            [EnvironmentContract.TicketsApiUrl] = fakes.TicketsApi.Server.BaseAddress.ToString(),
            [EnvironmentContract.TicketsApiKeySecretArn] = fakes.SecretArn(TicketsApiServer.ApiKey),
        }),
        FunctionCatalog.EscalationSweep => (["scheduled"], new()
        {
            [EnvironmentContract.TicketsTable] = fakes.Tables.TicketsTable,
            [EnvironmentContract.IdempotencyTable] = fakes.Tables.IdempotencyTable,
            [EnvironmentContract.EscalationTopicArn] = $"arn:aws:sns:{Region}:123456789012:escalations",
        }),
        _ => throw new InvalidOperationException($"{function} has no smoke-test setup: add its events and environment here"),
    };

    private static void AssertWellFormed(string function, JsonElement request, JsonElement response, string file)
    {
        switch (function)
        {
            case FunctionCatalog.LexFulfillment:
                var state = response.GetProperty("sessionState");
                Assert.Contains(state.GetProperty("dialogAction").GetProperty("type").GetString(), new[] { "Close", "ConfirmIntent", "Delegate", "ElicitIntent", "ElicitSlot" });
                Assert.All(state.GetProperty("sessionAttributes").EnumerateObject(), a => Assert.Equal(JsonValueKind.String, a.Value.ValueKind));
                break;
            case FunctionCatalog.ContactFlow:
                Assert.All(response.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
                break;
            case FunctionCatalog.TicketsApi:
                var status = response.GetProperty("statusCode").GetInt32();
                Assert.True(status is >= 200 and < 500, $"{file}: {status}");
                Assert.Contains(JsonDocument.Parse(response.GetProperty("body").GetString()!).RootElement.ValueKind, new[] { JsonValueKind.Object, JsonValueKind.Array });
                break;
            case FunctionCatalog.EscalationSweep:
                Assert.Null(response.TryGetProperty("error", out var error) ? error.GetString() : null);
                break;
            case FunctionCatalog.AgentActions:
                Assert.Equal("1.0", response.GetProperty("messageVersion").GetString());
                Assert.Equal(request.GetProperty("actionGroup").GetString(), response.GetProperty("response").GetProperty("actionGroup").GetString());
                break;
        }
    }

    private static JsonElement Answer(List<(string Path, string Body, string? ErrorType)> posts, List<string> events, string file) =>
        JsonDocument.Parse(posts[events.FindIndex(e => Path.GetFileName(e) == file)].Body).RootElement;

    /// <summary>Starts bootstrap as Lambda would, hands it the events one by one and returns what it posted, in order.</summary>
    private static async Task<List<(string Path, string Body, string? ErrorType)>> RunAsync(string bootstrap, string function, Dictionary<string, string> environment, List<string> events)
    {
        await using var api = new FakeRuntimeApi();
        var deadline = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();
        for (var i = 0; i < events.Count; i++)
        {
            api.Enqueue($"req-{i}", File.ReadAllText(events[i]), deadline);
        }

        var start = new ProcessStartInfo(bootstrap) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = api.Address;
        start.Environment["_HANDLER"] = function;
        start.Environment["AWS_REGION"] = Region;
        start.Environment["AWS_ACCESS_KEY_ID"] = SigV4Server.AccessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = SigV4Server.SecretKey;
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");

        using var process = Process.Start(start)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var waited = Stopwatch.StartNew();
            while (api.Posts.Count < events.Count && !process.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(20, Ct);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync(Ct);
        }

        var posts = api.Posts.ToList();
        Assert.True(posts.Count == events.Count, $"{function} answered {posts.Count} of {events.Count} events; posts: {string.Join(", ", posts.Select(p => p.Path))}\n{NativeAotArtifact.Tail(log.ToString())}");
        return posts;
    }

    /// <summary>A compiler, trimmer, AOT or MSBuild warning as MSBuild prints it: "file(line,col): warning IL2026: ..." or "warning NU1603: ...".</summary>
    [GeneratedRegex(@"warning [A-Z]+[0-9]+:[^\n]*")]
    private static partial Regex Warnings();

    /// <summary>The AWS side of one function's run, on loopback.</summary>
    private sealed class AwsFakes : IAsyncDisposable
    {
        private AwsFakes(DynamoOptions tables, TicketsApiServer ticketsApi)
        {
            Tables = tables;
            TicketsApi = ticketsApi;
        }

        public DynamoOptions Tables { get; }

        public TicketsApiServer TicketsApi { get; }

        public SigV4Server SecretsManager { get; } = new();

        public SigV4Server Connect { get; } = new();

        public SigV4Server Bedrock { get; } = new();

        public SigV4Server Sns { get; } = new();

        public IEnumerable<SignedRequest> SignedRequests => SecretsManager.Requests.Concat(Connect.Requests).Concat(Bedrock.Requests).Concat(Sns.Requests);

        /// <summary>The environment variables that point the executable's AWS clients here (AWS's own names, as the SDKs read them).</summary>
        public Dictionary<string, string> Endpoints(Uri dynamo) => new()
        {
            [$"{EnvironmentContract.EndpointUrl}_{EnvironmentContract.Services.DynamoDb}"] = dynamo.ToString(),
            [$"{EnvironmentContract.EndpointUrl}_{EnvironmentContract.Services.SecretsManager}"] = SecretsManager.BaseAddress.ToString(),
            [$"{EnvironmentContract.EndpointUrl}_{EnvironmentContract.Services.Connect}"] = Connect.BaseAddress.ToString(),
            [$"{EnvironmentContract.EndpointUrl}_{EnvironmentContract.Services.BedrockAgentRuntime}"] = Bedrock.BaseAddress.ToString(),
            [$"{EnvironmentContract.EndpointUrl}_{EnvironmentContract.Services.Sns}"] = Sns.BaseAddress.ToString(),
        };

        public static async Task<AwsFakes> StartAsync(DynaliteFixture dynalite)
        {
            using var client = dynalite.CreateClient();
            var tables = await DynamoTestTables.CreateAsync(client);
            await new DynamoCallerDirectory(client, tables, TimeProvider.System).UpsertAsync(DemoDirectory.Load(RepoPaths.Of("deploy", "demo-callers.json")), Ct);
            var fakes = new AwsFakes(tables, TicketsApiServer.Start());
            (await fakes.TicketsApi.CreateAsync("emp-1001", "The printer on floor 3 jams")).EnsureSuccessStatusCode();
            fakes.Connect.Answer(200, ConnectQueueMetrics);
            // A P1 nobody picked up, opened two hours ago: the sweep's one escalation, announced on the SNS fake.
            var twoHoursAgo = new ManualClock(DateTimeOffset.UtcNow.AddHours(-2));
            await new TicketDesk(new DynamoTicketStore(client, tables, twoHoursAgo), twoHoursAgo).CreateAsync(new NewTicket("emp-1001", "Core switch down", Priority: TicketPriority.P1), Ct);
            fakes.Sns.Answer(200, """<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>""", "text/xml");
            fakes.Bedrock.AnswerBytes(200, EventStreamFrames.Event("returnControl", """
                {"invocationId":"inv-1","invocationInputs":[{"functionInvocationInput":{"actionGroup":"ticket-tools","function":"list_recent_tickets","parameters":[]}}]}
                """), EventStreamFrames.ContentType);
            fakes.Bedrock.AnswerBytes(200, EventStreamFrames.Chunk("You have one open ticket, about the printer on floor 3."), EventStreamFrames.ContentType);
            return fakes;
        }

        /// <summary>The ticket API key as Secrets Manager holds it (the JSON the template generates); read once, at cold start.</summary>
        public string SecretArn(string apiKey)
        {
            SecretsManager.Answer(200, JsonSerializer.Serialize(new Dictionary<string, string> { ["SecretString"] = JsonSerializer.Serialize(new Dictionary<string, string> { [AwsComposition.TicketsApiKeyField] = apiKey }) }));
            return $"arn:aws:secretsmanager:{Region}:123456789012:secret:tickets-api-key";
        }

        public async ValueTask DisposeAsync()
        {
            await SecretsManager.DisposeAsync();
            await Connect.DisposeAsync();
            await Bedrock.DisposeAsync();
            await Sns.DisposeAsync();
            await TicketsApi.DisposeAsync();
        }

        private const string ConnectQueueMetrics = """
            {"MetricResults":[{"Dimensions":{"Queue":{"Id":"66666666-7777-8888-9999-000000000000","Arn":"arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555/queue/66666666-7777-8888-9999-000000000000"},"Channel":"VOICE","RoutingProfile":null},
              "Collections":[{"Metric":{"Name":"AGENTS_AVAILABLE","Unit":"COUNT"},"Value":1.0},{"Metric":{"Name":"AGENTS_ONLINE","Unit":"COUNT"},"Value":3.0},
                             {"Metric":{"Name":"CONTACTS_IN_QUEUE","Unit":"COUNT"},"Value":2.0},{"Metric":{"Name":"ESTIMATED_WAIT_TIME","Unit":"SECONDS"},"Value":90.0},
                             {"Metric":{"Name":"OLDEST_CONTACT_AGE","Unit":"SECONDS"},"Value":120.0}]}],
             "DataSnapshotTime":1.7639E9,"ApproximateTotalCount":1}
            """;
    }
}
