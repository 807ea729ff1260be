using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sluice.Auth;
using Sluice.Functions.Async;
using Sluice.Functions.Definitions;
using Sluice.Functions.Environments;
using Sluice.Functions.EventSources;
using Sluice.Functions.Logs;
using Sluice.Functions.Scheduling;
using Sluice.Gateway;
using Sluice.Sqs.Queues;

namespace Sluice.Functions.Api;

/// <summary>
/// The Lambda REST-JSON API (control plane and Invoke). The edge calls it for every
/// authenticated request under one of Lambda's date-versioned path prefixes.
/// </summary>
public sealed partial class LambdaApi(
    FunctionRegistry registry,
    CodeStore codeStore,
    FunctionScheduler scheduler,
    AsyncInvocationQueue queue,
    InvocationLogStore logs,
    EnvironmentFactory environments,
    IEnumerable<IInvocationRecordTarget> targets,
    EventSourceMappingStore mappings,
    EventSourcePollers pollers,
    SqsQueueStore queues,
    TimeProvider time) : IEdgeProtocol
{
    private static readonly string[] Prefixes =
        ["/2015-03-31/", "/2016-08-19/", "/2017-10-31/", "/2019-09-25/", "/2019-09-30/", "/2020-06-30/", "/2021-10-31/"];

    public static bool Handles(PathString path) =>
        path.Value is { } value && Prefixes.Any(prefix => value.StartsWith(prefix, StringComparison.Ordinal));

    public bool AllowsAnonymous(HttpRequest request) => false;

    public Task WriteAuthFailureAsync(HttpContext context, AuthFailure failure) =>
        LambdaErrors.WriteAsync(context, LambdaErrors.Unauthenticated(failure));

    public Task WriteInternalErrorAsync(HttpContext context) =>
        LambdaErrors.WriteAsync(context, new LambdaException(LambdaErrors.Service, "An internal error occurred in Sluice; the server log has the details."));

    public async Task HandleAsync(HttpContext context, AuthResult auth)
    {
        try
        {
            await RouteAsync(context);
        }
        catch (LambdaException error)
        {
            await LambdaErrors.WriteAsync(context, error);
        }
    }

    private Task RouteAsync(HttpContext context)
    {
        var method = context.Request.Method;
        // Kestrel has decoded the path once, so a percent-encoded ARN (JS v3) arrives as plain text.
        var segments = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        return (method, segments) switch
        {
            ("GET", ["2015-03-31", "functions"]) => ListFunctionsAsync(context),                                   // ListFunctions
            ("POST", ["2015-03-31", "functions"]) => CreateFunctionAsync(context),                                 // CreateFunction
            ("GET", ["2015-03-31", "functions", var name]) => GetFunctionAsync(context, name),                     // GetFunction
            ("DELETE", ["2015-03-31", "functions", var name]) => DeleteFunctionAsync(context, name),               // DeleteFunction
            ("GET", ["2015-03-31", "functions", var name, "configuration"]) => GetConfigurationAsync(context, name), // GetFunctionConfiguration
            ("PUT", ["2015-03-31", "functions", var name, "configuration"]) => UpdateConfigurationAsync(context, name), // UpdateFunctionConfiguration
            ("PUT", ["2015-03-31", "functions", var name, "code"]) => UpdateCodeAsync(context, name),              // UpdateFunctionCode
            ("POST", ["2015-03-31", "functions", var name, "invocations"]) => InvokeAsync(context, name),          // Invoke
            ("PUT", ["2017-10-31", "functions", var name, "concurrency"]) => PutConcurrencyAsync(context, name),   // PutFunctionConcurrency
            ("DELETE", ["2017-10-31", "functions", var name, "concurrency"]) => DeleteConcurrencyAsync(context, name), // DeleteFunctionConcurrency
            ("GET", ["2019-09-30", "functions", var name, "concurrency"]) => GetConcurrencyAsync(context, name),   // GetFunctionConcurrency
            ("PUT", ["2019-09-25", "functions", var name, "event-invoke-config"]) => PutEventInvokeConfigAsync(context, name, replace: true),   // PutFunctionEventInvokeConfig
            ("POST", ["2019-09-25", "functions", var name, "event-invoke-config"]) => PutEventInvokeConfigAsync(context, name, replace: false), // UpdateFunctionEventInvokeConfig
            ("GET", ["2019-09-25", "functions", var name, "event-invoke-config"]) => GetEventInvokeConfigAsync(context, name),    // GetFunctionEventInvokeConfig
            ("DELETE", ["2019-09-25", "functions", var name, "event-invoke-config"]) => DeleteEventInvokeConfigAsync(context, name), // DeleteFunctionEventInvokeConfig
            ("POST", ["2015-03-31", "event-source-mappings"]) => CreateEventSourceMappingAsync(context),          // CreateEventSourceMapping
            ("GET", ["2015-03-31", "event-source-mappings"]) => ListEventSourceMappingsAsync(context),            // ListEventSourceMappings
            ("GET", ["2015-03-31", "event-source-mappings", "sluice-status"]) => GetMappingStatusAsync(context),   // sluice events mappings (Sluice's own)
            ("GET", ["2015-03-31", "event-source-mappings", var uuid]) => GetEventSourceMappingAsync(context, uuid),     // GetEventSourceMapping
            ("PUT", ["2015-03-31", "event-source-mappings", var uuid]) => UpdateEventSourceMappingAsync(context, uuid),  // UpdateEventSourceMapping
            ("DELETE", ["2015-03-31", "event-source-mappings", var uuid]) => DeleteEventSourceMappingAsync(context, uuid), // DeleteEventSourceMapping
            ("GET", ["2016-08-19", "account-settings"]) => GetAccountSettingsAsync(context),                        // GetAccountSettings
            ("GET", ["2015-03-31", "functions", var name, "sluice-logs"]) => GetLogsAsync(context, name),          // sluice logs (Sluice's own)
            _ => throw new LambdaException(LambdaErrors.UnknownOperation, $"Unknown operation {method} {context.Request.Path}"),
        };
    }

    /// <summary>The function a path names; only $LATEST exists (no versions or aliases yet).</summary>
    private FunctionState Resolve(string functionName, string? qualifier = null)
    {
        var (name, pathQualifier) = LambdaArns.Parse(functionName);
        qualifier ??= pathQualifier;
        var arn = environments.FunctionArn(name);
        if (registry.Find(name) is not { } state)
            throw LambdaErrors.FunctionNotFound(arn);
        if (qualifier is not null && qualifier != "$LATEST")
            throw LambdaErrors.FunctionNotFound($"{arn}:{qualifier}");
        return state;
    }

    private static string? Qualifier(HttpContext context) =>
        context.Request.Query.TryGetValue("Qualifier", out var value) && value.Count > 0 ? value[0] : null;

    private static async Task<T> ReadJsonAsync<T>(HttpContext context, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, type)
                ?? throw new LambdaException(LambdaErrors.InvalidRequestContent, "Request body must be a JSON object.");
        }
        catch (JsonException error)
        {
            throw new LambdaException(LambdaErrors.InvalidRequestContent, "Could not parse request body into json: " + error.Message);
        }
    }

    private static async Task WriteJsonAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type);
    }

    private static Task NoContent(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
