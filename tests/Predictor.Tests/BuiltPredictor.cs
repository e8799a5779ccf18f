namespace Modelplane.Predictor.Tests;

/// <summary>Where the build put the predictor these tests reference, in the configuration they were built in.</summary>
internal static class BuiltPredictor
{
    /// <summary>Debug or Release: the tests run from tests/Predictor.Tests/bin/{Configuration}/{TargetFramework}/.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string TargetFramework { get; } = new DirectoryInfo(AppContext.BaseDirectory).Name;

    /// <summary>The default (CPU) build's output directory, services/Predictor/bin/{Configuration}/{TargetFramework}/.</summary>
    public static string OutputDirectory => RepositoryRoot.Combine("services", "Predictor", "bin", Configuration, TargetFramework);

    public static string Dll => Path.Combine(OutputDirectory, "Modelplane.Predictor.dll");

    public static string DepsJson => Path.Combine(OutputDirectory, "Modelplane.Predictor.deps.json");
}
