using System.Reflection;
using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting;

/// <summary>
/// A service project the AppHost was built with, found by its assembly name in the metadata the build wrote into the
/// AppHost (see <c>hosting/build/Modelplane.Hosting.targets</c>).
/// </summary>
public sealed class ServiceProject : IProjectMetadata
{
    private const string Prefix = "Modelplane.Service:";

    private ServiceProject(string projectPath, string assemblyPath)
    {
        ProjectPath = projectPath;
        AssemblyPath = assemblyPath;
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

    /// <inheritdoc />
    public string AssemblyPath { get; }

    /// <summary>The service whose assembly is <paramref name="assemblyName"/>, from the metadata of the running AppHost (or test).</summary>
    public static ServiceProject Find(string assemblyName)
    {
        var key = Prefix + assemblyName;
        foreach (var assembly in new[] { Assembly.GetEntryAssembly() }.Concat(AppDomain.CurrentDomain.GetAssemblies()))
        {
            var value = assembly?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
            if (value?.Split('|') is [var project, var built])
            {
                return File.Exists(built)
                    ? new ServiceProject(project, built)
                    : throw new FileNotFoundException($"{assemblyName} is not built at {built}; build the AppHost (dotnet build AppHost) first", built);
            }
        }

        throw new InvalidOperationException(
            $"this AppHost was not built with {assemblyName}: add a ProjectReference to it with OutputItemType=\"ModelplaneService\" and ReferenceOutputAssembly=\"false\"");
    }

    /// <summary>The AppHost project's directory the build recorded, or null when not built with the Modelplane targets.</summary>
    internal static string? AppHostDirectory() =>
        Assembly.GetEntryAssembly()?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Modelplane.AppHostDirectory")?.Value;
}
