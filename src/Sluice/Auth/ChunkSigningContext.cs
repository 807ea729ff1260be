namespace Sluice.Auth;

/// <summary>The seed of a signed aws-chunked body: each chunk's signature chains from the previous one.</summary>
internal sealed record ChunkSigningContext(byte[] SigningKey, string Timestamp, string Scope, string SeedSignature);
