using Modelplane.Serving.Protocol;

namespace Modelplane.Transformer.Pipeline;

/// <summary>One model's pipeline, built from its configuration: the steps before and after the predictor, and the model it calls.</summary>
internal sealed class TransformPipeline
{
    public required string PredictorModel { get; init; }

    public string? PredictorVersion { get; init; }

    /// <summary>The predictor outputs to ask for; all of them when empty.</summary>
    public IReadOnlyList<string> PredictorOutputs { get; init; } = [];

    public required IReadOnlyList<IRequestStep> RequestSteps { get; init; }

    public required IReadOnlyList<IResponseStep> ResponseSteps { get; init; }

    /// <summary>Whether a response step reads the request's images, which are then kept until it has run.</summary>
    public bool KeepsRequestImages => ResponseSteps.OfType<IReadsRequestImages>().Any();

    /// <summary>The client inputs the built-in request steps read.</summary>
    public IReadOnlyList<TensorMetadata> Inputs => [.. RequestSteps.OfType<IDescribesTensors>().SelectMany(s => s.Tensors).DistinctBy(t => t.Name)];

    /// <summary>The outputs the built-in response steps make.</summary>
    public IReadOnlyList<TensorMetadata> Outputs => [.. ResponseSteps.OfType<IDescribesTensors>().SelectMany(s => s.Tensors).DistinctBy(t => t.Name)];
}
