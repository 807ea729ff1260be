using Sluice.Storage.Objects;

namespace Sluice.Tests.Storage;

public class KeyRangeTests
{
    [Theory]
    [InlineData("a/", "a0")]
    [InlineData("photos", "photot")]
    [InlineData("\U0010FFFF", null)]
    [InlineData("x\U0010FFFF", "y")]
    [InlineData("", null)]
    public void UpperBound_Prefix_IsSmallestStringAfterAllKeysWithPrefix(string prefix, string? expected) =>
        Assert.Equal(expected, KeyRange.UpperBound(prefix));
}
