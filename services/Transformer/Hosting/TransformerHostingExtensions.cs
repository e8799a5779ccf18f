using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Client;
using Modelplane.Serving.Hosting;
using Modelplane.Transformer.Images;
using Modelplane.Transformer.Ocr;
using Modelplane.Transformer.Pipeline;
using Modelplane.Transformer.Responses;
using Modelplane.Transformer.Tabular;
using Modelplane.Transformer.Text;

namespace Modelplane.Transformer.Hosting;

/// <summary>Registers the transformer: its options, the inference client it calls its predictor with, the pipelines as models, and the built-in steps.</summary>
public static class TransformerHostingExtensions
{
    /// <summary>KServe's transformer switches (underscores) and their dashed spellings, onto configuration keys.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>
    {
        ["--predictor_host"] = "Transformer:Predictor",
        ["--predictor-host"] = "Transformer:Predictor",
        ["--protocol"] = "Transformer:Protocol",
        ["--pipeline"] = "Transformer:Pipeline",
        ["--http_port"] = "http_ports",
        ["--http-port"] = "http_ports",
    };

    /// <summary>
    /// Adds the transformer to a host that has the serving SDK (<c>AddServing</c>): pipelines from <c>Transformer:Models</c>
    /// (or the file <c>--pipeline</c> names) served as models, calling the predictor <c>Serving:Client:Address</c>
    /// (or <c>Transformer:Predictor</c>, <c>--predictor_host</c>).
    /// Returns a builder for adding custom steps.
    /// </summary>
    public static TransformerBuilder AddTransformer<TBuilder>(this TBuilder builder, string[] args)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        configuration.AddCommandLine(args, SwitchMappings.ToDictionary());
        if (configuration["Transformer:Pipeline"] is { Length: > 0 } file && File.Exists(file))
        {
            configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);

            // The command line still wins over the file, as it wins over appsettings.json.
            configuration.AddCommandLine(args, SwitchMappings.ToDictionary());
        }

        var services = builder.Services;
        services.AddOptions<TransformerOptions>().BindConfiguration(TransformerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TransformerOptions>, TransformerOptionsValidator>();
        services.AddSingleton<PipelineFiles>();
        services.AddSingleton<PipelineFactory>();
        services.AddSingleton<IModelProvider, TransformerModelProvider>();
        services.AddInferenceClient(configuration, configure: client => TransformerClientSettings.Apply(configuration, client));
        services.AddSingleton<IValidateOptions<InferenceClientOptions>>(new TransformerClientSettings(configuration));

        return new TransformerBuilder(services)
            .AddRequestStep<ImageDecodeStep, ImageDecodeOptions>("image.decode")
            .AddRequestStep<ImageResizeStep, ImageResizeOptions>("image.resize")
            .AddRequestStep<ImageCropStep, ImageCropOptions>("image.crop")
            .AddRequestStep<ImageTensorStep, ImageTensorOptions>("image.tensor")
            .AddRequestStep<TableReadStep, TableReadOptions>("table.read")
            .AddRequestStep<MissingValuesStep, MissingValuesOptions>("table.missing")
            .AddRequestStep<StandardizeStep, StandardizeOptions>("table.standardize")
            .AddRequestStep<OneHotStep, OneHotOptions>("table.one-hot")
            .AddRequestStep<TableTensorStep, TableTensorOptions>("table.tensor")
            .AddRequestStep<TokenizeStep, TokenizeOptions>("text.tokenize")
            .AddRequestStep<OcrPageStep, OcrPageOptions>("ocr.page")
            .AddResponseStep<SoftmaxStep, SoftmaxOptions>("softmax")
            .AddResponseStep<TopKStep, TopKOptions>("top-k")
            .AddResponseStep<ArgmaxStep, ArgmaxOptions>("argmax")
            .AddResponseStep<ThresholdStep, ThresholdOptions>("threshold")
            .AddResponseStep<CtcDecodeStep, CtcDecodeOptions>("ctc-decode")
            .AddResponseStep<OcrLinesStep, OcrLinesOptions>("ocr.lines");
    }
}
