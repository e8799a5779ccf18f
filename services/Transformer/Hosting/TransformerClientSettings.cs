using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Client;

namespace Modelplane.Transformer.Hosting;

/// <summary>
/// The transformer's settings from before the shared inference client, still read as aliases of <c>Serving:Client</c>
/// (a key of that section wins): <c>Transformer:Predictor</c> (<c>--predictor_host</c>) is its address,
/// <c>Transformer:Protocol</c> (<c>--protocol</c>, KServe's names) its protocol, <c>Transformer:PredictorTimeoutSeconds</c>
/// its timeout. Also refuses to start without a predictor, or with an older key it cannot read, naming the key.
/// </summary>
internal sealed class TransformerClientSettings(IConfiguration configuration) : IValidateOptions<InferenceClientOptions>
{
    /// <summary>KServe's <c>--protocol</c> for v2 REST, which the transformer speaks with binary tensors both ways.</summary>
    private const string RestV2 = "v2";

    /// <summary>KServe's <c>--protocol</c> for v2 gRPC.</summary>
    private const string GrpcV2 = "grpc-v2";

    /// <summary>KServe's v1, which the transformer accepts from clients but does not speak to its predictor.</summary>
    private const string V1 = "v1";

    private const string Predictor = $"{TransformerOptions.Section}:Predictor";
    private const string Protocol = $"{TransformerOptions.Section}:Protocol";
    private const string PredictorTimeoutSeconds = $"{TransformerOptions.Section}:PredictorTimeoutSeconds";

    /// <summary>Sets what the older keys give; runs before the client's own section is read, so that wins.</summary>
    public static void Apply(IConfiguration configuration, InferenceClientOptions client)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(client);
        if (configuration[Predictor] is { } predictor)
        {
            client.Address = predictor;
            client.ReadFromAlias(nameof(InferenceClientOptions.Address), Predictor);
        }

        if (ProtocolOf(configuration[Protocol]) is { } protocol)
        {
            client.Protocol = protocol;
            client.ReadFromAlias(nameof(InferenceClientOptions.Protocol), Protocol);
        }

        if (Seconds(configuration[PredictorTimeoutSeconds]) is { } seconds)
        {
            client.TimeoutSeconds = seconds;
            client.ReadFromAlias(nameof(InferenceClientOptions.TimeoutSeconds), PredictorTimeoutSeconds);
        }
    }

    public ValidateOptionsResult Validate(string? name, InferenceClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Address))
        {
            failures.Add($"{Predictor} (--predictor_host) is not set: give the predictor's service name, host:port or URL (or {options.SectionName}:{nameof(InferenceClientOptions.Address)})");
        }

        var protocol = configuration[Protocol];
        if (protocol == V1)
        {
            failures.Add($"{Protocol} (--protocol) is '{V1}': the transformer calls its predictor with the Open Inference Protocol; use '{RestV2}' or '{GrpcV2}' (clients may still send v1 requests)");
        }
        else if (protocol is not null && ProtocolOf(protocol) is null)
        {
            failures.Add($"{Protocol} (--protocol) is '{protocol}'; use '{RestV2}' or '{GrpcV2}'");
        }

        if (configuration[PredictorTimeoutSeconds] is { } timeout && Seconds(timeout) is null)
        {
            failures.Add($"{PredictorTimeoutSeconds} is '{timeout}'; it must be a number of seconds more than 0");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static InferenceProtocol? ProtocolOf(string? value) => value switch
    {
        RestV2 => InferenceProtocol.Binary,
        GrpcV2 => InferenceProtocol.Grpc,
        _ => null,
    };

    private static double? Seconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds > 0 ? seconds : null;
}
