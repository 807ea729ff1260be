using Sluice.Functions.Definitions;

namespace Sluice.Functions.Api;

// Put/Update/Get/DeleteFunctionEventInvokeConfig.
public sealed partial class LambdaApi
{
    private async Task PutEventInvokeConfigAsync(HttpContext context, string functionName, bool replace)
    {
        var name = Resolve(functionName, Qualifier(context)).Definition.Name;
        var request = await ReadJsonAsync(context, LambdaJsonContext.Default.EventInvokeConfigRequest);
        if (request.MaximumRetryAttempts is < 0 or > 2)
            throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{request.MaximumRetryAttempts}' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2");
        if (request.MaximumEventAgeInSeconds is < 60 or > 21600)
            throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{request.MaximumEventAgeInSeconds}' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value between 60 and 21600");
        var onSuccess = ValidDestination(request.DestinationConfig?.OnSuccess?.Destination);
        var onFailure = ValidDestination(request.DestinationConfig?.OnFailure?.Destination);

        var updated = await registry.MutateAsync(name, existing =>
        {
            var current = Current(existing, name, null);
            var previous = replace ? null : current.EventInvokeConfig;
            var config = new EventInvokeConfig
            {
                MaximumRetryAttempts = request.MaximumRetryAttempts ?? previous?.MaximumRetryAttempts,
                MaximumEventAgeInSeconds = request.MaximumEventAgeInSeconds ?? previous?.MaximumEventAgeInSeconds,
                OnSuccess = request.DestinationConfig?.OnSuccess is not null ? onSuccess : previous?.OnSuccess,
                OnFailure = request.DestinationConfig?.OnFailure is not null ? onFailure : previous?.OnFailure,
                LastModified = time.GetUtcNow(),
            };
            return current with { EventInvokeConfig = config };
        });
        await WriteJsonAsync(context, 200, ToResponse(name, updated.EventInvokeConfig!), LambdaJsonContext.Default.EventInvokeConfigResponse);
    }

    private Task GetEventInvokeConfigAsync(HttpContext context, string functionName)
    {
        var state = Resolve(functionName, Qualifier(context));
        var name = state.Definition.Name;
        var config = state.EventInvokeConfig ?? throw new LambdaException(LambdaErrors.ResourceNotFound,
            $"The function {environments.FunctionArn(name)}:$LATEST doesn't have an EventInvokeConfig");
        return WriteJsonAsync(context, 200, ToResponse(name, config), LambdaJsonContext.Default.EventInvokeConfigResponse);
    }

    private async Task DeleteEventInvokeConfigAsync(HttpContext context, string functionName)
    {
        var state = Resolve(functionName, Qualifier(context));
        var name = state.Definition.Name;
        if (state.EventInvokeConfig is null)
            throw new LambdaException(LambdaErrors.ResourceNotFound, $"The function {environments.FunctionArn(name)}:$LATEST doesn't have an EventInvokeConfig");
        await registry.MutateAsync(name, existing => Current(existing, name, null) with { EventInvokeConfig = null });
        await NoContent(context);
    }

    /// <summary>
    /// An on-success or on-failure destination: a function, or a target another capability serves (a queue); checked
    /// to exist now, as Lambda checks that the destination can be reached.
    /// </summary>
    private string? ValidDestination(string? arn)
    {
        if (string.IsNullOrEmpty(arn)) return null;
        if (LambdaArns.FunctionName(arn) is not null) return arn;
        return ValidTarget(arn, "destination", "Lambda functions and SQS queues (arn:aws:lambda:…:function:name, arn:aws:sqs:…:queue)");
    }

    /// <summary>DeadLetterConfig.TargetArn: a queue (SNS topics arrive with topics); an empty value removes it.</summary>
    private string? ValidDeadLetterTarget(string? arn) =>
        string.IsNullOrEmpty(arn) ? null : ValidTarget(arn, "dead-letter target", "SQS queues (arn:aws:sqs:…:queue)");

    private string ValidTarget(string arn, string role, string served)
    {
        var target = targets.FirstOrDefault(candidate => candidate.Handles(arn))
            ?? throw LambdaErrors.InvalidParameter($"The {role} ARN {arn} is not supported by this server: Sluice delivers to {served}.");
        return target.Problem(arn) is { } problem
            ? throw LambdaErrors.InvalidParameter($"The {role} ARN {arn} cannot receive messages: {problem}.")
            : arn;
    }

    private EventInvokeConfigResponse ToResponse(string name, EventInvokeConfig config) => new()
    {
        LastModified = config.LastModified.ToUnixTimeMilliseconds() / 1000.0,
        FunctionArn = environments.FunctionArn(name) + ":$LATEST",
        MaximumRetryAttempts = config.MaximumRetryAttempts,
        MaximumEventAgeInSeconds = config.MaximumEventAgeInSeconds,
        DestinationConfig = new DestinationConfigShape
        {
            OnSuccess = new DestinationShape { Destination = config.OnSuccess },
            OnFailure = new DestinationShape { Destination = config.OnFailure },
        },
    };
}
