using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Modelplane.Predictor.Onnx;

namespace Modelplane.Predictor.Tests.Onnx;

/// <summary>
/// The execution provider's settings: bound from <c>Serving:Onnx</c>, refused at start when they cannot work (each
/// message naming its setting), and handed to ONNX Runtime under the provider option keys it documents.
/// </summary>
public sealed class ExecutionProviderSettingsTests : IDisposable
{
    private readonly TestModelRepository _repository = new();

    public static TheoryData<Dictionary<string, string?>, string> Refused => new()
    {
        { new() { ["ExecutionProvider"] = "tpu" }, "Serving:Onnx:ExecutionProvider is 'tpu'; use 'cpu', 'cuda' or 'tensorrt'" },
        { new() { ["DeviceId"] = "-1" }, "Serving:Onnx:DeviceId is -1; it is the GPU's number, 0 or more" },
        { new() { ["CudaDeviceId"] = "-2" }, "Serving:Onnx:CudaDeviceId is -2; it is the GPU's number, 0 or more" },
        { new() { ["DeviceId"] = "1", ["CudaDeviceId"] = "0" }, "Serving:Onnx:DeviceId is 1 but Serving:Onnx:CudaDeviceId, its older name, is 0; set only Serving:Onnx:DeviceId" },
        { new() { ["GpuMemoryLimit"] = "-1" }, "Serving:Onnx:GpuMemoryLimit is -1; it is a number of bytes, or 0 for no limit" },
        { new() { ["ArenaExtendStrategy"] = "Doubling" }, "Serving:Onnx:ArenaExtendStrategy is 'Doubling'; use NextPowerOfTwo or SameAsRequested" },
        { new() { ["CudnnConvAlgoSearch"] = "Fastest" }, "Serving:Onnx:CudnnConvAlgoSearch is 'Fastest'; use Exhaustive, Heuristic, Default" },
        { new() { ["IntraOpThreads"] = "-1" }, "Serving:Onnx:IntraOpThreads and InterOpThreads must be 0 or more" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_setting_that_cannot_work_is_refused_at_start_naming_it(Dictionary<string, string?> settings, string message)
    {
        await using var factory = Predictor(settings);

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(message, string.Join("; ", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_engine_cache_directory_that_is_a_file_is_refused()
    {
        var file = Path.Combine(_repository.Root, "engines");
        await File.WriteAllTextAsync(file, "not a directory");
        await using var factory = Predictor(new() { ["TensorRtEngineCacheDirectory"] = file });

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains($"Serving:Onnx:TensorRtEngineCacheDirectory '{file}' is a file; it must be a directory (made if missing)", string.Join("; ", error.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Serving:Onnx:GpuMemoryLimit=2GB", "error: Failed to convert configuration value '2GB' at 'Serving:Onnx:GpuMemoryLimit' to type 'System.Int64'.")]
    [InlineData("--Serving:Onnx:TensorRtFp16=yes", "error: Failed to convert configuration value 'yes' at 'Serving:Onnx:TensorRtFp16' to type 'System.Boolean'.")]
    [InlineData("--Serving:Onnx:DeviceId=first", "error: Failed to convert configuration value 'first' at 'Serving:Onnx:DeviceId' to type 'System.Int32'.")]
    public async Task A_value_that_does_not_parse_ends_the_predictor_with_one_line_naming_the_setting(string argument, string line)
    {
        var (exitCode, output, error) = await DotnetProcess.RunPredictorAsync(["--model-repository", _repository.Root, argument]);

        Assert.Equal(2, exitCode);
        Assert.Equal(line, error.Trim());
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cuda_provider_gets_onnx_runtimes_defaults_and_no_memory_limit_unless_set()
    {
        var options = await BindAsync([]);

        Assert.Equal(
            new Dictionary<string, string> { ["device_id"] = "0", ["arena_extend_strategy"] = "kNextPowerOfTwo", ["cudnn_conv_algo_search"] = "EXHAUSTIVE" },
            ExecutionProviders.CudaProviderOptions(options));
    }

    [Fact]
    public async Task The_cuda_provider_gets_every_setting_under_its_documented_key()
    {
        var options = await BindAsync(new()
        {
            ["DeviceId"] = "1",
            ["GpuMemoryLimit"] = "2147483648",
            ["ArenaExtendStrategy"] = "sameasrequested",
            ["CudnnConvAlgoSearch"] = "Heuristic",
        });

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["device_id"] = "1",
                ["gpu_mem_limit"] = "2147483648",
                ["arena_extend_strategy"] = "kSameAsRequested",
                ["cudnn_conv_algo_search"] = "HEURISTIC",
            },
            ExecutionProviders.CudaProviderOptions(options));
    }

    [Fact]
    public async Task CudaDeviceId_still_chooses_the_gpu_and_may_repeat_DeviceId()
    {
        Assert.Equal("3", ExecutionProviders.CudaProviderOptions(await BindAsync(new() { ["CudaDeviceId"] = "3" }))["device_id"]);
        Assert.Equal("2", ExecutionProviders.TensorRtProviderOptions(await BindAsync(new() { ["DeviceId"] = "2", ["CudaDeviceId"] = "2" }))["device_id"]);
    }

    [Fact]
    public async Task The_tensorrt_provider_gets_fp16_and_its_engine_cache_when_a_directory_is_set()
    {
        var cache = Path.Combine(_repository.Root, "engines");

        Assert.Equal(
            new Dictionary<string, string> { ["device_id"] = "0", ["trt_fp16_enable"] = "0" },
            ExecutionProviders.TensorRtProviderOptions(await BindAsync([])));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["device_id"] = "1",
                ["trt_fp16_enable"] = "1",
                ["trt_engine_cache_enable"] = "1",
                ["trt_engine_cache_path"] = cache,
            },
            ExecutionProviders.TensorRtProviderOptions(await BindAsync(new() { ["DeviceId"] = "1", ["TensorRtFp16"] = "true", ["TensorRtEngineCacheDirectory"] = cache })));
    }

    [Theory]
    [InlineData("cpu", new string[0])]
    [InlineData("cuda", new[] { "cuda" })]
    [InlineData("tensorrt", new[] { "tensorrt", "cuda" })]
    public void A_session_asks_for_cuda_after_tensorrt_as_onnx_runtime_recommends(string provider, string[] appended)
    {
        Assert.Equal(appended, ExecutionProviders.SessionProviders(provider));
    }

    public void Dispose() => _repository.Dispose();

    private PredictorFactory Predictor(Dictionary<string, string?> settings) =>
        new(_repository.Root, settings.ToDictionary(s => $"{OnnxRuntimeOptions.Section}:{s.Key}", s => s.Value));

    // Bound and validated as the predictor does at start; the CPU provider, so that any runtime accepts them.
    private async Task<OnnxRuntimeOptions> BindAsync(Dictionary<string, string?> settings)
    {
        await using var factory = Predictor(settings);
        return factory.Services.GetRequiredService<IOptions<OnnxRuntimeOptions>>().Value;
    }
}
