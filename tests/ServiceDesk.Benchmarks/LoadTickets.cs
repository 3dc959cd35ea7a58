using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using ServiceDesk.Aws.Storage;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Local.Storage;
using ServiceDesk.Testing;

namespace ServiceDesk.Benchmarks;

/// <summary>
/// The ticket hot paths under load, each against a baseline measured in the same run:
/// SQLite creates/s with <c>synchronous=FULL</c> (the old setting) and <c>NORMAL</c>, interleaved; a DynamoDB create's
/// latency on dynalite against a raw PutItem of the same item at 10 clients, interleaved; and serve-tickets' memory
/// over 100k creates through its HTTP front.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project tests/ServiceDesk.Benchmarks -- load-tickets [sqlite|dynamo|serve ...]</c> from
/// the repository root (dynalite from tests/node_modules, as the integration tests start it; serve-tickets from a
/// Release build of src/ServiceDesk.Cli, built here). Loopback only, every loop bounded in count and time.
/// </remarks>
internal static class LoadTickets
{
    private const int Rounds = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var phases = args.Length > 0 ? args : ["sqlite", "dynamo", "serve", "api"];
        var repo = FindRepo();
        Console.WriteLine($"load-tickets on {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
        foreach (var phase in phases)
        {
            switch (phase)
            {
                case "sqlite":
                    await SqliteAsync();
                    break;
                case "dynamo":
                    await DynamoAsync(repo);
                    break;
                case "serve":
                    await ServeAsync(repo);
                    break;
                case "api":
                    await ApiAsync();
                    break;
                default:
                    Console.Error.WriteLine($"load-tickets: unknown phase {phase} (sqlite, dynamo, serve, api)");
                    return 2;
            }
        }

        return 0;
    }

    // ---- SQLite: creates/s, FULL (before) against NORMAL (after), interleaved rounds on the same disk ----

