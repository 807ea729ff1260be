using Sluice.Bench;

return await BenchCommandLine.Build().Parse(args).InvokeAsync();
