using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Events;

/// <summary>PutBucketNotificationConfiguration refuses what S3 refuses, with S3's errors, and a refusal changes nothing.</summary>
[Collection(EventsCollection.Name)]
public sealed class NotificationConfigurationTests(EventsServerFixture server)
{
    [Fact]
    public async Task PutBucketNotificationConfiguration_InvalidConfigurationsFromAwsCli_RejectedAndPreviousConfigurationKept()
    {
        var bucket = SluiceServerFixture.UniqueBucket("rejected");
        var function = await RecordingFunction.CreateAsync(server.Cli, "kept");
        await server.Cli.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        await server.Cli.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration",
            Configuration(Rule("keep", function.Arn, ["s3:ObjectCreated:*"], prefix: "keep/")));
        var previous = await GetAsync(bucket);

        var missing = function.Arn + "-missing";
        (string What, string Configuration, string[] Extra, string Message)[] rejected =
        [
            ("unknown event name", Configuration(Rule("bogus", function.Arn, ["s3:ObjectCreated:Bogus"])), [],
                "The event is not supported for notifications"),
            ("overlapping prefixes for the same event type", Configuration(
                Rule("all-logs", function.Arn, ["s3:ObjectCreated:*"], prefix: "logs/"),
                Rule("logs-2024", function.Arn, ["s3:ObjectCreated:Put"], prefix: "logs/2024/")), [],
                "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type."),
            ("overlapping suffixes for the same event type", Configuration(
                Rule("jpg", function.Arn, ["s3:ObjectRemoved:*"], suffix: "jpg"),
                Rule("dot-jpg", function.Arn, ["s3:ObjectRemoved:Delete"], suffix: ".jpg")), [],
                "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type."),
            ("a function that does not exist", Configuration(Rule("missing", missing, ["s3:ObjectCreated:*"])), [],
                "Unable to validate the following destination configurations"),
            ("an ARN that does not parse, even with validation skipped", Configuration(Rule("bad-arn", "function-name-only", ["s3:ObjectCreated:*"])),
                ["--skip-destination-validation"], "The ARN could not be parsed"),
            ("an empty filter value", Configuration(Rule("empty", function.Arn, ["s3:ObjectCreated:*"], prefix: "")), [],
                "filter value cannot be empty"),
            ("two prefix rules in one filter", $$"""
                {"LambdaFunctionConfigurations": [{"LambdaFunctionArn": "{{function.Arn}}", "Events": ["s3:ObjectCreated:*"],
                  "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "a/"}, {"Name": "prefix", "Value": "b/"}]} } }]}
                """, [], "Cannot specify more than one prefix rule in a filter."),
        ];
        foreach (var (what, configuration, extra, message) in rejected)
        {
            var result = await server.Cli.RunAsync(["s3api", "put-bucket-notification-configuration", "--bucket", bucket,
                "--notification-configuration", configuration, .. extra]);
            Assert.True(result.ExitCode != 0, $"{what} was accepted");
            Assert.Contains($"An error occurred (InvalidArgument) when calling the PutBucketNotificationConfiguration operation: {message}", result.Stderr);
            Assert.True(previous == await GetAsync(bucket), $"rejecting {what} changed the configuration");
        }

