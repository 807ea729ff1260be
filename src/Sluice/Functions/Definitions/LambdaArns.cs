namespace Sluice.Functions.Definitions;

/// <summary>Function ARNs and the forms of FunctionName the Lambda API accepts.</summary>
public static class LambdaArns
{
    public static string Function(string region, string accountId, string name) =>
        $"arn:aws:lambda:{region}:{accountId}:function:{name}";

    /// <summary>Name and qualifier from a name, <c>name:qualifier</c>, a full ARN or a partial ARN.</summary>
    public static (string Name, string? Qualifier) Parse(string functionName)
    {
        var parts = functionName.Split(':');
        return parts switch
        {
            ["arn", _, "lambda", _, _, "function", var name] => (name, null),
            ["arn", _, "lambda", _, _, "function", var name, var qualifier] => (name, qualifier),
            [_, "function", var name] => (name, null),
            [_, "function", var name, var qualifier] => (name, qualifier),
            [var name, var qualifier] => (name, qualifier),
            _ => (functionName, null),
        };
    }

    /// <summary>The function a destination ARN names, or null when it is not a Lambda function.</summary>
    public static string? FunctionName(string arn) =>
        arn.StartsWith("arn:aws:lambda:", StringComparison.Ordinal) && Parse(arn) is { Name: var name } && !name.Contains(':')
            ? name
            : null;
}
