namespace Sluice.Bench.Harness;

/// <summary>A response as the benchmark needs it: the status, how many body bytes came, and the body text of an error.</summary>
public readonly record struct HttpAnswer(int Status, long BodyLength, string? ErrorText)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}
