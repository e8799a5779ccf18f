using System.Text.Json;
using Modelplane.Predictor.Onnx;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.Json;

namespace Modelplane.Predictor.Tests.Onnx;

/// <summary>
/// Where each model runs, as its ready reason says it (the repository index and the model's readiness) and as its
/// v2 metadata's <c>parameters</c> do; the CPU case over a socket is in <see cref="EndpointTests"/> and
/// <see cref="ModelRepositoryTests"/>, the fallback in <see cref="GpuProviderStartupTests"/>.
/// </summary>
public sealed class ExecutionProviderReportTests
{
    [Theory]
    [InlineData("cpu", "cpu", null, "execution provider: cpu")]
    [InlineData("cuda", "cuda", null, "execution provider: cuda (GPU 0)")]
    [InlineData("cuda", "cuda", "1", "execution provider: cuda (GPU 1)")]
    [InlineData("tensorrt", "tensorrt", "2", "execution provider: tensorrt, then cuda (GPU 2)")]
    [InlineData("tensorrt", "cpu", null, "execution provider: cpu (tensorrt could not be used; Serving:Onnx:CpuFallback is true)")]
    public void The_ready_reason_names_the_provider_the_model_runs_on_and_its_gpu(string requested, string provider, string? device, string reason)
    {
        var options = new OnnxRuntimeOptions { ExecutionProvider = requested, DeviceId = device is null ? null : int.Parse(device, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(reason, ExecutionProviders.Describe(provider, options));
    }

    [Fact]
    public void Metadata_with_parameters_reads_back_with_the_protocols_fields_intact_whatever_the_values()
    {
        // The predictor's own answer, and another server's with parameters of every type the protocol allows: the
        // explainer reads either through the same type.
        var ours = """{"name":"iris","versions":["1"],"platform":"onnxruntime_onnx","inputs":[{"name":"input","datatype":"FP32","shape":[-1,4]}],"outputs":[],"parameters":{"execution_provider":"cuda"}}""";
        var theirs = """{"name":"iris","versions":["1"],"platform":"triton","inputs":[],"outputs":[],"parameters":{"max_batch_size":8,"dynamic":true,"scale":0.5}}""";

        var metadata = JsonSerializer.Deserialize(ours, ServingJsonContext.Default.ModelMetadata)!;
        var other = JsonSerializer.Deserialize(theirs, ServingJsonContext.Default.ModelMetadata)!;

        Assert.Equal(("iris", "onnxruntime_onnx", "input"), (metadata.Name, metadata.Platform, metadata.Inputs.Single().Name));
        Assert.Equal("cuda", ((JsonElement)metadata.Parameters!["execution_provider"]).GetString());
        Assert.Equal(8, ((JsonElement)other.Parameters!["max_batch_size"]).GetInt32());
        Assert.Equal(ours, JsonSerializer.Serialize(new ModelMetadata
        {
            Name = "iris",
            Versions = ["1"],
            Platform = "onnxruntime_onnx",
            Inputs = metadata.Inputs,
            Outputs = [],
            Parameters = new Dictionary<string, object> { [OnnxModel.ExecutionProviderParameter] = "cuda" },
        }, ServingJsonContext.Default.ModelMetadata));
    }
}
