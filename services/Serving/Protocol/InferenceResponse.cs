using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Protocol;

/// <summary>An inference response of the Open Inference Protocol.</summary>
public sealed class InferenceResponse
{
    /// <summary>The model that answered.</summary>
    public required string ModelName { get; init; }

    /// <summary>The version that answered.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>The request's identifier, when it had one.</summary>
    public string? Id { get; init; }

    /// <summary>Response-wide parameters.</summary>
    public InferenceParameters? Parameters { get; init; }

    /// <summary>The output tensors.</summary>
    public required IReadOnlyList<InferenceTensor> Outputs { get; init; }
}
