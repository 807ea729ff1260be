using System.CommandLine;
using Sluice.Bench;

// On Ctrl+C or SIGTERM the run is cancelled; give it the time to kill its servers and remove its files.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
return await BenchCommandLine.Build().Parse(args).InvokeAsync(invocation);
