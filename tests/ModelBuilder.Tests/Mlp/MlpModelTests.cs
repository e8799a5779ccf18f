using Modelplane.ModelBuilder.Mlp;

namespace Modelplane.ModelBuilder.Tests.Mlp;

/// <summary>The benchmark MLP: the same bytes on every build (the benchmark builds it rather than committing it), with its contract.</summary>
public sealed class MlpModelTests
{
    [Fact]
    public void Builds_the_same_bytes_every_time()
    {
        Assert.Equal(MlpModel.Build().Onnx, MlpModel.Build().Onnx);
    }

    [Fact]
    public void Takes_256_features_per_row_and_gives_16_probabilities_per_row()
    {
        var graph = MlpModel.ToOnnx().Build().Graph;

        var input = Assert.Single(graph.Input);
        var output = Assert.Single(graph.Output);
        Assert.Equal("input", input.Name);
        Assert.Equal(["batch", "256"], input.Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("probabilities", output.Name);
        Assert.Equal(["batch", "16"], output.Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(["Gemm", "Relu", "Gemm", "Relu", "Gemm", "Softmax"], graph.Node.Select(n => n.OpType));
    }
}
