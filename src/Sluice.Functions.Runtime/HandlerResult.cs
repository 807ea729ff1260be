using System.Reflection;

namespace Sluice.Functions.Runtime;

/// <summary>How a handler's declared return type yields its value: directly, or after awaiting a task.</summary>
internal sealed class HandlerResult
{
    private readonly Kind _kind;
    private readonly PropertyInfo? _taskResult;
    private readonly MethodInfo? _asTask;

    private HandlerResult(Kind kind, Type? valueType, PropertyInfo? taskResult = null, MethodInfo? asTask = null)
    {
        _kind = kind;
        ValueType = valueType;
        _taskResult = taskResult;
        _asTask = asTask;
    }

    private enum Kind { Nothing, Value, Task, ValueTask }

    /// <summary>The type of the value the handler produces, or null when it produces none.</summary>
    public Type? ValueType { get; }

    public static HandlerResult For(Type returnType)
    {
        if (returnType == typeof(void))
            return new HandlerResult(Kind.Nothing, null);
        if (returnType == typeof(Task))
            return new HandlerResult(Kind.Task, null);
        if (returnType == typeof(ValueTask))
            return new HandlerResult(Kind.ValueTask, null, asTask: returnType.GetMethod(nameof(ValueTask.AsTask)));
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
            return new HandlerResult(Kind.Task, returnType.GetGenericArguments()[0], taskResult: returnType.GetProperty(nameof(Task<int>.Result)));
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = returnType.GetMethod(nameof(ValueTask<int>.AsTask))!;
            return new HandlerResult(Kind.ValueTask, returnType.GetGenericArguments()[0], asTask.ReturnType.GetProperty(nameof(Task<int>.Result)), asTask);
        }
        return new HandlerResult(Kind.Value, returnType);
    }

    /// <summary>Awaits what the handler returned, if it is a task; returns its value when the handler produces one.</summary>
    public async Task<(bool HasValue, object? Value)> UnwrapAsync(object? returned)
    {
        switch (_kind)
        {
            case Kind.Nothing:
                return (false, null);
            case Kind.Value:
                return (true, returned);
        }
        var task = _kind == Kind.ValueTask ? (Task)_asTask!.Invoke(returned, null)! : (Task?)returned
            ?? throw new InvalidOperationException("The handler returned a null Task");
        await task;
        return ValueType is null ? (false, null) : (true, _taskResult!.GetValue(task));
    }
}
