using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Functions.Runtime;

/// <summary>
/// A handler method bound once at init: how its event is deserialised (System.Text.Json, or the raw
/// bytes for a <see cref="Stream"/>), whether it takes the context, and how its result is awaited
/// and serialised. Shapes: <c>(TInput, ILambdaContext)</c>, <c>(TInput)</c>, <c>(ILambdaContext)</c>
/// or <c>()</c>, static or instance, returning <c>T</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask&lt;T&gt;</c>,
/// <c>Task</c>, <c>ValueTask</c> or nothing.
/// </summary>
internal sealed class LambdaHandler
{
    /// <summary>As Lambda's default System.Text.Json serializer: names as declared, read case-insensitively, nulls left out.</summary>
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly MethodInfo _method;
    private readonly object? _target;
    private readonly int _parameterCount;
    private readonly int _inputIndex;
    private readonly int _contextIndex;
    private readonly Type? _inputType;
    private readonly HandlerResult _result;

    private LambdaHandler(MethodInfo method, object? target, int inputIndex, int contextIndex, Type? inputType)
    {
        _method = method;
        _target = target;
        _parameterCount = method.GetParameters().Length;
        _inputIndex = inputIndex;
        _contextIndex = contextIndex;
        _inputType = inputType;
        _result = HandlerResult.For(method.ReturnType);
    }

    public static LambdaHandler Bind(Type type, MethodInfo method)
    {
        var parameters = method.GetParameters();
        int inputIndex = -1, contextIndex = -1;
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].ParameterType == typeof(ILambdaContext) && contextIndex < 0)
                contextIndex = i;
            else if (inputIndex < 0 && i == 0)
                inputIndex = i;
            else
                throw HandlerException.NotFound(
                    $"Handler {type.FullName}::{method.Name} must take (input, ILambdaContext), (input), (ILambdaContext) or no parameters");
        }
        if (method.ContainsGenericParameters)
            throw HandlerException.NotFound($"Handler {type.FullName}::{method.Name} is generic; Lambda needs concrete types");
        // One instance serves every invocation of this environment, as on Lambda; its constructor runs at init.
        var target = method.IsStatic ? null : Activator.CreateInstance(type);
        return new LambdaHandler(method, target, inputIndex, contextIndex, inputIndex >= 0 ? parameters[inputIndex].ParameterType : null);
    }

    /// <summary>Runs the handler on one event; returns the response body. Exceptions are the handler's own.</summary>
    public async Task<ReadOnlyMemory<byte>> InvokeAsync(byte[] payload, ILambdaContext context)
    {
        var arguments = _parameterCount == 0 ? null : new object?[_parameterCount];
        if (_inputType is not null)
            arguments![_inputIndex] = Deserialize(payload, _inputType);
        if (_contextIndex >= 0)
            arguments![_contextIndex] = context;
        var returned = _method.Invoke(_target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        var (hasValue, value) = await _result.UnwrapAsync(returned);
        return hasValue ? Serialize(value, _result.ValueType!) : ReadOnlyMemory<byte>.Empty;
    }

    private static object? Deserialize(byte[] payload, Type type) =>
        type == typeof(Stream) || type == typeof(MemoryStream)
            ? new MemoryStream(payload, writable: false)
            : JsonSerializer.Deserialize(payload, type, Options);

    private static ReadOnlyMemory<byte> Serialize(object? value, Type type)
    {
        if (value is Stream stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.GetBuffer().AsMemory(0, (int)copy.Length);
        }
        return JsonSerializer.SerializeToUtf8Bytes(value, value?.GetType() ?? type, Options);
    }
}
