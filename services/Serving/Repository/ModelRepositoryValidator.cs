using Microsoft.Extensions.Options;
using Modelplane.Serving.Hosting;

namespace Modelplane.Serving.Repository;

/// <summary>Refuses to start without a model repository directory, saying which setting to fix.</summary>
internal sealed class ModelRepositoryValidator : IValidateOptions<ServingOptions>
{
    public ValidateOptionsResult Validate(string? name, ServingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ModelRepository))
        {
            return ValidateOptionsResult.Fail(
                "no model repository: pass --model-repository DIR or set Serving:ModelRepository (Serving__ModelRepository in the environment)");
        }

        if (!Directory.Exists(options.ModelRepository))
        {
            return ValidateOptionsResult.Fail(File.Exists(options.ModelRepository)
                ? $"the model repository '{options.ModelRepository}' (Serving:ModelRepository) is a file; it must be a directory holding {{model}}/{{version}}/ directories"
                : $"the model repository '{options.ModelRepository}' (Serving:ModelRepository) does not exist");
        }

        return ValidateOptionsResult.Success;
    }
}
