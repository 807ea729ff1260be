using System.Text;
using System.Text.Json;

namespace Sluice.AcceptanceTests.Functions;

/// <summary>Handlers that use the AWS SDK for JavaScript Sluice provides, with only the environment Sluice gives them.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class S3HandlerTests(FunctionsServerFixture server)
{
    [Fact]
    public async Task NodeHandlerWithAwsSdk_Invoke_ReadsObjectFromSluiceS3WithoutNodeVersionWarning()
    {
        var bucket = FunctionsServerFixture.UniqueName("sdkread").ToLowerInvariant();
        await server.Cli.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "hello from sluice s3");
        await server.Cli.RunOkAsync("s3api", "put-object", "--bucket", bucket, "--key", "docs/greeting.txt", "--body", file);

        var name = FunctionsServerFixture.UniqueName("sdk");
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler", new Dictionary<string, string>
        {
            ["index.js"] = """
                const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
                const s3 = new S3Client({});
                exports.handler = async (event) => {
                  const object = await s3.send(new GetObjectCommand({ Bucket: event.bucket, Key: event.key }));
                  return { body: await object.Body.transformToString() };
                };
                """,
        }, "--timeout", "30");
        var (output, payload) = await server.InvokeAsync(name, $$"""{"bucket":"{{bucket}}","key":"docs/greeting.txt"}""", "--log-type", "Tail");
        Assert.Equal("hello from sluice s3", JsonDocument.Parse(payload).RootElement.GetProperty("body").GetString());
        // The SDK's versions are pinned to ones that support the Node.js they run on without warning about it.
        var log = Encoding.UTF8.GetString(Convert.FromBase64String(output.GetProperty("LogResult").GetString()!));
        Assert.Contains("REPORT RequestId:", log);
        Assert.DoesNotContain("NodeVersionSupportWarning", log);
    }

    [Fact]
    public async Task EsModuleHandlerWithAwsSdk_Invoke_WritesObjectToSluiceS3()
    {
        var bucket = FunctionsServerFixture.UniqueName("sdkwrite").ToLowerInvariant();
        await server.Cli.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        var name = FunctionsServerFixture.UniqueName("sdkesm");
        await server.CreateFunctionAsync(name, "nodejs22.x", "index.handler", new Dictionary<string, string>
        {
            ["index.mjs"] = """
                import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
                const s3 = new S3Client({});
                export const handler = async (event) => {
                  await s3.send(new PutObjectCommand({ Bucket: event.bucket, Key: 'out/report.txt', Body: `written by ${event.who}` }));
                  return 'stored';
                };
                """,
        }, "--timeout", "30");
        var (output, payload) = await server.InvokeAsync(name, $$"""{"bucket":"{{bucket}}","who":"an ES module"}""");
        Assert.False(output.TryGetProperty("FunctionError", out _), payload);
        Assert.Equal("\"stored\"", payload);

        var target = Path.GetTempFileName();
        await server.Cli.RunOkAsync("s3api", "get-object", "--bucket", bucket, "--key", "out/report.txt", target);
        Assert.Equal("written by an ES module", await File.ReadAllTextAsync(target));
    }
}
