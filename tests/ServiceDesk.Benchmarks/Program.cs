using BenchmarkDotNet.Running;

if (args is ["load-tickets", .. var phases])
{
    return await ServiceDesk.Benchmarks.LoadTickets.RunAsync(phases);
}

BenchmarkSwitcher.FromAssembly(typeof(ServiceDesk.Benchmarks.LexFulfillmentBenchmarks).Assembly).Run(args);
return 0;
