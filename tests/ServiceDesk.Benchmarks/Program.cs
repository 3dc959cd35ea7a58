using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ServiceDesk.Benchmarks.LexFulfillmentBenchmarks).Assembly).Run(args);
