using Microsoft.ML.OnnxRuntime;
using Modelplane.ModelBuilder.RowSum;

namespace Modelplane.ModelBuilder.Tests.RowSum;

/// <summary>The request-memory benchmark's model: the same bytes on every build, and one sum per row of 1,024 features.</summary>
public sealed class RowSumModelTests
{
    [Fact]
    public void Builds_the_same_bytes_every_time()
    {
        Assert.Equal(RowSumModel.Build().Onnx, RowSumModel.Build().Onnx);
    }

    [Fact]
    public void Onnx_runtime_sums_each_row()
    {
        var input = new float[2 * RowSumModel.Features];
        for (var i = 0; i < RowSumModel.Features; i++)
        {
            input[i] = 1;
            input[RowSumModel.Features + i] = i % 2 == 0 ? 0.5f : -0.25f;
        }

        using var session = new InferenceSession(RowSumModel.Build().Onnx);
        using var value = OrtValue.CreateTensorValueFromMemory(input, [2, RowSumModel.Features]);
        using var runOptions = new RunOptions();

        using var results = session.Run(runOptions, new Dictionary<string, OrtValue> { ["input"] = value }, session.OutputNames);

        Assert.Equal(["sum"], session.OutputNames);
        Assert.Equal([2, 1], results[0].GetTensorTypeAndShape().Shape);
        Assert.Equal([1024f, 128f], results[0].GetTensorDataAsSpan<float>().ToArray());
    }
}
