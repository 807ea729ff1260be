using Microsoft.Extensions.Time.Testing;
using Sluice.Functions.EventSources;

namespace Sluice.Tests.Functions.EventSources;

public sealed class ConcurrencyScalerTests
{
    [Fact]
    public void Limit_AtFirst_IsFiveBatchesUnderTheMappingsAndFunctionsCaps()
    {
        var scaler = new ConcurrencyScaler(new FakeTimeProvider());

        Assert.Equal(5, scaler.Limit(null, null));
        Assert.Equal(2, scaler.Limit(maximumConcurrency: 2, reservedConcurrency: null));
        Assert.Equal(1, scaler.Limit(maximumConcurrency: null, reservedConcurrency: 1));
    }

    [Fact]
    public void Backlogged_ScalesOutAtMostThreeHundredAMinute()
    {
        var time = new FakeTimeProvider();
        var scaler = new ConcurrencyScaler(time);

        for (var i = 0; i < 10; i++)
            scaler.Backlogged();
        Assert.Equal(6, scaler.Target);

        for (var i = 0; i < 600; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            scaler.Backlogged();
        }
        Assert.Equal(6 + 300, scaler.Target);
    }

    [Fact]
    public void Backlogged_NeverPassesAThousand()
    {
        var time = new FakeTimeProvider();
        var scaler = new ConcurrencyScaler(time);

        for (var i = 0; i < 2000; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            scaler.Backlogged();
        }

        Assert.Equal(1000, scaler.Target);
        Assert.Equal(40, scaler.Limit(maximumConcurrency: 40, reservedConcurrency: null));
    }

    [Fact]
    public void Drained_ScalesBackToFive()
    {
        var time = new FakeTimeProvider();
        var scaler = new ConcurrencyScaler(time);
        for (var i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            scaler.Backlogged();
        }

        scaler.Drained();

        Assert.Equal(5, scaler.Target);
    }
}
