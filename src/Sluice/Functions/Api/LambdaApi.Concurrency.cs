namespace Sluice.Functions.Api;

// Put/Get/DeleteFunctionConcurrency and GetAccountSettings.
public sealed partial class LambdaApi
{
    private async Task PutConcurrencyAsync(HttpContext context, string functionName)
    {
        var name = Resolve(functionName).Definition.Name;
        var request = await ReadJsonAsync(context, LambdaJsonContext.Default.ConcurrencyShape);
        var reserved = request.ReservedConcurrentExecutions ?? throw LambdaErrors.InvalidParameter("ReservedConcurrentExecutions is required.");
        if (reserved < 0)
            throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{reserved}' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0");
        var minimumUnreserved = MinimumUnreserved();
        if (scheduler.AccountConcurrency - registry.ReservedTotal(except: name) - reserved < minimumUnreserved)
            throw LambdaErrors.InvalidParameter(
                $"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [{minimumUnreserved}].");
        await registry.MutateAsync(name, existing => Current(existing, name, null) with { ReservedConcurrency = reserved });
        queue.Wake();
        await WriteJsonAsync(context, 200, new ConcurrencyShape { ReservedConcurrentExecutions = reserved }, LambdaJsonContext.Default.ConcurrencyShape);
    }

    private Task GetConcurrencyAsync(HttpContext context, string functionName) =>
        WriteJsonAsync(context, 200, new ConcurrencyShape { ReservedConcurrentExecutions = Resolve(functionName).ReservedConcurrency },
            LambdaJsonContext.Default.ConcurrencyShape);

    private async Task DeleteConcurrencyAsync(HttpContext context, string functionName)
    {
        var name = Resolve(functionName).Definition.Name;
        await registry.MutateAsync(name, existing => Current(existing, name, null) with { ReservedConcurrency = null });
        queue.Wake();
        await NoContent(context);
    }

    private Task GetAccountSettingsAsync(HttpContext context)
    {
        var all = registry.All();
        var response = new AccountSettingsResponse
        {
            AccountLimit = new AccountLimitShape
            {
                ConcurrentExecutions = scheduler.AccountConcurrency,
                UnreservedConcurrentExecutions = scheduler.AccountConcurrency - registry.ReservedTotal(),
            },
            AccountUsage = new AccountUsageShape
            {
                FunctionCount = all.Count,
                TotalCodeSize = all.Sum(f => f.Definition.CodeSize),
            },
        };
        return WriteJsonAsync(context, 200, response, LambdaJsonContext.Default.AccountSettingsResponse);
    }

    /// <summary>AWS keeps 100 unreserved; a smaller configured account keeps a tenth.</summary>
    private int MinimumUnreserved() => Math.Min(100, scheduler.AccountConcurrency / 10);
}
