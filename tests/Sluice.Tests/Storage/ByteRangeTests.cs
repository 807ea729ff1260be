using Sluice.Storage.Objects;

namespace Sluice.Tests.Storage;

public class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-99", 1000, 0, 100)]
    [InlineData("bytes=100-", 1000, 100, 900)]
    [InlineData("bytes=-500", 1000, 500, 500)]
    [InlineData("bytes=-5000", 1000, 0, 1000)]
    [InlineData("bytes=990-2000", 1000, 990, 10)]
    public void Parse_SatisfiableRange_ReturnsStartAndLength(string header, long size, long start, long length)
    {
        var range = ByteRange.Parse(header, size, out var unsatisfiable);
        Assert.False(unsatisfiable);
        Assert.Equal(new ByteRange(start, length), range);
    }

    [Theory]
    [InlineData("bytes=1000-", 1000)]
    [InlineData("bytes=-0", 1000)]
    [InlineData("bytes=0-", 0)]
    public void Parse_StartPastEnd_IsUnsatisfiable(string header, long size)
    {
        Assert.Null(ByteRange.Parse(header, size, out var unsatisfiable));
        Assert.True(unsatisfiable);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("items=0-1")]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=0-1,4-5")]
    [InlineData("bytes=abc")]
    public void Parse_AbsentOrMalformed_ServesWholeObject(string? header)
    {
        Assert.Null(ByteRange.Parse(header, 1000, out var unsatisfiable));
        Assert.False(unsatisfiable);
    }
}
