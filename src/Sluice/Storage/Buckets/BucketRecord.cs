namespace Sluice.Storage.Buckets;

public sealed record BucketRecord(string Name, DateTimeOffset Created, string Region, string? CorsXml);
