using System.Text.Json.Nodes;
using Modelplane.Predictor.Onnx;

namespace Modelplane.Predictor.Tests.Onnx;

/// <summary>
/// Which ONNX Runtime package the predictor's build runs on: the CPU package by default, the GPU package with
/// <c>-p:OnnxRuntimeFlavor=Gpu</c>, built beside the default one. The GPU flavour is only evaluated here, never
/// restored: its package is about 550 MB.
/// </summary>
public sealed class OnnxRuntimeFlavorTests
{
    private const string Project = "services/Predictor/Predictor.csproj";

    [Fact]
    public void The_default_build_runs_on_the_cpu_package_of_onnx_runtime_1_32_0_and_carries_no_gpu_package()
    {
        var deps = File.ReadAllText(BuiltPredictor.DepsJson);

        Assert.Contains("\"Microsoft.ML.OnnxRuntime/1.32.0\"", deps, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.ML.OnnxRuntime.Gpu", deps, StringComparison.Ordinal);
    }

    [Fact]
    public void The_loaded_runtime_is_onnx_runtime_1_32_0_without_a_gpu_provider()
    {
        Assert.Equal("1.32.0", OnnxRuntimeLog.Environment.GetVersionString());
        Assert.Equal(["CPUExecutionProvider"], OnnxRuntimeLog.Environment.GetAvailableProviders());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Cpu")]
    [InlineData("cpu")]
    public async Task The_cpu_flavour_references_the_cpu_package_and_builds_to_bin(string? flavour)
    {
        var evaluation = await EvaluateAsync(Project, flavour);

        Assert.Equal(["Microsoft.ML.OnnxRuntime"], PackageReferences(evaluation));
        Assert.Equal(Expected("services", "Predictor", "bin", BuiltPredictor.Configuration, BuiltPredictor.TargetFramework, "Modelplane.Predictor.dll"), Property(evaluation, "TargetPath"));
        Assert.Equal(Expected("services", "Predictor", "obj", "project.assets.json"), Property(evaluation, "ProjectAssetsFile"));
    }

    [Theory]
    [InlineData("Gpu")]
    [InlineData("gpu")]
    [InlineData("GPU")]
    public async Task The_gpu_flavour_references_the_gpu_package_and_builds_to_bin_gpu(string flavour)
    {
        var evaluation = await EvaluateAsync(Project, flavour);

        Assert.Equal(["Microsoft.ML.OnnxRuntime.Gpu"], PackageReferences(evaluation));
        Assert.Equal(Expected("services", "Predictor", "bin", "gpu", BuiltPredictor.Configuration, BuiltPredictor.TargetFramework, "Modelplane.Predictor.dll"), Property(evaluation, "TargetPath"));
        Assert.Equal(Expected("services", "Predictor", "obj", "gpu", "project.assets.json"), Property(evaluation, "ProjectAssetsFile"));
    }

    [Fact]
    public async Task The_gpu_flavour_builds_the_projects_the_predictor_references_to_their_bin_gpu_too()
    {
        var evaluation = await EvaluateAsync("services/Serving/Serving.csproj", "Gpu");

        Assert.Equal(Expected("services", "Serving", "bin", "gpu", BuiltPredictor.Configuration, BuiltPredictor.TargetFramework, "Modelplane.Serving.dll"), Property(evaluation, "TargetPath"));
        Assert.Equal(Expected("services", "Serving", "obj", "gpu", "project.assets.json"), Property(evaluation, "ProjectAssetsFile"));
    }

    [Fact]
    public async Task Another_flavour_is_refused_before_anything_is_restored()
    {
        var (exitCode, output, error) = await DotnetProcess.RunAsync(["build", Project, "-p:OnnxRuntimeFlavor=Cuda", "--disable-build-servers"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("error : OnnxRuntimeFlavor is 'Cuda'; use Cpu (the default) or Gpu", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Restored ", output, StringComparison.Ordinal);
    }

    // Evaluation only (no target runs, nothing is restored or written): what a build with these properties would use.
    private static async Task<JsonNode> EvaluateAsync(string project, string? flavour)
    {
        List<string> arguments =
        [
            "msbuild", project, "-getItem:PackageReference", "-getProperty:TargetPath", "-getProperty:ProjectAssetsFile",
            $"-p:Configuration={BuiltPredictor.Configuration}",
        ];
        if (flavour is not null)
        {
            arguments.Add($"-p:OnnxRuntimeFlavor={flavour}");
        }

        var (exitCode, output, error) = await DotnetProcess.RunAsync(arguments);
        Assert.True(exitCode == 0, $"dotnet msbuild exited with {exitCode}:\n{error}\n{output}");
        return JsonNode.Parse(output)!;
    }

    private static string[] PackageReferences(JsonNode evaluation) =>
        [.. evaluation["Items"]!["PackageReference"]!.AsArray().Select(item => item!["Identity"]!.GetValue<string>())];

    private static string Property(JsonNode evaluation, string name) => evaluation["Properties"]![name]!.GetValue<string>();

    private static string Expected(params string[] parts) => RepositoryRoot.Combine(parts);
}
