using Microsoft.Extensions.Options;

namespace Modelplane.Explainer.Configuration;

/// <summary>Stops the start, naming the key, when a setting under <c>Explainer</c> is unknown or wrong.</summary>
internal sealed class ExplainerOptionsValidator(IConfiguration configuration) : IValidateOptions<ExplainerOptions>
{
    public ValidateOptionsResult Validate(string? name, ExplainerOptions options)
    {
        var problems = ExplainerConfiguration.Check(configuration);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
