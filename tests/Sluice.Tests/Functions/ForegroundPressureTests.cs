using System.Diagnostics.Metrics;
using Sluice.Functions;

namespace Sluice.Tests.Functions;

public class ForegroundPressureTests
{
    [Fact]
    public void IsHigh_OneRequestAtATime_IsFalse()
    {
        using var pressure = new ForegroundPressure();
        using var meter = new Meter("Microsoft.AspNetCore.Hosting");
        var active = meter.CreateUpDownCounter<long>("http.server.active_requests");

        active.Add(1);
        Assert.False(pressure.IsHigh);
        active.Add(-1);
    }

    [Fact]
    public void IsHigh_ConcurrentRequestsAreRunningHandlersOwn_IsFalse()
    {
        using var pressure = new ForegroundPressure { RunningHandlers = 3 };
        using var meter = new Meter("Microsoft.AspNetCore.Hosting");
        var active = meter.CreateUpDownCounter<long>("http.server.active_requests");

        active.Add(1);
        active.Add(1);
        active.Add(1);
        Assert.False(pressure.IsHigh);
    }
}
