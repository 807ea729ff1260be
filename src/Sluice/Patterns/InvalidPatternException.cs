namespace Sluice.Patterns;

/// <summary>A pattern the dialect rejects. <see cref="Exception.Message"/> is the service's own wording, ready to
/// return to the client; <see cref="Reason"/> is the bare cause (the same for every dialect).</summary>
public sealed class InvalidPatternException(string message) : Exception(message)
{
    public string Reason { get; init; } = message;
}
