using System.CommandLine;
using Sluice.Hosting;

namespace Sluice.Cli;

/// <summary>`sluice server`: runs every service on one port over an embedded data folder.</summary>
public static class ServerCommand
{
    public const string Name = "server";

    public static Command Create()
    {
        var host = new Option<string>("--host")
        {
            Description = "Address to listen on. Anything beyond loopback requires explicit credentials.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var port = new Option<int>("--port")
        {
            Description = "TCP port for every API: S3, Lambda and the event log. 0 picks a free port.",
            DefaultValueFactory = _ => 4566,
        }.InRange(0, 65535);
        var data = new Option<string>("--data")
        {
            Description = "Data folder holding the catalog (SQLite), the object blobs and the functions' code; relative to the current folder.",
            DefaultValueFactory = _ => "./.sluice",
        };
        var accessKey = new Option<string?>("--access-key")
        {
            Description = "Root access key id (or SLUICE_ACCESS_KEY_ID). Defaults to 'test' on loopback.",
        };
        var secretKey = new Option<string?>("--secret-key")
        {
            Description = "Root secret access key (or SLUICE_SECRET_ACCESS_KEY). Defaults to 'test' on loopback.",
        };

        var command = new Command(Name, "Run the Sluice server: S3, functions, SQS queues and events on one port.")
        {
            host, port, data, accessKey, secretKey,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var credentials = RootCredentials.Resolve(
                parse.GetValue(accessKey) ?? Environment.GetEnvironmentVariable("SLUICE_ACCESS_KEY_ID"),
                parse.GetValue(secretKey) ?? Environment.GetEnvironmentVariable("SLUICE_SECRET_ACCESS_KEY"),
                parse.GetValue(host)!);
            if (credentials.Error is { } error)
                throw CliException.Usage(error);

            var options = new SluiceOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                DataPath = CliPaths.Folder(parse.GetValue(data)!, "--data"),
                AccessKey = credentials.AccessKey!,
                SecretKey = credentials.SecretKey!,
                CredentialsAreDefault = credentials.AreDefault,
            };
            return await SluiceServer.RunAsync(options, cancellationToken);
        });
        return command;
    }
}
