using System.Reflection;
using System.Runtime.Loader;

namespace Sluice.Functions.Runtime;

/// <summary>
/// Loads the handler's assembly and its dependencies from the code folder (its .deps.json first,
/// then the folder itself). This library and the framework's assemblies always come from the
/// host, so the handler's <see cref="ILambdaContext"/> and System.Text.Json attributes are the
/// very types the host uses.
/// </summary>
internal sealed class HandlerLoadContext : AssemblyLoadContext
{
    private static readonly HashSet<string> Shared = SharedAssemblyNames();

    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _folder;

    public HandlerLoadContext(string handlerAssemblyPath) : base("handler", isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(handlerAssemblyPath);
        _folder = Path.GetDirectoryName(handlerAssemblyPath)!;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { } name || Shared.Contains(name))
            return null;
        var path = _resolver.ResolveAssemblyToPath(assemblyName) ?? Path.Combine(_folder, name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    private static HashSet<string> SharedAssemblyNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { typeof(ILambdaContext).Assembly.GetName().Name! };
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string platform)
            foreach (var path in platform.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                names.Add(Path.GetFileNameWithoutExtension(path));
        return names;
    }
}
