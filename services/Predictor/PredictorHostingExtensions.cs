using Microsoft.Extensions.Options;
using Modelplane.Predictor.Onnx;
using Modelplane.Serving.Hosting;

namespace Modelplane.Predictor;

/// <summary>Registers the ONNX Runtime predictor: its runtime options and the repository of ONNX models.</summary>
internal static class PredictorHostingExtensions
{
    public static TBuilder AddOnnxPredictor<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<OnnxRuntimeOptions>()
            .BindConfiguration(OnnxRuntimeOptions.Section)
            .Validate(o => o.IntraOpThreads >= 0 && o.InterOpThreads >= 0, "Serving:Onnx:IntraOpThreads and InterOpThreads must be 0 or more")
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OnnxRuntimeOptions>, ExecutionProviderValidator>();
        return builder.AddModelRepository<TBuilder, OnnxModelFactory>();
    }

    private sealed class ExecutionProviderValidator : IValidateOptions<OnnxRuntimeOptions>
    {
        public ValidateOptionsResult Validate(string? name, OnnxRuntimeOptions options) =>
            ExecutionProviders.Check(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
