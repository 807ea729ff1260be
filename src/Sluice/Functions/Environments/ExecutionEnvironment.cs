using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Sluice.Functions.Definitions;
using Sluice.Functions.Logs;
using Sluice.Functions.Scheduling;

namespace Sluice.Functions.Environments;

/// <summary>
/// One execution environment: a child process running a runtime, and the Runtime API listener
/// on an ephemeral loopback port that only this process is told about. One invocation at a time.
/// </summary>
public sealed partial class ExecutionEnvironment : IAsyncDisposable
{
    private static long _lastId;

    private readonly EnvironmentFactory _factory;
    private readonly ILogger _logger;
    private readonly Channel<Invocation> _inbox = Channel.CreateUnbounded<Invocation>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly Lock _gate = new();
    private readonly LogRouter _output;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private KestrelServer? _server;
    private Process? _process;
    private string? _tempFolder;
    private long _processStarted;
    private double? _initDurationMs;
    private bool _initReported;
    private Invocation? _assigned;
    private long _handedOffAt;
    private InvocationResult? _initError;
    private CancellationTokenSource? _deadline;
    private Task _pump = Task.CompletedTask;
    private readonly PeakMemoryProbe _peakMemory;

    internal ExecutionEnvironment(EnvironmentFactory factory, FunctionDefinition function, bool background)
    {
        Background = background;
        _factory = factory;
        _logger = factory.LoggerFactory.CreateLogger<ExecutionEnvironment>();
        Function = function;
        Id = Interlocked.Increment(ref _lastId);
        _output = new LogRouter(RuntimeLauncher.WritesEndMarkers(function.Runtime));
        LastUsed = factory.Time.GetTimestamp();
        _peakMemory = new PeakMemoryProbe(() => State == EnvironmentState.Stopped ? null : ProcessId, factory.Time);
    }

    public long Id { get; }
    public FunctionDefinition Function { get; }