        // The function that does not exist is accepted once validation is skipped, as S3 does.
        await server.Cli.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket,
            "--notification-configuration", Configuration(Rule("later", missing, ["s3:ObjectCreated:*"])), "--skip-destination-validation");
        var accepted = JsonDocument.Parse(await GetAsync(bucket)).RootElement.GetProperty("LambdaFunctionConfigurations");
        Assert.Equal(("later", missing), (accepted[0].GetProperty("Id").GetString(), accepted[0].GetProperty("LambdaFunctionArn").GetString()));
    }

    [Fact]
    public async Task PutBucketNotificationConfiguration_Boto3SkipDestinationValidationAndMalformedXml_BehaveAsS3()
    {
        var bucket = SluiceServerFixture.UniqueBucket("skip-validation");
        var later = RecordingFunction.Define(server.Cli, "later");
        var outcome = await server.Boto3Async($$"""
            import boto3, json, os
            from botocore.exceptions import ClientError
            s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
            bucket = '{{bucket}}'
            s3.create_bucket(Bucket=bucket)
            configuration = {'LambdaFunctionConfigurations': [
                {'Id': 'later', 'LambdaFunctionArn': '{{later.Arn}}', 'Events': ['s3:ObjectCreated:*']}]}
            def get():
                response = s3.get_bucket_notification_configuration(Bucket=bucket)
                response.pop('ResponseMetadata')
                return response
            out = {'before': get()}
            try:
                s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=configuration)
                out['missing'] = 'accepted'
            except ClientError as error:
                out['missing'] = error.response['Error']
            out['afterMissing'] = get()
            s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=configuration, SkipDestinationValidation=True)
            out['skipped'] = get()

            broken = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
            def corrupt(request, **kwargs):
                request.data = b'<NotificationConfiguration><CloudFunctionConfiguration><Id>cut'
            broken.meta.events.register('before-sign.s3.PutBucketNotificationConfiguration', corrupt)
            try:
                broken.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
                out['malformed'] = 'accepted'
            except ClientError as error:
                out['malformed'] = error.response['Error']
            out['afterMalformed'] = get()
            print(json.dumps(out))
            """, "boto3 configuration with a missing function, skipped validation and malformed XML");

        Assert.Equal("{}", outcome.GetProperty("before").ToString());
        var missing = outcome.GetProperty("missing");
        Assert.Equal(JsonValueKind.Object, missing.ValueKind);
        Assert.Equal("InvalidArgument", missing.GetProperty("Code").GetString());
        Assert.Equal("Unable to validate the following destination configurations", missing.GetProperty("Message").GetString());
        Assert.Equal(later.Arn, missing.GetProperty("ArgumentName1").GetString());
        Assert.Equal("The destination Lambda does not exist", missing.GetProperty("ArgumentValue1").GetString());
        Assert.Equal("{}", outcome.GetProperty("afterMissing").ToString());

        var skipped = outcome.GetProperty("skipped").GetProperty("LambdaFunctionConfigurations")[0];
        Assert.Equal(later.Arn, skipped.GetProperty("LambdaFunctionArn").GetString());
        var malformed = outcome.GetProperty("malformed");
        Assert.Equal(JsonValueKind.Object, malformed.ValueKind);
        Assert.Equal("MalformedXML", malformed.GetProperty("Code").GetString());
        Assert.Equal("The XML you provided was not well-formed or did not validate against our published schema.", malformed.GetProperty("Message").GetString());
        Assert.Equal(outcome.GetProperty("skipped").ToString(), outcome.GetProperty("afterMalformed").ToString());

        // The destination created after the configuration receives the bucket's events.
        await later.CreateAsync();
        var body = EventsServerFixture.TempFile(10);
        var (put, _) = await server.CliWriteAsync("PutObject", "s3api", "put-object", "--bucket", bucket, "--key", "arrives.txt", "--body", body);
        var received = Assert.Single(await later.WaitForAsync(1, "the put after the function was created"));
        Assert.Equal(("arrives.txt", put), (received.Key, received.Record.GetProperty("responseElements").GetProperty("x-amz-request-id").GetString()));
    }

    private async Task<string> GetAsync(string bucket) =>
        await server.Cli.RunOkAsync("s3api", "get-bucket-notification-configuration", "--bucket", bucket);

    private static string Configuration(params string[] rules) =>
        $$"""{"LambdaFunctionConfigurations": [{{string.Join(", ", rules)}}]}""";

    private static string Rule(string id, string arn, string[] events, string? prefix = null, string? suffix = null)
    {
        var filters = new List<string>();
        if (prefix is not null) filters.Add($$"""{"Name": "prefix", "Value": "{{prefix}}"}""");
        if (suffix is not null) filters.Add($$"""{"Name": "suffix", "Value": "{{suffix}}"}""");
        var filter = filters.Count == 0 ? "" : $$""", "Filter": {"Key": {"FilterRules": [{{string.Join(", ", filters)}}]} }""";
        return $$"""{"Id": "{{id}}", "LambdaFunctionArn": "{{arn}}", "Events": [{{string.Join(", ", events.Select(e => $"\"{e}\""))}}]{{filter}}}""";
    }
}
