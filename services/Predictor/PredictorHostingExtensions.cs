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
        builder.Services.AddOptions<OnnxRuntimeOptions>().BindConfiguration(OnnxRuntimeOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OnnxRuntimeOptions>, OnnxRuntimeOptionsValidator>();
        builder.Services.AddSingleton<ExecutionProviderSelector>();
        return builder.AddModelRepository<TBuilder, OnnxModelFactory>();
    }
}
