using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Gpus;

/// <summary>
/// The predictor's GPU flavour: the same project built with ONNX Runtime's CUDA package
/// (<c>dotnet build services/Predictor -p:OnnxRuntimeFlavor=Gpu</c>). That build writes under <c>bin/gpu/</c> beside the
/// CPU build, so both can be there at once; the CUDA package is never a default dependency (about 550 MB, and it needs
/// CUDA libraries NuGet does not carry), so the AppHost's own build does not make it.
/// </summary>
internal static class GpuFlavour
{
    /// <summary>The folder under the project's <c>bin/</c> the GPU flavour is built into.</summary>
    public const string Folder = "gpu";

    /// <summary>What its image's repository adds to the predictor's (<c>modelplane-predictor-gpu</c>).</summary>
    public const string ImageSuffix = "-gpu";

    /// <summary>The GPU flavour of <paramref name="predictor"/> in the configuration the AppHost was built with.</summary>
    public static ServiceProject Of(ServiceProject predictor)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        var bin = BinOf(predictor);
        return predictor.WithAssembly(Path.Combine(bin, Folder, Path.GetRelativePath(bin, predictor.AssemblyPath)));
    }

    /// <summary>The command that builds the GPU flavour of <paramref name="predictor"/>, from the current directory.</summary>
    public static string BuildCommand(ServiceProject predictor)
    {
        ArgumentNullException.ThrowIfNull(predictor);

        // The CPU build sits at bin/{configuration}/{framework}/: build the flavour in the same configuration.
        var configuration = Path.GetRelativePath(BinOf(predictor), predictor.AssemblyPath).Split(Path.DirectorySeparatorChar)[0];
        var project = Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetDirectoryName(predictor.ProjectPath)!);
        return $"dotnet build {project}{(configuration == "Debug" ? string.Empty : $" -c {configuration}")} -p:OnnxRuntimeFlavor=Gpu";
    }

    private static string BinOf(ServiceProject project) => Path.Combine(Path.GetDirectoryName(project.ProjectPath)!, "bin");
}
