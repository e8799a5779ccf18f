using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Repository;

/// <summary>What <c>config.json</c> says of one input or output: a narrower shape, and feature names for tabular inputs.</summary>
public sealed class TensorConfig
{
    /// <summary>The input or output name, as in the model file.</summary>
    public required string Name { get; init; }

    /// <summary>The datatype; when given it must match the model file's.</summary>
    public TensorDataType? Datatype { get; init; }

    /// <summary>A shape that fixes dimensions the model file leaves open; -1 keeps a dimension open.</summary>
    public IReadOnlyList<long>? Shape { get; init; }

    /// <summary>The names of the features along the last dimension of a tabular input.</summary>
    public IReadOnlyList<string>? FeatureNames { get; init; }
}
