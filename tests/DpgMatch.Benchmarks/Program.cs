using DpgMatch.Benchmarks;

return await ImportBenchmark.RunAsync(args, Console.Out);
