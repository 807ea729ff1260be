using System.Buffers;
using System.CommandLine;
using System.Diagnostics;

namespace Sluice.Bench.Storage;

/// <summary>
/// The floor: the least an HTTP object store must do on this machine. Bare Kestrel, no auth, no catalog:
/// PUT streams the body to a new file, fsyncs it and renames it over the key's file; GET streams the
/// file back. It runs as a child process (the hidden `floor-server` command) so that its CPU is counted
/// apart from the client's, the same way as Sluice's, and its start-up is measured the same way too.
/// </summary>
public static class FloorServer
{
    // Sluice copies bodies in 256 KiB chunks too, so the chunk size is no difference between the two.
    private const int ChunkSize = 256 * 1024;
    private static readonly byte[] HealthBody = "{\"status\":\"ok\"}"u8.ToArray();

    public static Command Command()
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1; 0 picks a free one." };
        var data = new Option<string>("--data") { Description = "Folder for the object files.", Required = true };
        var command = new Command("floor-server", "The floor server the storage benchmark starts as a child.")
        {
            port, data,
        };
        command.Hidden = true;
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(port), parse.GetValue(data)!, cancellationToken));
        return command;
    }

    private static async Task RunAsync(int port, string dataPath, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var objects = Directory.CreateDirectory(Path.Combine(dataPath, "objects")).FullName;
        var temp = Directory.CreateDirectory(Path.Combine(dataPath, "tmp")).FullName;

        // The same host shape as `sluice server`: slim builder, no server header, no body size limit.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        app.Run(context => HandleAsync(context, objects, temp));
        await app.StartAsync(cancellationToken);
        Console.WriteLine($"floor listening on {app.Urls.First()}, data in {dataPath}, ready in {started.ElapsedMilliseconds} ms");
        await app.WaitForShutdownAsync(cancellationToken);
    }

    private static Task HandleAsync(HttpContext context, string objects, string temp)
    {
        var request = context.Request;
        // The same path as Sluice's health check, so the start-up probe treats both servers alike.
        if (request.Path == "/_sluice/health")
            return context.Response.Body.WriteAsync(HealthBody).AsTask();

        if (FileName(request.Path.Value) is not { } name)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        }
        var path = Path.Combine(objects, name);
        if (HttpMethods.IsPut(request.Method)) return PutAsync(context, path, temp);
        if (HttpMethods.IsGet(request.Method)) return GetAsync(context, path);
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        return Task.CompletedTask;
    }

    /// <summary>"/bucket/key" → "key", for the plain keys the benchmark uses; anything else is refused.</summary>
    private static string? FileName(string? path)
    {
        var slash = path?.IndexOf('/', 1) ?? -1;
        if (path is null || slash < 0) return null;
        var key = path[(slash + 1)..];
        return key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? key : null;
    }

    private static async Task PutAsync(HttpContext context, string path, string temp)
    {
        var cancellationToken = context.RequestAborted;
        var tempPath = Path.Combine(temp, Guid.NewGuid().ToString("N"));
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            await using (var file = new FileStream(tempPath, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
                Options = FileOptions.SequentialScan,
            }))
            {
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(tempPath, path, overwrite: true);
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task GetAsync(HttpContext context, string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                BufferSize = 0,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (FileNotFoundException)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await using (file)
        {
            context.Response.ContentLength = file.Length;
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                long position = 0;
                int read;
                while ((read = await RandomAccess.ReadAsync(file.SafeFileHandle, buffer.AsMemory(0, ChunkSize), position, context.RequestAborted)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                    position += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
