using System.Runtime.InteropServices;

namespace Sluice.Hosting;

/// <summary>
/// SIGINT and SIGTERM stop the server with one line saying so; the host then stops accepting connections, lets the
/// requests in flight finish within its shutdown timeout, and its disposal stops the execution environments.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public ShutdownSignals(IHostApplicationLifetime lifetime)
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];

        void Handle(PosixSignalContext context)
        {
            // The default action ends the process at once; the host's stop then never runs.
            context.Cancel = true;
            if (Interlocked.Exchange(ref _received, 1) != 0)
                return;
            Console.WriteLine($"sluice: shutting down ({context.Signal})…");
            lifetime.StopApplication();
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
    }
}
