using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sluice.Auth;
using Sluice.Gateway;

namespace Sluice.Tests.Gateway;

public sealed class EdgeMiddlewareTests
{
    [Fact]
    public async Task HandleAsync_HandlerThrows_AnswersProtocolsInternalErrorAndLogsIt()
    {
        var logs = new RecordingLoggerProvider();
        var throwing = new ThrowingProtocol();
        var edge = Edge(throwing, logs);
        var context = Context();

        await edge.HandleAsync(context);

        Assert.True(throwing.WroteInternalError);
        var logged = Assert.Single(logs.Errors);
        Assert.Contains(RequestIds.Of(context), logged);
    }

    [Fact]
    public async Task HandleAsync_AnonymousWhereNotAllowed_AnswersProtocolsAuthFailure()
    {
        var protocol = new ThrowingProtocol { Anonymous = false };
        var edge = Edge(protocol, new RecordingLoggerProvider());

        await edge.HandleAsync(Context());

        Assert.Equal(AuthFailureKind.MissingCredentials, protocol.AuthFailure?.Kind);
        Assert.False(protocol.Handled);
    }

    private static EdgeMiddleware Edge(IEdgeProtocol protocol, RecordingLoggerProvider logs)
    {
        var table = new ProtocolTable(protocol, protocol, protocol, protocol, protocol);
        var authenticator = new RequestAuthenticator(Auth.TestRequests.Credentials("AKID", "secret"), TimeProvider.System);
        return new EdgeMiddleware(table, authenticator, new Logger<EdgeMiddleware>(LoggerFactory.Create(builder => builder.AddProvider(logs))));
    }

    private static DefaultHttpContext Context()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/photos";
        context.Response.Body = new MemoryStream();
        return context;
    }

    private sealed class ThrowingProtocol : IEdgeProtocol
    {
        public bool Anonymous { get; init; } = true;
        public bool Handled { get; private set; }
        public bool WroteInternalError { get; private set; }
        public AuthFailure? AuthFailure { get; private set; }

        public bool AllowsAnonymous(HttpRequest request) => Anonymous;

        public Task HandleAsync(HttpContext context, AuthResult auth)
        {
            Handled = true;
            throw new InvalidOperationException("boom");
        }

        public Task WriteAuthFailureAsync(HttpContext context, AuthFailure failure)
        {
            AuthFailure = failure;
            return Task.CompletedTask;
        }

        public Task WriteInternalErrorAsync(HttpContext context)
        {
            WroteInternalError = true;
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        public List<string> Errors { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Recorder(Errors);

        public void Dispose()
        {
        }

        private sealed class Recorder(List<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error && exception is not null) errors.Add(formatter(state, exception));
            }
        }
    }
}
