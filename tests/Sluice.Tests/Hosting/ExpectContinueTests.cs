using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sluice.Hosting;

namespace Sluice.Tests.Hosting;

public class ExpectContinueTests
{
    private const string Continue = "HTTP/1.1 100 Continue\r\n\r\n";

    [Theory]
    [InlineData(false, false, 200)] // empty body: Kestrel never answers
    [InlineData(true, false, 200)] // a body the operation did not read
    [InlineData(false, false, 204)]
    public async Task HandleAsync_AcceptedWithoutKestrelsContinue_WritesContinueAndKeepsConnection(bool canHaveBody, bool bodyStarted, int status)
    {
        var request = new FakeRequest(canHaveBody, bodyStarted);

        var (written, connection) = await request.RunAsync(status);

        Assert.Equal((Continue, null), (written, connection));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(400)] // e.g. BadDigest, found once the body was read
    public async Task HandleAsync_BodyBeingRead_LeavesTheAnswerToKestrel(int status)
    {
        var request = new FakeRequest(canHaveBody: true, bodyStarted: true);

        Assert.Equal(("", null), await request.RunAsync(status));
    }

    [Theory]
    [InlineData(true, 404)] // no such bucket, before the body
    [InlineData(true, 403)] // signature
    [InlineData(false, 404)]
    [InlineData(true, 307)]
    public async Task HandleAsync_RefusedBeforeBody_ClosesWithoutContinue(bool canHaveBody, int status)
    {
        var request = new FakeRequest(canHaveBody, bodyStarted: false);

        Assert.Equal(("", "close"), await request.RunAsync(status));
    }

    [Fact]
    public async Task HandleAsync_NoTransportToWriteTo_ClosesInstead()
    {
        var request = new FakeRequest(canHaveBody: false, bodyStarted: false, withTransport: false);

        Assert.Equal(("", "close"), await request.RunAsync(200));
    }

    [Theory]
    [InlineData("HTTP/1.0", "100-continue")]
    [InlineData("HTTP/1.1", null)]
    [InlineData("HTTP/1.1", "something-else")]
    public async Task HandleAsync_NoHttp11Expectation_ChangesNothing(string protocol, string? expect)
    {
        var request = new FakeRequest(canHaveBody: false, bodyStarted: false, protocol: protocol, expect: expect);

        Assert.Equal(("", null), await request.RunAsync(200));
    }

    /// <summary>A request as Kestrel presents it: body detection, body size limit, transport, and OnStarting run at response start.</summary>
    private sealed class FakeRequest
    {
        private readonly DefaultHttpContext _context = new();
        private readonly ResponseFeature _response = new();
        private readonly Pipe _output = new();

        public FakeRequest(bool canHaveBody, bool bodyStarted, bool withTransport = true, string protocol = "HTTP/1.1",
            string? expect = "100-continue")
        {
            _context.Features.Set<IHttpResponseFeature>(_response);
            _context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(canHaveBody));
            _context.Features.Set<IHttpMaxRequestBodySizeFeature>(new BodySizeLimit(bodyStarted));
            if (withTransport) _context.Features.Set<IConnectionTransportFeature>(new ConnectionTransport(_output));
            _context.Request.Protocol = protocol;
            if (expect is not null) _context.Request.Headers.Expect = expect;
        }

        /// <summary>Runs the middleware around an operation that answers <paramref name="status"/>; what reached the connection before the response head, and the Connection header.</summary>
        public async Task<(string Written, string? Connection)> RunAsync(int status)
        {
            await ExpectContinue.HandleAsync(_context, context =>
            {
                context.Response.StatusCode = status;
                return Task.CompletedTask;
            });
            await _response.StartAsync();
            await _output.Writer.CompleteAsync();
            var read = await _output.Reader.ReadAsync();
            var written = Encoding.ASCII.GetString(read.Buffer.ToArray());
            var connection = _context.Response.Headers.Connection;
            return (written, connection.Count == 0 ? null : connection.ToString());
        }
    }

    private sealed class ResponseFeature : HttpResponseFeature
    {
        private readonly Stack<(Func<object, Task> Callback, object State)> _onStarting = new();

        public override void OnStarting(Func<object, Task> callback, object state) => _onStarting.Push((callback, state));

        public async Task StartAsync()
        {
            while (_onStarting.TryPop(out var entry))
                await entry.Callback(entry.State);
        }
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => canHaveBody;
    }

    private sealed class BodySizeLimit(bool bodyStarted) : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => bodyStarted;
        public long? MaxRequestBodySize { get; set; }
    }

    private sealed class ConnectionTransport(Pipe output) : IConnectionTransportFeature, IDuplexPipe
    {
        public IDuplexPipe Transport { get => this; set => throw new NotSupportedException(); }
        public PipeReader Input => throw new NotSupportedException();
        public PipeWriter Output => output.Writer;
    }
}
