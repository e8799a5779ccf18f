using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Modelplane.Transformer.Hosting;

/// <summary>Refuses to start without a pipeline to serve, or with a pipeline file that is not there; each message names the setting.</summary>
internal sealed class TransformerOptionsValidator(IConfiguration configuration) : IValidateOptions<TransformerOptions>
{
    public ValidateOptionsResult Validate(string? name, TransformerOptions options)
    {
        var failures = new List<string>();
        if (options.Pipeline is { Length: > 0 } pipeline && !File.Exists(pipeline))
        {
            failures.Add($"Transformer:Pipeline (--pipeline) names '{pipeline}', which does not exist (looked for {Path.GetFullPath(pipeline)})");
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
