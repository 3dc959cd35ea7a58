using BenchmarkDotNet.Running;

if (args is ["load-tickets", .. var phases])
{
    return await ServiceDesk.Benchmarks.LoadTickets.RunAsync(phases);
}

if (args is ["alloc-lex", .. var options])
{
    return ServiceDesk.Benchmarks.AllocationProfile.Run(options);
}

BenchmarkSwitcher.FromAssembly(typeof(ServiceDesk.Benchmarks.LexFulfillmentBenchmarks).Assembly).Run(args);
return 0;
