using Amazon.Runtime;
using Amazon.S3;

namespace Sluice.AcceptanceTests.Infrastructure;

/// <summary>AWSSDK.S3 clients pointed at a Sluice endpoint.</summary>
public static class S3Clients
{
    /// <summary>The SDK as users configure it for a custom endpoint: path style, default checksums and retries.</summary>
    public static AmazonS3Client Create(string endpoint) =>
        new(new BasicAWSCredentials(SluiceProcess.AccessKey, SluiceProcess.SecretKey), new AmazonS3Config
        {
            ServiceURL = endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
        });

    /// <summary>No retries: a success response is exactly one acknowledged write (what the crash tests count).</summary>
    public static AmazonS3Client CreateWithoutRetries(string endpoint) =>
        new(new BasicAWSCredentials(SluiceProcess.AccessKey, SluiceProcess.SecretKey), new AmazonS3Config
        {
            ServiceURL = endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromSeconds(20),
        });
}
