using System.Diagnostics.Tracing;

namespace ServiceDesk.Benchmarks;

/// <summary>
/// <c>alloc-lex</c>: where one Lex turn's allocations go, by type, from the runtime's GC AllocationTick events (one about
/// every 100 KB allocated, so a type's share of ticks is its share of bytes). Not a benchmark: a profile to read.
/// </summary>
internal static class AllocationProfile
{
    public static int Run(string[] args)
    {
        var bench = new LexFulfillmentBenchmarks();
        bench.Setup();
        var turns = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 20_000;
        Func<byte[]> turn = args.Contains("report") ? bench.ReportIssueTurn : bench.CheckStatusTurn;
        for (var i = 0; i < 5_000; i++)
        {
            _ = turn();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        using (var listener = new TickListener())
        {
            for (var i = 0; i < turns; i++)
            {
                _ = turn();
            }

            var perTurn = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)turns;
            Console.WriteLine($"{perTurn:F0} bytes per turn (this thread), {listener.Total} ticks");
            foreach (var (type, count) in listener.ByType.OrderByDescending(p => p.Value).Take(30))
            {
                Console.WriteLine($"{count * 100.0 / listener.Total,6:F1}%  {count * perTurn / listener.Total,7:F0} B/turn  {type}");
            }
        }

        Measure("the baseline: the event parsed and the turn's response written", () => bench.ParseAndWrite());
        Pieces();
        bench.Cleanup();
        return 0;
    }

    /// <summary>Bytes allocated by the turn's fixed pieces alone: its log line, its metric record.</summary>
    private static void Pieces()
    {
        var logger = new Wire.Observability.JsonLoggerFactory(new Wire.Observability.JsonLoggerProvider(TextWriter.Null, TimeProvider.System)).CreateLogger("ServiceDesk.Functions.Lex.LexFulfillmentFunction");
        var metrics = new Wire.Observability.EmfMetrics(TextWriter.Null, TimeProvider.System);
        KeyValuePair<string, object?>[] scope = [new("contactId", "c0a3f1d2-8e0b-4f7e-9d5c-2b1a7e6f4c3d"), new("intent", "CheckTicketStatus")];
        Measure("log line in a scope", () =>
        {
            using var _ = logger.BeginScope(scope);
            Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Lex {Source} {Intent} -> {Action} {Slot} {Reason} verified={Verified}", "DialogCodeHook", "CheckTicketStatus", "ElicitIntent", null, null, "phone");
        });
        Measure("EMF record", () => metrics.Record("LexFulfillment", "CheckTicketStatus", Wire.Observability.CallOutcome.SelfServed, TimeSpan.FromMilliseconds(1.234)));
    }

    private static void Measure(string name, Action action)
    {
        for (var i = 0; i < 1000; i++)
        {
            action();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            action();
        }

        Console.WriteLine($"{(GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0,8:F0} B  {name}");
    }

    private sealed class TickListener : EventListener
    {
        public readonly Dictionary<string, int> ByType = [];
        public int Total;

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null)
            {
                return;
            }

            var index = e.PayloadNames!.IndexOf("TypeName");
            var type = index >= 0 ? e.Payload[index] as string ?? "?" : "?";
            lock (ByType)
            {
                ByType[type] = ByType.GetValueOrDefault(type) + 1;
                Total++;
            }
        }
    }
}
