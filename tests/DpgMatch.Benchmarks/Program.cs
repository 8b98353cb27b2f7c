using DpgMatch.Benchmarks;

// import: the registry import against raw batched upserts (needs DPGMATCH_BENCH_STORAGE); matching: ranking latency and training time.
return args.Length > 0 && args[0] == "matching"
    ? await MatchingBenchmark.RunAsync(args.Length > 1 ? args[1] : Path.Combine(AppContext.BaseDirectory, "data", "dpg-registry"), Console.Out)
    : await ImportBenchmark.RunAsync(args, Console.Out);