    /// <summary>Started for queued (async) work: its runtime runs at a lower CPU priority (see <see cref="RuntimeLauncher.CreateStartInfo"/>).</summary>
    public bool Background { get; }
    public EnvironmentState State { get; private set; } = EnvironmentState.Starting;
    public long LastUsed { get; private set; }
    public int? ProcessId { get; private set; }
    public Task Exited => _exited.Task;

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = RuntimeLauncher.CreateStartInfo(Function, Background); // throws EnvironmentStartException when there is nothing to run
        var kestrel = new KestrelServerOptions { AddServerHeader = false };
        kestrel.Limits.MaxRequestBodySize = RuntimeApi.MaxResponseBytes + 1;
        kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
        _server = new KestrelServer(Microsoft.Extensions.Options.Options.Create(kestrel), _factory.Transport, _factory.LoggerFactory);
        await _server.StartAsync(new RuntimeApi(this), cancellationToken);
        var address = new Uri(_server.Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var runtimeApi = $"127.0.0.1:{address.Port}";

        _tempFolder = _factory.CreateTempFolder(Id);
        _factory.ApplyEnvironment(start.Environment, Function, runtimeApi, _tempFolder);
        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception error)
        {
            process.Dispose();
            throw new EnvironmentStartException("Runtime.InvalidEntrypoint",
                $"RequestId: Error: fork/exec {start.FileName}: {error.Message}");
        }
        _processStarted = Stopwatch.GetTimestamp();
        _process = process;
        ProcessId = process.Id;
        _pump = OutputPump.RunAsync(process.StandardOutput.BaseStream, _output);
        Log.EnvironmentStarted(_logger, Id, Function.Name, process.Id, runtimeApi);
        _ = MonitorExitAsync(process);
    }

    /// <summary>Hands one invocation to the runtime and waits for its response, error, timeout or crash.</summary>
    public async Task<InvocationResult> InvokeAsync(Invocation invocation)
    {
        bool cold;
        using var deadline = new CancellationTokenSource();
        lock (_gate)
        {
            if (State is EnvironmentState.Stopping or EnvironmentState.Stopped)
                return _initError ?? InvocationResult.PlatformError("Runtime.ExitError", $"RequestId: {invocation.RequestId} Error: Runtime exited");
            cold = State == EnvironmentState.Starting;
            _assigned = invocation;
            _deadline = deadline;
            State = EnvironmentState.Invoking;
        }
        invocation.Log.MemorySizeMb = Function.MemorySize;
        invocation.Log.MaxMemoryUsedProbe = _peakMemory.PeakMb;
        // Registered before the hand-off, so what a cold runtime prints while it initialises is in this log too.
        _output.Register(invocation.Log);

        // Until the runtime takes the event, a warm environment is bounded by the function's timeout and a cold one by
        // InitBound (counted from the process start); the hand-off (NextAsync) restarts the clock with the function's
        // timeout, so it bounds the handler alone, cold or warm.
        var untilHandOff = cold ? InitBound - Stopwatch.GetElapsedTime(_processStarted) : FunctionTimeout;
        deadline.CancelAfter(untilHandOff > TimeSpan.Zero ? untilHandOff : TimeSpan.Zero);
        using (deadline.Token.Register(() => OnTimeout(invocation)))
        {
            _inbox.Writer.TryWrite(invocation);
            await invocation.Result;
        }

        var result = invocation.Result.Result;
        lock (_gate)
        {
            invocation.Log.DurationMs = _handedOffAt == 0 ? 0 : Stopwatch.GetElapsedTime(_handedOffAt).TotalMilliseconds;
            _assigned = null;
            _deadline = null;
            _handedOffAt = 0;
            if (State == EnvironmentState.Invoking)
                State = EnvironmentState.Idle;
        }
        LastUsed = _factory.Time.GetTimestamp();
        return result;
    }

    /// <summary>Stops the process (whole tree) and the listener; the environment is never used again.</summary>
    public void Stop(string reason)
    {
        if (MarkStopping())
            Kill(reason);
    }

    /// <summary>Moves to Stopping (once); the environment is then never handed out again, even before its process is gone.</summary>
    private bool MarkStopping()
    {
        lock (_gate)
        {
            if (State is EnvironmentState.Stopping or EnvironmentState.Stopped)
                return false;
            State = EnvironmentState.Stopping;
            return true;
        }
    }

    private void Kill(string reason)
    {
        Log.EnvironmentStopping(_logger, Id, Function.Name, reason);
        try
        {
            if (_process is { HasExited: false } process)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        if (_process is null)
            _ = OnExitedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Stop("disposed");
        if (_process is not null)
            await _exited.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        else
            await OnExitedAsync();
    }

    private TimeSpan FunctionTimeout => TimeSpan.FromSeconds(Function.Timeout);

    /// <summary>
    /// The invocation's deadline passed: during init (a cold environment whose runtime has not asked for the event)
    /// or while it ran. The environment is marked Stopping before the invocation completes: its caller continues
    /// inline (see <see cref="Invocation"/>) and must find an environment that is not coming back to the pool.
    /// </summary>
    private void OnTimeout(Invocation invocation)
    {
        bool initializing;
        lock (_gate)
            initializing = !_initReported;
        if (invocation.IsCompleted || !MarkStopping())
            return;
        string message;
        if (initializing)
        {
            var initMs = Stopwatch.GetElapsedTime(_processStarted).TotalMilliseconds;
            invocation.Log.InitDurationMs = initMs;
            invocation.Log.Append(string.Create(CultureInfo.InvariantCulture, $"INIT_REPORT Init Duration: {initMs:F2} ms\tPhase: init\tStatus: timeout"));
            message = $"RequestId: {invocation.RequestId} Error: Init timed out after {Seconds(InitBound.TotalSeconds)} seconds";
        }
        else
        {
            // As Lambda: the log says when, the error names the request.
            invocation.Log.Append($"{_factory.Time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {invocation.RequestId} Task timed out after {Seconds(Function.Timeout)} seconds");
            message = $"RequestId: {invocation.RequestId} Error: Task timed out after {Seconds(Function.Timeout)} seconds";
        }
        invocation.TryComplete(InvocationResult.PlatformError("Sandbox.Timedout", message));
        Kill(initializing ? "init timeout" : "timeout");
    }

    /// <summary>
    /// How long a cold environment's init may take: Lambda gives init 10 s and, when that runs out, retries the init
    /// inside the first invocation with the function's timeout, so an init fails only once both have passed.
    /// </summary>
    private TimeSpan InitBound => _factory.Options.InitTimeout + FunctionTimeout;

    private static string Seconds(double seconds) => seconds.ToString("F2", CultureInfo.InvariantCulture);

    private async Task MonitorExitAsync(Process process)
    {
        await process.WaitForExitAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // The output read so far belongs in the logs; a grandchild that keeps the pipes open must not hold this up.
        await _pump.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        int exitCode;
        try { exitCode = process.ExitCode; }
        catch (InvalidOperationException) { exitCode = -1; }
        Log.EnvironmentExited(_logger, Id, Function.Name, exitCode);
        Invocation? inFlight;
        lock (_gate)
        {
            State = EnvironmentState.Stopped;
            inFlight = _assigned;
        }
        if (inFlight is not null)
        {
            var result = _initError ?? InvocationResult.PlatformError("Runtime.ExitError",
                $"RequestId: {inFlight.RequestId} Error: Runtime exited with error: exit status {exitCode}");
            inFlight.TryComplete(result);
        }
        _output.OnEnd();
        await OnExitedAsync();
        process.Dispose();
    }

    private async Task OnExitedAsync()
    {
        lock (_gate)
            State = EnvironmentState.Stopped;
        _inbox.Writer.TryComplete();
        if (_server is { } server)
        {
            _server = null;
            await server.StopAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            server.Dispose();
        }
        if (_tempFolder is not null)
        {
            try { Directory.Delete(_tempFolder, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        _exited.TrySetResult();
    }
}

/// <summary>The runtime could not be started (missing interpreter or bootstrap).</summary>
public sealed class EnvironmentStartException(string errorType, string message) : Exception(message)
{
    public string ErrorType { get; } = errorType;
}
