namespace Modelplane.Predictor.Tests.Onnx;

/// <summary>Which ONNX Runtime package the predictor's build runs on.</summary>
public sealed class OnnxRuntimeFlavorTests
{
    [Fact]
    public void The_default_build_runs_on_the_cpu_package_of_onnx_runtime_1_32_0()
    {
        var deps = File.ReadAllText(BuiltPredictor.DepsJson);

        Assert.Contains("\"Microsoft.ML.OnnxRuntime/1.32.0\"", deps, StringComparison.Ordinal);
    }
}
