using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Modelplane.Predictor.Tests;

/// <summary>
/// Configuration that cannot work is refused by the start-up validation the predictor runs before it listens,
/// with a message naming the setting. (The process tests show the exit code and the one line on stderr.)
/// </summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Cuda_without_the_gpu_runtime_is_refused_with_what_to_change()
    {
        using var repository = new TestModelRepository().AddIris();
        await using var factory = new PredictorFactory(repository.Root, new Dictionary<string, string?> { ["Serving:Onnx:ExecutionProvider"] = "cuda" });

        var error = Validate(factory);
        var message = string.Join("; ", error.Failures);
        Assert.Contains("Serving:Onnx:ExecutionProvider is 'cuda', but this ONNX Runtime has no CUDA provider (it has: CPUExecutionProvider)", message, StringComparison.Ordinal);
        Assert.Contains("build the predictor with -p:OnnxRuntimeFlavor=Gpu", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_repository_directory_is_refused()
    {
        using var parent = new TemporaryDirectory();
        var missing = parent.Combine("nowhere");
        await using var factory = new PredictorFactory(missing);

        var error = Validate(factory);
        Assert.Contains($"the model repository '{missing}' (Serving:ModelRepository) does not exist", string.Join("; ", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repository_that_is_a_file_is_refused()
    {
        using var parent = new TemporaryDirectory();
        var file = parent.Combine("models.zip");
        await File.WriteAllTextAsync(file, "zip");
        await using var factory = new PredictorFactory(file);

        var error = Validate(factory);
        Assert.Contains("(Serving:ModelRepository) is a file; it must be a directory", string.Join("; ", error.Failures), StringComparison.Ordinal);
    }

    private static OptionsValidationException Validate(PredictorFactory factory) =>
        Assert.Throws<OptionsValidationException>(() => factory.Services.GetRequiredService<IStartupValidator>().Validate());
}