    private static async Task SqliteAsync()
    {
        const int clients = 16;
        var duration = TimeSpan.FromSeconds(3);
        var results = new Dictionary<SqliteSynchronous, List<(double PerSecond, double P99)>> { [SqliteSynchronous.Full] = [], [SqliteSynchronous.Normal] = [] };
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var mode in new[] { SqliteSynchronous.Full, SqliteSynchronous.Normal })
            {
                var folder = Path.Combine(Path.GetTempPath(), "servicedesk-load", Guid.NewGuid().ToString("N"));
                try
                {
                    using var database = SqliteDatabase.InFolder(folder, mode);
                    var store = new TicketDesk(new SqliteTicketStore(database), TimeProvider.System);
                    await ClosedLoopAsync(clients, 200, null, (c, i) => Create(store, c, i));
                    var run = await ClosedLoopAsync(clients, int.MaxValue, duration, (c, i) => Create(store, c, i));
                    results[mode].Add((run.Count / run.Elapsed.TotalSeconds, Percentile(run.Latencies, 0.99)));
                }
                finally
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(folder, recursive: true);
                }
            }
        }

        var full = Median(results[SqliteSynchronous.Full].Select(r => r.PerSecond));
        var normal = Median(results[SqliteSynchronous.Normal].Select(r => r.PerSecond));
        Console.WriteLine();
        Console.WriteLine($"SQLite creates, {clients} clients, file in {Path.GetTempPath()}, median of {Rounds} interleaved {duration.TotalSeconds:0} s runs:");
        Console.WriteLine($"  synchronous=FULL (before)  {full,8:0} creates/s   p99 {Median(results[SqliteSynchronous.Full].Select(r => r.P99)),6:0.00} ms");
        Console.WriteLine($"  synchronous=NORMAL (after) {normal,8:0} creates/s   p99 {Median(results[SqliteSynchronous.Normal].Select(r => r.P99)),6:0.00} ms");
        Console.WriteLine($"  NORMAL / FULL: {normal / full:0.0}x");
    }

    private static async Task Create(ITicketBackend store, int client, int i, bool keyed = true)
    {
        var key = keyed ? $"load-{client}-{i}-{Guid.NewGuid():N}" : null;
        var created = await store.CreateAsync(new NewTicket($"emp-{client}", $"Load ticket {i}: the laptop will not start", IdempotencyKey: key), CancellationToken.None);
        if (!created.IsOk)
        {
            throw new InvalidOperationException($"create failed: {created.Failure.Kind} {created.Failure.Reason}");
        }
    }

    // ---- DynamoDB on dynalite: create against a raw PutItem of the same item, 10 clients, interleaved rounds ----

    private static async Task DynamoAsync(string repo)
    {
        // Many short interleaved rounds: every kind of call sees the same machine, whatever else runs on it meanwhile.
        const int clients = 10;
        const int perClient = 100;
        const int rounds = 10;
        using var dynalite = Dynalite.Start(repo);
        using var client = new AmazonDynamoDBClient(new BasicAWSCredentials("load", "load"), new AmazonDynamoDBConfig
        {
            ServiceURL = dynalite.Url,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });
        await dynalite.WaitReadyAsync(client);
        var options = new DynamoOptions("load-tickets", "load-callers", "load-idempotency");
        await CreateTablesAsync(client, options);

        // One store per client, as each Lambda container has its own: every one reserves its own number blocks.
        var stores = Enumerable.Range(0, clients).Select(_ => new TicketDesk(new DynamoTicketStore(client, options, TimeProvider.System), TimeProvider.System)).ToArray();
        var raw = 0L;
        Task Put(int c, int i) => client.PutItemAsync(new PutItemRequest { TableName = options.TicketsTable, Item = RawItem(Interlocked.Increment(ref raw)) });
        Task ConditionalPut(int c, int i) => client.PutItemAsync(new PutItemRequest { TableName = options.TicketsTable, Item = RawItem(Interlocked.Increment(ref raw)), ConditionExpression = "attribute_not_exists(ticket_id)" });
        await ClosedLoopAsync(clients, 100, null, Put);
        await ClosedLoopAsync(clients, 100, null, (c, i) => Create(stores[c], c, i));

        var puts = new List<double>();
        var creates = new List<double>();
        var unkeyed = new List<double>();
        var before = new List<double>();
        var conditional = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            puts.AddRange((await ClosedLoopAsync(clients, perClient, null, Put)).Latencies);
            conditional.AddRange((await ClosedLoopAsync(clients, perClient, null, ConditionalPut)).Latencies);
            creates.AddRange((await ClosedLoopAsync(clients, perClient, null, (c, i) => Create(stores[c], c, i))).Latencies);
            unkeyed.AddRange((await ClosedLoopAsync(clients, perClient, null, (c, i) => Create(stores[c], c, i, keyed: false))).Latencies);
            before.AddRange((await ClosedLoopAsync(clients, perClient, null, (c, i) => BeforeStyleCreateAsync(client, options))).Latencies);
        }

        var counter = await client.GetItemAsync(new GetItemRequest { TableName = options.TicketsTable, Key = new() { ["ticket_id"] = new() { S = "#counter" } } });
        var reservedFor = creates.Count + unkeyed.Count + (clients * 100);
        Console.WriteLine();
        Console.WriteLine($"DynamoDB on dynalite 4.0.0, {clients} clients, {rounds} interleaved rounds of {clients * perClient} calls of each kind:");
        Console.WriteLine($"  raw PutItem (baseline)   p50 {Percentile(puts, 0.5),6:0.00} ms   p99 {Percentile(puts, 0.99),6:0.00} ms");
        Console.WriteLine($"  conditional PutItem      p50 {Percentile(conditional, 0.5),6:0.00} ms   p99 {Percentile(conditional, 0.99),6:0.00} ms");
        Console.WriteLine($"  create (keyed)           p50 {Percentile(creates, 0.5),6:0.00} ms   p99 {Percentile(creates, 0.99),6:0.00} ms");
        Console.WriteLine($"  create / PutItem: p50 {Percentile(creates, 0.5) / Percentile(puts, 0.5):0.00}x, p99 {Percentile(creates, 0.99) / Percentile(puts, 0.99):0.00}x");
        Console.WriteLine($"  create without a key (one conditional PutItem): p50 {Percentile(unkeyed, 0.5),6:0.00} ms   p99 {Percentile(unkeyed, 0.99),6:0.00} ms ({Percentile(unkeyed, 0.99) / Percentile(puts, 0.99):0.00}x)");
        Console.WriteLine($"  before-style keyed create (read claim, counter +1, claim, ticket): p50 {Percentile(before, 0.5),6:0.00} ms ({Percentile(before, 0.5) / Percentile(puts, 0.5):0.00}x)   p99 {Percentile(before, 0.99),6:0.00} ms ({Percentile(before, 0.99) / Percentile(puts, 0.99):0.00}x)");
        Console.WriteLine($"  numbers reserved {counter.Item["next_sequence"].N} for {reservedFor} tickets created ({clients} store instances)");
    }

    /// <summary>The create as it was before number blocks, for the same-run comparison: four calls in a row.</summary>
    private static async Task BeforeStyleCreateAsync(IAmazonDynamoDB client, DynamoOptions options)
    {
        var key = Guid.NewGuid().ToString("N");
        var claim = await client.GetItemAsync(new GetItemRequest { TableName = options.IdempotencyTable, Key = new() { ["idempotency_key"] = new() { S = key } }, ConsistentRead = true });
        if (claim.Item is { Count: > 0 })
        {
            throw new InvalidOperationException("a fresh key was claimed");
        }

        var counter = await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = options.TicketsTable,
            Key = new() { ["ticket_id"] = new() { S = "#counter-before" } },
            UpdateExpression = "ADD next_sequence :one",
            ExpressionAttributeValues = new() { [":one"] = new() { N = "1" } },
            ReturnValues = ReturnValue.UPDATED_NEW,
        });
        var id = "OLD" + long.Parse(counter.Attributes["next_sequence"].N, CultureInfo.InvariantCulture).ToString("D7", CultureInfo.InvariantCulture);
        await client.PutItemAsync(new PutItemRequest
        {
            TableName = options.IdempotencyTable,
            Item = new() { ["idempotency_key"] = new() { S = key }, ["ticket_id"] = new() { S = id }, ["expires_at"] = new() { N = "4102444800" } },
            ConditionExpression = "attribute_not_exists(idempotency_key)",
        });
        var item = RawItem(0);
        item["ticket_id"] = new() { S = id };
        item["idempotency_key"] = new() { S = key };
        await client.PutItemAsync(new PutItemRequest { TableName = options.TicketsTable, Item = item, ConditionExpression = "attribute_not_exists(ticket_id)" });
    }

    private static Dictionary<string, AttributeValue> RawItem(long n)
    {
        var now = SortableTime.Format(DateTimeOffset.UtcNow);
        return new()
        {
            ["ticket_id"] = new() { S = "RAW" + n.ToString("D7", CultureInfo.InvariantCulture) },
            ["caller_id"] = new() { S = "emp-raw" },
            ["summary"] = new() { S = "Load ticket: the laptop will not start" },
            ["description"] = new() { S = $"Load ticket {n}: the laptop will not start" },
            ["status"] = new() { S = "New" },
            ["priority"] = new() { S = "P3" },
            ["category"] = new() { S = "Other" },
            ["impact"] = new() { S = "Individual" },
            ["created_at"] = new() { S = now },
            ["updated_at"] = new() { S = now },
            ["comments"] = new() { L = [], IsLSet = true },
            ["idempotency_key"] = new() { S = Guid.NewGuid().ToString("N") },
        };
    }

    /// <summary>The tables as template.yaml declares them (the integration tests create theirs from the template itself).</summary>
    private static async Task CreateTablesAsync(IAmazonDynamoDB client, DynamoOptions options)
    {
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = options.TicketsTable,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new("ticket_id", KeyType.HASH)],
            AttributeDefinitions = [new("ticket_id", ScalarAttributeType.S), new("caller_id", ScalarAttributeType.S), new("created_at", ScalarAttributeType.S)],
            GlobalSecondaryIndexes =
            [
                new()
                {
                    IndexName = DynamoTables.CallerIdIndex,
                    KeySchema = [new("caller_id", KeyType.HASH), new("created_at", KeyType.RANGE)],
                    Projection = new() { ProjectionType = ProjectionType.ALL },
                },
            ],
        });
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = options.IdempotencyTable,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new("idempotency_key", KeyType.HASH)],
            AttributeDefinitions = [new("idempotency_key", ScalarAttributeType.S)],
        });
        foreach (var name in new[] { options.TicketsTable, options.IdempotencyTable })
        {
            for (var i = 0; (await client.DescribeTableAsync(name)).Table.TableStatus != TableStatus.ACTIVE; i++)
            {
                if (i > 200)
                {
                    throw new TimeoutException($"table {name} did not become ACTIVE");
                }

                await Task.Delay(50);
            }
        }
    }

    private sealed class Dynalite : IDisposable
    {
        private readonly Process _process;

        private Dynalite(Process process, string url) => (_process, Url) = (process, url);

        public string Url { get; }

        public static Dynalite Start(string repo)
        {
            var cli = Path.Combine(repo, "tests", "node_modules", "dynalite", "cli.js");
            if (!File.Exists(cli))
            {
                throw new InvalidOperationException($"{cli} is missing: run 'npm ci --prefix tests' (or the integration tests once) first");
            }

            var port = LoopbackServer.FreePort();
            var process = Process.Start(new ProcessStartInfo("node", $"\"{cli}\" --port {port}") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            return new Dynalite(process, $"http://127.0.0.1:{port}");
        }

        public async Task WaitReadyAsync(IAmazonDynamoDB client)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await client.ListTablesAsync();
                    return;
                }
                catch (Exception) when (attempt < 100 && !_process.HasExited)
                {
                    await Task.Delay(100);
                }
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }

    // ---- serve-tickets: resident memory at start, after 10k and after 100k creates over HTTP ----

    private static async Task ServeAsync(string repo)
    {
        const int clients = 16;
        var cli = Path.Combine(repo, "src", "ServiceDesk.Cli");
        var build = Process.Start(new ProcessStartInfo("dotnet", $"build \"{cli}\" -c Release --nologo -v q") { RedirectStandardOutput = true })!;
        await build.StandardOutput.ReadToEndAsync();
        await build.WaitForExitAsync();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet build of src/ServiceDesk.Cli failed");
        }

        var data = Path.Combine(Path.GetTempPath(), "servicedesk-load", Guid.NewGuid().ToString("N"));
        var key = Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(cli, "bin", "Release", "net10.0", "servicedesk.dll")}\" serve-tickets --port 0 --data \"{data}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SERVICEDESK_API_KEY"] = key;
        using var server = Process.Start(start)!;
        try
        {
            var address = await ListeningAddressAsync(server);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = address };
            http.DefaultRequestHeaders.Add("x-api-key", key);
            var atStart = Rss(server.Id);
            var first = await ClosedLoopAsync(clients, 10_000 / clients, null, (c, i) => PostAsync(http, c, i));
            var after10k = Rss(server.Id);
            var rest = await ClosedLoopAsync(clients, 90_000 / clients, null, (c, i) => PostAsync(http, c, 10_000 + i));
            var after100k = Rss(server.Id);
            Console.WriteLine();
            Console.WriteLine($"serve-tickets (Release, SQLite in a fresh data folder), {clients} HTTP clients, {first.Count + rest.Count} creates:");
            Console.WriteLine($"  RSS at start {atStart / 1024.0,6:0.0} MB, after 10k {after10k / 1024.0,6:0.0} MB, after 100k {after100k / 1024.0,6:0.0} MB ({after100k / (double)after10k:0.00}x the 10k figure)");
            Console.WriteLine($"  {rest.Count / rest.Elapsed.TotalSeconds:0} creates/s over HTTP (p50 {Percentile(rest.Latencies, 0.5):0.00} ms, p99 {Percentile(rest.Latencies, 0.99):0.00} ms)");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task PostAsync(HttpClient http, int client, int i)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "tickets")
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["caller_id"] = $"emp-{client}", ["issue_description"] = $"Load ticket {i}: the laptop will not start" }),
        };
        request.Headers.Add("Idempotency-Key", $"load-{client}-{i}-{Guid.NewGuid():N}");
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /tickets answered {(int)response.StatusCode}");
        }
    }

    private static async Task<Uri> ListeningAddressAsync(Process server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            const string Marker = "Ticket API listening on ";
            if (line.StartsWith(Marker, StringComparison.Ordinal))
            {
                _ = server.StandardOutput.ReadToEndAsync();
                _ = server.StandardError.ReadToEndAsync();
                return new Uri(line[Marker.Length..].Split(' ')[0]);
            }
        }

        throw new InvalidOperationException($"serve-tickets did not start: {await server.StandardError.ReadToEndAsync()}");
    }

    /// <summary>Resident set size in KB, from /proc (Linux).</summary>
    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    // ---- the ticket API at 50 clients against a constant-JSON function on the same listener, same request mix ----

    private static async Task ApiAsync()
    {
        const int clients = 50;
        const int perClient = 40;
        const int rounds = 6;
        var data = Path.Combine(Path.GetTempPath(), "servicedesk-load", Guid.NewGuid().ToString("N"));
        var key = Guid.NewGuid().ToString("N");
        try
        {
            using var local = ServiceDesk.Local.LocalComposition.InFolder(data, new ServiceDesk.Local.LocalOptions { ApiKey = key });
            ServiceDesk.Functions.FunctionCatalog.TryCreate(ServiceDesk.Functions.FunctionCatalog.TicketsApi, local.Services, out var function);
            await using var api = ServiceDesk.Emulation.Http.ApiGatewayHttpServer.Start(function!, maxBodyBytes: ServiceDesk.Functions.TicketsApi.TicketsApiFunction.MaxBodyBytes);
            var seeded = (await local.Services.Tickets.CreateAsync(new NewTicket("emp-1", "Seeded: the printer jams"), CancellationToken.None)).Value!.Number.ToString();
            var answer = await function!.InvokeAsync(ApiEvent("GET", $"/tickets/{seeded}", key), new ServiceDesk.Wire.Hosting.LambdaInvocation("load", DateTimeOffset.UtcNow.AddSeconds(30)), CancellationToken.None);
            await using var constant = ServiceDesk.Emulation.Http.ApiGatewayHttpServer.Start(new Constant(answer), maxBodyBytes: ServiceDesk.Functions.TicketsApi.TicketsApiFunction.MaxBodyBytes);
            using var toApi = Client(api.BaseAddress, key, clients);
            using var toConstant = Client(constant.BaseAddress, key, clients);

            // A call's mix: a create, a read, a list of the caller's tickets, a read.
            Task Mixed(HttpClient http, int c, int i) => (i % 4) switch
            {
                0 => PostAsync(http, c, i),
                2 => http.GetStringAsync($"tickets?caller=emp-{c}&limit=10"),
                _ => http.GetStringAsync($"tickets/{seeded}"),
            };
            var real = new List<double>();
            var floor = new List<double>();
            await ClosedLoopAsync(clients, 10, null, (c, i) => Mixed(toApi, c, i));
            await ClosedLoopAsync(clients, 10, null, (c, i) => Mixed(toConstant, c, i));
            for (var round = 0; round < rounds; round++)
            {
                floor.AddRange((await ClosedLoopAsync(clients, perClient, null, (c, i) => Mixed(toConstant, c, i))).Latencies);
                real.AddRange((await ClosedLoopAsync(clients, perClient, null, (c, i) => Mixed(toApi, c, i))).Latencies);
            }

            Console.WriteLine();
            Console.WriteLine($"Ticket API (serve-tickets' listener, SQLite file), {clients} clients, create/get/list/get mix, {rounds} interleaved rounds:");
            Console.WriteLine($"  constant JSON (baseline) p50 {Percentile(floor, 0.5),6:0.00} ms   p99 {Percentile(floor, 0.99),6:0.00} ms");
            Console.WriteLine($"  TicketsApi               p50 {Percentile(real, 0.5),6:0.00} ms   p99 {Percentile(real, 0.99),6:0.00} ms");
            Console.WriteLine($"  TicketsApi / constant: p50 {Percentile(real, 0.5) / Percentile(floor, 0.5):0.00}x, p99 {Percentile(real, 0.99) / Percentile(floor, 0.99):0.00}x");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static HttpClient Client(Uri address, string key, int clients)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = address };
        http.DefaultRequestHeaders.Add("x-api-key", key);
        return http;
    }

    private static byte[] ApiEvent(string method, string path, string key) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
        new ServiceDesk.Wire.ApiGateway.ApiGatewayProxyRequest { HttpMethod = method, Path = path, Headers = new Dictionary<string, string?> { ["x-api-key"] = key } },
        ServiceDesk.Wire.ApiGateway.ApiGatewayJsonContext.Default.ApiGatewayProxyRequest);

    /// <summary>The floor: the same listener answering every request with one ticket's response, touching nothing.</summary>
    private sealed class Constant(byte[] response) : ServiceDesk.Wire.Hosting.ILambdaFunction
    {
        public Task<byte[]> InvokeAsync(ReadOnlyMemory<byte> payload, ServiceDesk.Wire.Hosting.LambdaInvocation invocation, CancellationToken cancellationToken) => Task.FromResult(response);
    }

    // ---- shared ----

    private sealed record Run(int Count, TimeSpan Elapsed, List<double> Latencies);

    /// <summary>
    /// <paramref name="clients"/> workers, each sending its next call when the last one is answered, until each has made
    /// <paramref name="perClient"/> calls or <paramref name="duration"/> has passed.
    /// </summary>
    private static async Task<Run> ClosedLoopAsync(int clients, int perClient, TimeSpan? duration, Func<int, int, Task> call)
    {
        var latencies = new List<double>[clients];
        var total = Stopwatch.StartNew();
        var until = duration ?? TimeSpan.FromMinutes(5);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = [];
            for (var i = 0; i < perClient && total.Elapsed < until; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await call(c, i);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        var all = latencies.SelectMany(l => l).ToList();
        return new Run(all.Count, total.Elapsed, all);
    }

    private static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static double Median(IEnumerable<double> values) => Percentile([.. values], 0.5);

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServiceDesk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run load-tickets from inside the repository");
    }
}
