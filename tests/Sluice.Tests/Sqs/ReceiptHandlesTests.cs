using Sluice.Queueing;
using Sluice.Sqs.Messages;

namespace Sluice.Tests.Sqs;

public sealed class ReceiptHandlesTests
{
    private readonly ReceiptHandles _handles = new(ReceiptHandles.NewKey());

    [Fact]
    public void TryRead_HandleItMade_ReturnsTheLease()
    {
        var lease = new QueueLease(42, 7_000_000_000_123);

        Assert.True(_handles.TryRead("jobs", _handles.Create("jobs", lease), out var read));
        Assert.Equal(lease, read);
    }

    [Fact]
    public void TryRead_HandleOfAnotherQueueOrAnotherKey_Refused()
    {
        var handle = _handles.Create("jobs", new QueueLease(1, 2));

        Assert.False(_handles.TryRead("other", handle, out _));
        Assert.False(new ReceiptHandles(ReceiptHandles.NewKey()).TryRead("jobs", handle, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-handle")]
    [InlineData("AAAAAAAAAAEAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("!!!!")]
    public void TryRead_MalformedOrForged_Refused(string handle)
    {
        Assert.False(_handles.TryRead("jobs", handle, out _));
    }

    [Fact]
    public void TryRead_OneCharacterChanged_Refused()
    {
        var handle = _handles.Create("jobs", new QueueLease(1, 2)).ToCharArray();
        handle[3] = handle[3] == 'A' ? 'B' : 'A';

        Assert.False(_handles.TryRead("jobs", new string(handle), out _));
    }
}
