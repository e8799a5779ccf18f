using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Modelplane.Transformer.Predictors;

namespace Modelplane.Transformer.Hosting;

/// <summary>Refuses to start without a predictor, with a protocol the transformer cannot speak to it, or without a pipeline to serve; each message names the setting.</summary>
internal sealed class TransformerOptionsValidator(IConfiguration configuration) : IValidateOptions<TransformerOptions>
{
    public ValidateOptionsResult Validate(string? name, TransformerOptions options)
    {
        var failures = new List<string>();
        if (options.Pipeline is { Length: > 0 } pipeline && !File.Exists(pipeline))
        {
            failures.Add($"Transformer:Pipeline (--pipeline) names '{pipeline}', which does not exist (looked for {Path.GetFullPath(pipeline)})");
        }

        if (string.IsNullOrWhiteSpace(options.Predictor))
        {
            failures.Add("Transformer:Predictor (--predictor_host) is not set: give the predictor's service name, host:port or URL");
        }
        else
        {
            try
            {
                PredictorAddress.Resolve(options.Predictor, options.Protocol == PredictorProtocols.GrpcV2, configuration);
            }
            catch (InvalidDataException e)
            {
                failures.Add(e.Message);
            }
        }

        if (options.Protocol == PredictorProtocols.V1)
        {
            failures.Add($"Transformer:Protocol (--protocol) is '{PredictorProtocols.V1}': the transformer calls its predictor with the Open Inference Protocol; use '{PredictorProtocols.RestV2}' or '{PredictorProtocols.GrpcV2}' (clients may still send v1 requests)");
        }
        else if (options.Protocol is not (PredictorProtocols.RestV2 or PredictorProtocols.GrpcV2))
        {
            failures.Add($"Transformer:Protocol (--protocol) is '{options.Protocol}'; use '{PredictorProtocols.RestV2}' or '{PredictorProtocols.GrpcV2}'");
        }

        if (!(options.PredictorTimeoutSeconds > 0))
        {
            failures.Add($"Transformer:PredictorTimeoutSeconds is {options.PredictorTimeoutSeconds}; it must be more than 0");
        }

        var models = configuration.GetSection("Transformer:Models").GetChildren().Select(c => c.Key).ToList();
        if (models.Count == 0)
        {
            failures.Add("Transformer:Models has no pipeline; configure one per model (see the README's Transformer section), or pass a file with --pipeline");
        }
        else if (configuration["Serving:ModelName"] is { Length: > 0 } only && !models.Contains(only))
        {
            failures.Add($"--model_name is '{only}', but Transformer:Models has no pipeline of that name (pipelines: {string.Join(", ", models)})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
