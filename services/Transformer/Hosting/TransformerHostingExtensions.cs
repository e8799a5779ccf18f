using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Grpc.V2;
using Modelplane.Serving.Hosting;
using Modelplane.Transformer.Images;
using Modelplane.Transformer.Pipeline;
using Modelplane.Transformer.Predictors;
using Modelplane.Transformer.Responses;
using Modelplane.Transformer.Tabular;
using Modelplane.Transformer.Text;

namespace Modelplane.Transformer.Hosting;

/// <summary>Registers the transformer: its options, the predictor client, the pipelines as models, and the built-in steps.</summary>
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
    /// (or the file <c>--pipeline</c> names) served as models, calling the predictor <c>Transformer:Predictor</c>.
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
        AddPredictorClient(services, configuration);

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
            .AddResponseStep<SoftmaxStep, SoftmaxOptions>("softmax")
            .AddResponseStep<TopKStep, TopKOptions>("top-k")
            .AddResponseStep<ArgmaxStep, ArgmaxOptions>("argmax")
            .AddResponseStep<ThresholdStep, ThresholdOptions>("threshold")
            .AddResponseStep<CtcDecodeStep, CtcDecodeOptions>("ctc-decode");
    }

    private static void AddPredictorClient(IServiceCollection services, IConfiguration configuration)
    {
        Uri Address(IServiceProvider provider)
        {
            var options = provider.GetRequiredService<IOptions<TransformerOptions>>().Value;
            return PredictorAddress.Resolve(options.Predictor ?? string.Empty, options.Protocol == PredictorProtocols.GrpcV2, configuration);
        }

        // One long-lived client of each kind, built when first used: connections are recycled by the handler rather
        // than by the factory, so DNS changes are still seen. Service discovery comes from the defaults; their retries
        // do not, since retrying an inference the predictor already ran, or waiting out back-offs for a predictor that
        // is down, is worse than a clear 503.
        services.AddGrpcClient<GRPCInferenceService.GRPCInferenceServiceClient>((provider, client) => client.Address = Address(provider))
            .ConfigureChannel(channel =>
            {
                channel.MaxReceiveMessageSize = null;
                channel.MaxSendMessageSize = null;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), EnableMultipleHttp2Connections = true })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .WithoutRetries();
        services.AddHttpClient(RestPredictorClient.HttpClientName, (provider, http) =>
            {
                http.BaseAddress = Address(provider);
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AutomaticDecompression = DecompressionMethods.None })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .WithoutRetries();
        services.AddSingleton<IPredictorClient>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<TransformerOptions>>();
            return options.Value.Protocol == PredictorProtocols.GrpcV2
                ? new GrpcPredictorClient(provider.GetRequiredService<GRPCInferenceService.GRPCInferenceServiceClient>(), options)
                : new RestPredictorClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(RestPredictorClient.HttpClientName), options);
        });
    }

    // The service defaults give every client the standard resilience handler; this is the one way to take it off a client.
    private static IHttpClientBuilder WithoutRetries(this IHttpClientBuilder client) =>
#pragma warning disable EXTEXP0001 // Evaluation API, but the documented way to opt one client out of the defaults.
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
}
