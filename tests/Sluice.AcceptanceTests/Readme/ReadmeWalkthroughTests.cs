using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Sluice.AcceptanceTests.Events;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Readme;

/// <summary>
/// A new user's first hour, from a clean clone: the README's first command, its tour and its functions section, then
/// the thumbnails sample's README, each run exactly as written (the shell blocks, in order) with the real AWS CLI. The
/// test knows only what the README says: the port it names, the health URL it documents, what its commands leave behind.
/// </summary>
public sealed class ReadmeWalkthroughTests : IAsyncLifetime
{
    private const string Endpoint = "http://127.0.0.1:4566";
    private static readonly TimeSpan FirstStart = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    private readonly string _folder = Directory.CreateTempSubdirectory("sluice-readme-").FullName;
    private readonly StringBuilder _serverOutput = new();
    private Process? _server;

    private string Clone => Path.Combine(_folder, "sluice");

    /// <summary>A user's shell: the AWS CLI on PATH, no profile of the machine's, aliases expanded as they are when typed.</summary>
    private static readonly IReadOnlyDictionary<string, string?> UserShell = new Dictionary<string, string?>
    {
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
        ["AWS_PAGER"] = "",
        ["AWS_ACCESS_KEY_ID"] = null,
        ["AWS_SECRET_ACCESS_KEY"] = null,
        ["AWS_ENDPOINT_URL"] = null,
        ["PATH"] = Path.GetDirectoryName(Tools.Aws) is { Length: > 0 } awsFolder
            ? awsFolder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH")
            : Environment.GetEnvironmentVariable("PATH"),
    };

    public async Task InitializeAsync() =>
        (await ProcessRunner.RunAsync("git", ["clone", "--quiet", SluiceProcess.RepositoryRoot, Clone])).EnsureSuccess("git clone");

    [Fact]
    public async Task Readme_FreshClone_FirstCommandTourFunctionsAndThumbnailsSampleWorkAsWritten()
    {
        var readme = MarkdownBlocks.ShellBlocks(await File.ReadAllTextAsync(Path.Combine(Clone, "README.md")));
        var firstCommand = FirstCommand(MarkdownBlocks.Under(readme, "Two commands")[0].Code);
        Assert.Equal("./sluice server", firstCommand);
        Assert.False(PortTaken(4566), "127.0.0.1:4566, the README's port, is already in use on this machine; stop what listens there");

        StartServer(firstCommand);
        await WaitHealthyAsync();

        var tour = string.Join('\n', new[] { "A short tour with the AWS CLI", "Functions and events", "Queues" }
            .SelectMany(section => MarkdownBlocks.Under(readme, section)).Select(block => block.Code));
        await RunShellAsync(tour, Clone, "the README's tour, its functions section and its queues section");
        await AssertTourOutcomeAsync();

        var sample = MarkdownBlocks.ShellBlocks(await File.ReadAllTextAsync(Path.Combine(Clone, "samples", "thumbnails", "README.md")));
        await RunShellAsync(MarkdownBlocks.Under(sample, "Run it")[0].Code, Clone, "the thumbnails sample's 'Run it'");
        var sampleFolder = Path.Combine(Clone, "samples", "thumbnails");
        var picture = new FileInfo(Path.Combine(sampleFolder, "picture.jpg"));
        var thumbnail = new FileInfo(Path.Combine(sampleFolder, "cat-thumbnail.jpg"));
        Assert.True(thumbnail.Exists, "the sample's README downloads cat-thumbnail.jpg");
        Assert.True(thumbnail.Length < picture.Length, $"thumbnail {thumbnail.Length} bytes, picture {picture.Length}");
        Assert.Equal((128, 96), ImageSize.OfJpeg(await File.ReadAllBytesAsync(thumbnail.FullName)));
        var seen = await RunShellAsync(MarkdownBlocks.Under(sample, "When you want to see what happened")[0].Code, sampleFolder,
            "the thumbnails sample's 'When you want to see what happened'");
        Assert.Contains("thumbnails-uploads/uploads/cat.jpg 640x480 -> thumbnails-output/uploads/cat.jpg 128x96", seen);

        await StopServerAsync();
    }

    /// <summary>What the tour's commands leave: its objects, a handler run by hand, one run by the S3 event and one by the queue's mapping.</summary>
    private async Task AssertTourOutcomeAsync()
    {
        var cli = new AwsCli(Endpoint);
        var listed = await cli.RunOkAsync("s3", "ls", "s3://photos", "--recursive");
        Assert.Contains("uploads/cat.jpg", listed);
        Assert.Contains("uploads/dog.jpg", listed);
        Assert.Contains("site/index.html", listed);
        Assert.Contains("\"ok\":true", (await File.ReadAllTextAsync(Path.Combine(Clone, "tour", "out.json"))).Replace(" ", ""));
        var logs = "";
        await Poll.UntilAsync(async () =>
        {
            logs = await RunShellAsync("./sluice logs on-upload", Clone, "sluice logs");
            return logs.Contains("uploads/dog.jpg", StringComparison.Ordinal) && logs.Contains("\"name\":\"Ada\"", StringComparison.Ordinal)
                && logs.Contains("\"eventSource\":\"aws:sqs\"", StringComparison.Ordinal) && logs.Contains("{\\\"job\\\":2}", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60), () => "the handler's log to show the event of uploads/dog.jpg, the invoke by hand and the queue's message; it has:\n" + logs);
    }

    private static string FirstCommand(string block)
    {
        var line = block.Split('\n').First(text => text.Trim().Length > 0);
        var comment = line.IndexOf(" #", StringComparison.Ordinal);
        return (comment < 0 ? line : line[..comment]).Trim();
    }

    private void StartServer(string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", "exec " + command])
        {
            WorkingDirectory = Clone,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _server = new Process { StartInfo = start, EnableRaisingEvents = true };
        _server.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_serverOutput) _serverOutput.AppendLine(e.Data); };
        _server.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_serverOutput) _serverOutput.AppendLine(e.Data); };
        _server.Start();
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(async () =>
        {
            Assert.False(_server!.HasExited, $"the README's first command exited {(_server.HasExited ? _server.ExitCode : 0)}:\n{ServerOutput}");
            try
            {
                return (await http.GetAsync(Endpoint + "/_sluice/health")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, FirstStart, () => "GET /_sluice/health after the README's first command; it printed:\n" + ServerOutput);
    }

    private async Task StopServerAsync()
    {
        (await ProcessRunner.RunAsync("kill", ["-s", "TERM", _server!.Id.ToString()])).EnsureSuccess("kill -s TERM");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _server.WaitForExitAsync(deadline.Token);
        Assert.Equal(0, _server.ExitCode);
        Assert.Contains("sluice: stopped", ServerOutput);
    }

    private async Task<string> RunShellAsync(string script, string folder, string what)
    {
        var result = await ProcessRunner.RunAsync("bash", ["-e", "-O", "expand_aliases", "-c", script], UserShell, folder, timeout: Step);
        Assert.True(result.ExitCode == 0, $"{what} failed with exit code {result.ExitCode}\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}\nserver:\n{ServerOutput}");
        return result.Stdout + result.Stderr;
    }

    private string ServerOutput { get { lock (_serverOutput) return _serverOutput.ToString(); } }

    private static bool PortTaken(int port)
    {
        try
        {
            using var probe = new TcpClient();
            probe.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is { HasExited: false } server)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }
}
