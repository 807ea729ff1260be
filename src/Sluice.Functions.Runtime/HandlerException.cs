namespace Sluice.Functions.Runtime;

/// <summary>The handler setting names nothing that can run; reported with a Lambda <c>Runtime.*</c> error type.</summary>
internal sealed class HandlerException(string errorType, string message) : Exception(message)
{
    public string ErrorType { get; } = errorType;

    public static HandlerException NotFound(string message) => new("Runtime.HandlerNotFound", message);
}
