using Microsoft.Extensions.Options;
using Modelplane.Explainer.Predictor;

namespace Modelplane.Explainer.Configuration;

/// <summary>Stops the start, naming the key, when a setting under <c>Explainer</c> is unknown or wrong, or no predictor is named.</summary>
internal sealed class ExplainerOptionsValidator(IConfiguration configuration) : IValidateOptions<ExplainerOptions>
{
    public ValidateOptionsResult Validate(string? name, ExplainerOptions options)
    {
        var problems = ExplainerConfiguration.Check(configuration).ToList();
        if (problems.Count == 0 && PredictorAddress.Resolve(options, configuration, out var problem) is null)
        {
            problems.Add(problem!);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
