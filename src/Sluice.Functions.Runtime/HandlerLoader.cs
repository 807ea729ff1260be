using System.Reflection;

namespace Sluice.Functions.Runtime;

/// <summary>Resolves a handler setting <c>Assembly::Namespace.Class::Method</c> to a method ready to call.</summary>
internal static class HandlerLoader
{
    public static LambdaHandler Load(string handler, string codeFolder)
    {
        var parts = handler.Split("::");
        if (parts.Length != 3 || parts.Any(string.IsNullOrWhiteSpace))
            throw new HandlerException("Runtime.MalformedHandlerName",
                $"Bad handler {handler}: expected Assembly::Namespace.Class::Method, e.g. MyFunction::MyFunction.Function::HandleAsync");
        var (assemblyName, typeName, methodName) = (parts[0], parts[1], parts[2]);

        var path = Path.Combine(codeFolder, assemblyName + ".dll");
        if (!File.Exists(path))
            throw new HandlerException("Runtime.ImportModuleError", $"Could not find assembly {assemblyName}.dll in {codeFolder}");
        Assembly assembly;
        try
        {
            assembly = new HandlerLoadContext(path).LoadFromAssemblyPath(path);
        }
        catch (BadImageFormatException error)
        {
            throw new HandlerException("Runtime.ImportModuleError", $"Could not load {assemblyName}.dll: {error.Message}");
        }

        var type = assembly.GetType(typeName, throwOnError: false)
            ?? throw HandlerException.NotFound($"Unable to find type '{typeName}' in assembly {assemblyName}");
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            .Where(method => method.Name == methodName)
            .ToList();
        return methods.Count switch
        {
            0 => throw HandlerException.NotFound($"Unable to find a public method '{methodName}' in type '{typeName}'"),
            1 => LambdaHandler.Bind(type, methods[0]),
            _ => throw HandlerException.NotFound($"Method '{methodName}' in type '{typeName}' has {methods.Count} overloads; a handler needs exactly one"),
        };
    }
}
