using Microsoft.Extensions.Configuration;
using Modelplane.Explainer.Configuration;

namespace Modelplane.Explainer.Predictor;

/// <summary>
/// Where the predictor is: the address <c>Explainer:PredictorUrl</c> gives (KServe's <c>--predictor_host</c>), or else
/// the service <c>Explainer:Predictor</c> names, resolved by service discovery from <c>services:{name}:http:N</c> as
/// Aspire passes it (<c>services__predictor__http__0</c>), every replica listed there taking its share of the calls.
/// </summary>
internal sealed record PredictorAddress(Uri BaseAddress, string Description)
{
    /// <summary>The address, or null with the reason when the configuration names none that can be called.</summary>
    public static PredictorAddress? Resolve(ExplainerOptions options, IConfiguration configuration, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        problem = null;
        if (!string.IsNullOrWhiteSpace(options.PredictorUrl))
        {
            var text = options.PredictorUrl.Trim();
            var url = text.Contains("://", StringComparison.Ordinal) ? text : $"http://{text}";
            if (Uri.TryCreate(url, UriKind.Absolute, out var address) && address.Scheme is "http" or "https" && address.AbsolutePath == "/")
            {
                return new PredictorAddress(address, $"the predictor at {address.GetLeftPart(UriPartial.Authority)}");
            }

            problem = $"Explainer:PredictorUrl '{options.PredictorUrl}' is not a predictor address; give http://HOST:PORT or HOST:PORT";
            return null;
        }

        var name = options.Predictor.Trim();
        var endpoints = configuration.GetSection($"services:{name}:http").GetChildren().Select(e => e.Value).OfType<string>().ToList();
        if (endpoints.Count > 0 && Uri.CheckHostName(name) != UriHostNameType.Unknown)
        {
            return new PredictorAddress(new Uri($"http://{name}"), $"the predictor '{name}' ({string.Join(", ", endpoints)})");
        }

        problem = $"no predictor to call: set Explainer:PredictorUrl (--predictor_host HOST:PORT), or services__{name}__http__0 as the AppHost does (Explainer:Predictor names the service, '{name}')";
        return null;
    }
}
