using System.Globalization;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Client;

namespace Modelplane.Explainer.Configuration;

/// <summary>
/// The explainer's settings from before the shared inference client, still read as aliases of <c>Serving:Client</c>
/// (a key of that section wins): <c>Explainer:PredictorUrl</c> (<c>--predictor_host</c>) is its address, or else the
/// service <c>Explainer:Predictor</c> names when service discovery knows it; <c>Explainer:PredictorTimeoutSeconds</c> its
/// timeout, 100 s by default, since an explanation's batches are large. Also refuses to start without a predictor, or
/// with gRPC, naming the keys.
/// </summary>
internal sealed class ExplainerClientSettings(IConfiguration configuration) : IValidateOptions<InferenceClientOptions>
{
    /// <summary>The older key of the address.</summary>
    public const string PredictorUrl = nameof(PredictorUrl);

    /// <summary>The older key of the predictor's service name.</summary>
    public const string Predictor = nameof(Predictor);

    /// <summary>The older key of the timeout.</summary>
    public const string PredictorTimeoutSeconds = nameof(PredictorTimeoutSeconds);

    private const string DefaultPredictor = "predictor";
    private const double DefaultTimeoutSeconds = 100;

    /// <summary>Sets the explainer's default and what the older keys give; runs before the client's own section is read, so that wins.</summary>
    public static void Apply(IConfiguration configuration, InferenceClientOptions client)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(client);
        client.TimeoutSeconds = DefaultTimeoutSeconds;
        var explainer = configuration.GetSection(ExplainerOptions.Section);
        if (explainer[PredictorUrl] is { } url && !string.IsNullOrWhiteSpace(url))
        {
            client.Address = url;
            client.ReadFromAlias(nameof(InferenceClientOptions.Address), Key(PredictorUrl));
        }
        else if (configuration.GetSection($"services:{ServiceName(configuration)}:http").GetChildren().Any())
        {
            client.Address = ServiceName(configuration);
            client.ReadFromAlias(nameof(InferenceClientOptions.Address), Key(Predictor));
        }

        // A value that is not a number is the explainer's own check to report (ExplainerConfiguration), not set here.
        if (double.TryParse(explainer[PredictorTimeoutSeconds], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds > 0)
        {
            client.TimeoutSeconds = seconds;
            client.ReadFromAlias(nameof(InferenceClientOptions.TimeoutSeconds), Key(PredictorTimeoutSeconds));
        }
    }

    public ValidateOptionsResult Validate(string? name, InferenceClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Address))
        {
            var service = ServiceName(configuration);
            failures.Add(
                $"no predictor to call: set {Key(PredictorUrl)} (--predictor_host HOST:PORT), or services__{service}__http__0 as the AppHost does "
                + $"({Key(Predictor)} names the service, '{service}'), or {options.SectionName}:{nameof(InferenceClientOptions.Address)}");
        }

        if (options.Protocol == InferenceProtocol.Grpc)
        {
            failures.Add(
                $"{options.KeyOf(nameof(InferenceClientOptions.Protocol))} is grpc: the explainer passes KServe v1 requests on to the predictor, "
                + "which only REST carries; use rest or binary");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Key(string setting) => $"{ExplainerOptions.Section}:{setting}";

    private static string ServiceName(IConfiguration configuration) => configuration[Key(Predictor)]?.Trim() is { Length: > 0 } name ? name : DefaultPredictor;
}
