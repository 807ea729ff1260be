using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using Sluice.Functions;
using Sluice.Functions.Scheduling;

namespace Sluice.Tests.Functions;

public class ForegroundPressureTests
{
    private readonly FakeTimeProvider _time = new();
    private long _busyTicks;
    private long _totalTicks;

    /// <summary>A machine whose CPU has been <paramref name="busyShare"/> busy since the last reading, 100 ticks a reading.</summary>
    private Func<(long Busy, long Total)?> Machine(double busyShare) => () =>
    {
        _busyTicks += (long)(100 * busyShare);
        _totalTicks += 100;
        return (_busyTicks, _totalTicks);
    };

    /// <summary>Pressure on a machine with the given load, whose CPU has been read once, 100 ms ago.</summary>
    private ForegroundPressure Pressure(double busyShare, bool listenToServer = false)
    {
        var pressure = new ForegroundPressure(_time, Machine(busyShare), listenToServer);
        pressure.ActiveRequestsChanged(2);
        _ = pressure.IsHigh;
        pressure.ActiveRequestsChanged(-2);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        return pressure;
    }

    /// <summary>One request at a time is no contention, and neither are the running handlers' own requests.</summary>
    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 4)]
    public void IsHigh_RequestsUpToTheQuietCountOnASaturatedMachine_IsFalseUntilOneMoreRuns(int runningHandlers, int quietRequests)
    {
        using var pressure = Pressure(busyShare: 1.0);
        pressure.RunningHandlers = runningHandlers;

        pressure.ActiveRequestsChanged(quietRequests);
        Assert.False(pressure.IsHigh);
        pressure.ActiveRequestsChanged(1);
        Assert.True(pressure.IsHigh);
    }

    [Fact]
    public void IsHigh_ContentionOlderThanItsMemory_IsFalse()
    {
        using var pressure = Pressure(busyShare: 1.0);
        pressure.ActiveRequestsChanged(2);
        Assert.True(pressure.IsHigh);

        _time.Advance(TimeSpan.FromMilliseconds(50));

        Assert.False(pressure.IsHigh);
    }

    [Fact]
    public void IsHigh_ConcurrentRequestsOnAnIdleMachine_IsFalse()
    {
        using var pressure = Pressure(busyShare: 0.2);

        pressure.ActiveRequestsChanged(2);

        Assert.False(pressure.IsHigh);
    }

    [Fact]
    public void IsHigh_TwoRequestsReportedByAspNetCore_IsTrue()
    {
        using var pressure = Pressure(busyShare: 1.0, listenToServer: true);
        using var meter = new Meter("Microsoft.AspNetCore.Hosting");
        var active = meter.CreateUpDownCounter<long>("http.server.active_requests");

        active.Add(1);
        active.Add(1);

        Assert.True(pressure.IsHigh);
        active.Add(-2);
    }
}
