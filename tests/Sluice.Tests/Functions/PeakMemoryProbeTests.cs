using Microsoft.Extensions.Time.Testing;
using Sluice.Functions;
using Sluice.Functions.Environments;

namespace Sluice.Tests.Functions;

public class PeakMemoryProbeTests
{
    private const int GrowthBytes = 256 * 1024 * 1024;

    [Fact]
    public void PeakMb_PeakGrowsWithinTheRefreshInterval_ShowsTheEarlierReadingThenTheNewPeak()
    {
        var time = new FakeTimeProvider();
        var probe = new PeakMemoryProbe(() => Environment.ProcessId, time);
        var first = probe.PeakMb();

        var grown = new byte[GrowthBytes];
        Array.Fill(grown, (byte)1);
        var held = probe.PeakMb();
        time.Advance(PeakMemoryProbe.RefreshInterval);
        var refreshed = probe.PeakMb();
        GC.KeepAlive(grown);

        Assert.True(first > 0);
        Assert.Equal(first, held);
        Assert.True(refreshed >= first + 128, $"peak {refreshed} MB after touching 256 MB more than the {first} MB read before");
    }

    [Fact]
    public void PeakMb_NoProcess_IsZero()
    {
        var probe = new PeakMemoryProbe(() => null, new FakeTimeProvider());

        Assert.Equal(0, probe.PeakMb());
    }
}
