using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Modelplane.ModelBuilder.Identity;
using Modelplane.ModelBuilder.Onnx;

namespace Modelplane.ModelBuilder.Tests.Identity;

public sealed class IdentityModelTests
{
    private const string RebuildHint = "Rebuild with: dotnet run --project models/ModelBuilder -- identity";
    private const int ImageElements = 3 * 224 * 224;

    [Fact]
    public void Model_has_the_contracted_signature()
    {
        using var session = new InferenceSession(IdentityModel.Build().Onnx);

        Assert.Equal(["input"], session.InputNames);
        Assert.Equal(["output"], session.OutputNames);
        foreach (var metadata in new[] { session.InputMetadata["input"], session.OutputMetadata["output"] })
        {
            Assert.Equal(TensorElementType.Float, metadata.ElementDataType);
            Assert.Equal([-1, 3, 224, 224], metadata.Dimensions);
            Assert.Equal(["batch", "", "", ""], metadata.SymbolicDimensions);
        }

        Assert.Equal(602_112, IdentityModel.ImageBytes);
    }

    [Fact]
    public void Onnx_runtime_returns_the_input_bit_for_bit()
    {
        // Two images, so the batch dimension is exercised, filled with values an arithmetic op would not keep as they are:
        // negative zero, subnormals, infinities and NaNs with payloads, beside ordinary pixel values.
        var bits = new int[2 * ImageElements];
        int[] special = [unchecked((int)0x80000000), 0x00000001, 0x007FFFFF, 0x7F800000, unchecked((int)0xFF800000), 0x7FC00001, unchecked((int)0xFFBFFFFF)];
        for (var i = 0; i < bits.Length; i++)
        {
            bits[i] = i < special.Length ? special[i] : BitConverter.SingleToInt32Bits((i % 251 / 255f - 0.485f) / 0.229f);
        }

        var input = bits.Select(BitConverter.Int32BitsToSingle).ToArray();
        using var session = new InferenceSession(IdentityModel.Build().Onnx);
        using var value = OrtValue.CreateTensorValueFromMemory(input, [2, 3, 224, 224]);
        using var runOptions = new RunOptions();

        using var results = session.Run(runOptions, new Dictionary<string, OrtValue> { ["input"] = value }, session.OutputNames);

        Assert.Equal([2, 3, 224, 224], results[0].GetTensorTypeAndShape().Shape);
        var output = results[0].GetTensorDataAsSpan<float>().ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
        Assert.Equal(bits, output);
    }

    [Fact]
    public void Onnx_runtime_keeps_the_identity_node_at_full_optimization()
    {
        // The model is only worth serving if each request runs a kernel: the graph ONNX Runtime executes, after every
        // optimization it applies, must still hold the Identity node.
        using var directory = new TemporaryDirectory();
        var optimized = directory.Combine("optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = optimized })
        using (new InferenceSession(IdentityModel.Build().Onnx, options))
        {
        }

        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimized)).Graph;
        var node = Assert.Single(graph.Node);
        Assert.Equal("Identity", node.OpType);
        Assert.Equal(["input"], node.Input);
        Assert.Equal(["output"], node.Output);
    }

    [Fact]
    public void Building_twice_gives_identical_bytes()
    {
        Assert.Equal(IdentityModel.Build().Onnx, IdentityModel.Build().Onnx);
    }

    [Fact]
    public void Committed_model_is_byte_identical_to_a_fresh_build()
    {
        var path = Path.Combine(RepositoryRoot.FullPath, "models", "identity", "1", "model.onnx");
        Assert.True(File.Exists(path), $"models/identity/1/model.onnx is missing. {RebuildHint}");

        Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(IdentityModel.Build().Onnx), $"models/identity/1/model.onnx differs from a fresh build. {RebuildHint}");
    }

    [Fact]
    public void Model_has_no_config_json()
    {
        // Nothing to configure: no labels, no feature names. A stray config.json would be served with the model.
        Assert.Null(IdentityModel.Build().Config);
        Assert.False(File.Exists(Path.Combine(RepositoryRoot.FullPath, "models", "identity", "config.json")));
    }
}
