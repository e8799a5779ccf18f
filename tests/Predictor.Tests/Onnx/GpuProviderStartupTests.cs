using System.Net;
using Microsoft.Extensions.Logging;

namespace Modelplane.Predictor.Tests.Onnx;

/// <summary>
/// A GPU provider the predictor cannot use: with the CPU package (the build these tests run) the real predictor
/// process refuses to start with one line saying what to build; with <c>Serving:Onnx:CpuFallback</c> it serves from
/// the CPU after one warning. (What the GPU package says without CUDA is in <see cref="ProviderLoadFailureTests"/>.)
/// </summary>
public sealed class GpuProviderStartupTests : IDisposable
{
    private readonly TestModelRepository _repository = new TestModelRepository().AddIris();

    [Theory]
    [InlineData("cuda", "CUDA")]
    [InlineData("tensorrt", "TensorRT")]
    public async Task The_cpu_build_asked_for_a_gpu_provider_exits_with_code_2_and_one_line_saying_to_build_the_gpu_flavour(string provider, string name)
    {
        var (exitCode, output, error) = await DotnetProcess.RunPredictorAsync(["--model-repository", _repository.Root, $"--Serving:Onnx:ExecutionProvider={provider}"]);

        Assert.Equal(2, exitCode);
        Assert.Equal(
            $"error: Serving:Onnx:ExecutionProvider is '{provider}', but this ONNX Runtime has no {name} provider (it has: CPUExecutionProvider); "
                + "build the predictor with -p:OnnxRuntimeFlavor=Gpu for the GPU package, or set Serving:Onnx:ExecutionProvider to 'cpu'",
            error.TrimEnd());
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task With_cpu_fallback_the_models_load_on_the_cpu_after_one_warning_and_say_so()
    {
        var logs = new LogCapture();
        await using var factory = new PredictorFactory(
            _repository.Root,
            new Dictionary<string, string?> { ["Serving:Onnx:ExecutionProvider"] = "cuda", ["Serving:Onnx:CpuFallback"] = "true" },
            logs);
        using var client = await factory.StartAsync();

        var (status, body) = await client.PostJsonAsync("/v1/models/iris:predict", """{"instances": [[6.8, 2.8, 4.8, 1.4]]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"predictions":[1]}""", body!.ToJsonString());
        var warning = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning && e.Category.StartsWith("Modelplane.", StringComparison.Ordinal));
        Assert.Equal(
            "Serving:Onnx:ExecutionProvider is 'cuda', but this ONNX Runtime has no CUDA provider (it has: CPUExecutionProvider); "
                + "build the predictor with -p:OnnxRuntimeFlavor=Gpu for the GPU package, or set Serving:Onnx:ExecutionProvider to 'cpu'; "
                + "Serving:Onnx:CpuFallback is true, so models run on the CPU",
            warning.Message);

        const string Reason = "execution provider: cpu (cuda could not be used; Serving:Onnx:CpuFallback is true)";
        Assert.Equal(Reason, (await client.GetJsonAsync("/v2/models/iris/ready")).Body!["reason"]!.GetValue<string>());
        var index = (await client.PostJsonAsync("/v2/repository/index", string.Empty)).Body!;
        Assert.Equal($$"""[{"name":"iris","version":"1","state":"READY","reason":"{{Reason}}"}]""", index.ToJsonString());
        Assert.Equal("cpu", (await client.GetJsonAsync("/v2/models/iris")).Body!["parameters"]!["execution_provider"]!.GetValue<string>());
    }

    public void Dispose() => _repository.Dispose();
}
