namespace Modelplane.Serving.Client;

/// <summary>How an <see cref="IInferenceClient"/> speaks the Open Inference Protocol to its model server.</summary>
public enum InferenceProtocol
{
    /// <summary>REST with JSON tensors both ways, as any v2 server takes them.</summary>
    Rest,

    /// <summary>REST with the binary tensor data extension both ways: a tensor costs a copy, not a JSON round trip.</summary>
    Binary,

    /// <summary>gRPC (<c>inference.GRPCInferenceService</c>), tensors as raw contents.</summary>
    Grpc,
}
