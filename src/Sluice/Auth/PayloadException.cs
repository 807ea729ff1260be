namespace Sluice.Auth;

/// <summary>The body turned out not to be what was signed or declared; answer with <see cref="Failure"/>.</summary>
public sealed class PayloadException(AuthFailure failure) : IOException(failure.Message)
{
    public AuthFailure Failure { get; } = failure;
}
