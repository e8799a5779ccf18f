namespace Modelplane.Transformer;

/// <summary>The names KServe's <c>--protocol</c> gives the ways to reach a predictor.</summary>
public static class PredictorProtocols
{
    /// <summary>Open Inference Protocol v2 over REST.</summary>
    public const string RestV2 = "v2";

    /// <summary>Open Inference Protocol v2 over gRPC.</summary>
    public const string GrpcV2 = "grpc-v2";

    /// <summary>KServe's v1 protocol, which the transformer accepts from clients but does not speak to its predictor.</summary>
    public const string V1 = "v1";
}
