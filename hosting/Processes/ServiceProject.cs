using System.Reflection;
using Aspire.Hosting;

namespace Modelplane.Hosting.Processes;

/// <summary>
/// A Modelplane service the AppHost was built with (Aspire's generated <c>Projects.*</c> metadata, plus the assembly
/// the build wrote), found by its assembly name in the metadata <c>hosting/build/Modelplane.Hosting.targets</c> writes
/// into the AppHost. DCP runs it as <c>dotnet {assembly}</c> rather than <c>dotnet run --project</c>, which would cost
/// each replica a second process and an MSBuild evaluation.
/// </summary>
public sealed class ServiceProject : IProjectMetadata
{
    private const string Prefix = "Modelplane.Service:";
    private const string NativePrefix = "Modelplane.NativeService:";

    private ServiceProject(string projectPath, string assemblyPath, string? nativePath)
    {
        ProjectPath = projectPath;
        AssemblyPath = assemblyPath;
        NativePath = nativePath;
    }

    /// <summary>The predictor (ONNX Runtime model server).</summary>
    public static ServiceProject Predictor => Find("Modelplane.Predictor");

    /// <summary>The transformer.</summary>
    public static ServiceProject Transformer => Find("Modelplane.Transformer");

    /// <summary>The explainer.</summary>
    public static ServiceProject Explainer => Find("Modelplane.Explainer");

    /// <summary>The gateway.</summary>
    public static ServiceProject Gateway => Find("Modelplane.Gateway");

    /// <inheritdoc />
    public string ProjectPath { get; }

    /// <summary>The built assembly, which DCP runs with <c>dotnet</c>.</summary>
    public string AssemblyPath { get; }

    /// <summary>
    /// The program compiled ahead of time, which DCP runs instead of the assembly, when the AppHost was built with it
    /// (<c>-p:ModelplaneNativePredictor=true</c>); null otherwise.
    /// </summary>
    public string? NativePath { get; }

    /// <summary>The project's name (<c>Predictor</c>), which names its container image.</summary>
    public string Name => Path.GetFileNameWithoutExtension(ProjectPath);

    /// <summary>The service whose assembly is <paramref name="assemblyName"/>, from the metadata of the running AppHost (or test).</summary>
    public static ServiceProject Find(string assemblyName)
    {
        foreach (var assembly in new[] { Assembly.GetEntryAssembly() }.Concat(AppDomain.CurrentDomain.GetAssemblies()))
        {
            var metadata = assembly?.GetCustomAttributes<AssemblyMetadataAttribute>().ToList() ?? [];
            var value = metadata.FirstOrDefault(a => a.Key == Prefix + assemblyName)?.Value;
            if (value?.Split('|') is [var project, var built])
            {
                return new ServiceProject(project, built, metadata.FirstOrDefault(a => a.Key == NativePrefix + assemblyName)?.Value);
            }
        }

        throw new InvalidOperationException(
            $"this AppHost was not built with {assemblyName}: add a ProjectReference to it with OutputItemType=\"ModelplaneService\" (see hosting/build/Modelplane.Hosting.targets)");
    }

    /// <summary>The same project run from another build of it (a flavour, such as the predictor's GPU one), which is no native program.</summary>
    internal ServiceProject WithAssembly(string assemblyPath) => new(ProjectPath, assemblyPath, nativePath: null);

    /// <summary>Null when what DCP runs is built, else what to do about it.</summary>
    public string? Problem() => NativePath is { } native
        ? File.Exists(native) ? null : $"the native {Name} is not published at {native}; build the AppHost with it first (dotnet build AppHost -p:ModelplaneNativePredictor=true)"
        : File.Exists(AssemblyPath) ? null : $"{Path.GetFileName(AssemblyPath)} is not built at {AssemblyPath}; build the AppHost first (dotnet build AppHost)";
}
