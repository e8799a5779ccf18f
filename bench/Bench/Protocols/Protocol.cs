namespace Modelplane.Bench.Protocols;

/// <summary>The three ways a client sends the same inference request to the predictor.</summary>
internal enum Protocol
{
    /// <summary>Open Inference Protocol v2 over REST, tensors as JSON arrays.</summary>
    RestJson,

    /// <summary>v2 REST with the binary tensor extension: a JSON header, then raw tensor bytes, both ways.</summary>
    RestBinary,

    /// <summary>
    /// <c>inference.GRPCInferenceService/ModelInfer</c> with <c>raw_input_contents</c>, each concurrent call on a
    /// connection of its own.
    /// </summary>
    Grpc,

    /// <summary>
    /// The same gRPC call, the concurrent calls multiplexed as streams of one HTTP/2 connection: what a gRPC client
    /// channel (Grpc.Net.Client, grpcio) does with concurrent unary calls.
    /// </summary>
    GrpcChannel,
}
