using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Modelplane.Serving.Client;

/// <summary>
/// Stops the start, naming the key, when the client's section has a setting it does not know or cannot read, or an
/// address it could not call. Whether a server needs an address at all is the server's to say, in its own terms.
/// </summary>
internal sealed class InferenceClientOptionsValidator(IConfiguration configuration) : IValidateOptions<InferenceClientOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>(options.Problems);
        if (!string.IsNullOrWhiteSpace(options.Address)
            && InferenceTarget.Resolve(options.Address, options.Protocol, configuration, out var problem) is null)
        {
            problems.Add($"{options.KeyOf(nameof(InferenceClientOptions.Address))} {problem}");
        }

        if (!(double.IsFinite(options.TimeoutSeconds) && options.TimeoutSeconds > 0))
        {
            problems.Add($"{options.KeyOf(nameof(InferenceClientOptions.TimeoutSeconds))} is {options.TimeoutSeconds}; use a number of seconds above 0");
        }

        if (options.ConnectRetries is < 0 or > InferenceClientConfiguration.MaxConnectRetries)
        {
            problems.Add($"{options.KeyOf(nameof(InferenceClientOptions.ConnectRetries))} is {options.ConnectRetries}; use a whole number from 0 to {InferenceClientConfiguration.MaxConnectRetries}");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
