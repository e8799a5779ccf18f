using Modelplane.Serving.Protocol;

namespace Modelplane.Transformer.Pipeline;

/// <summary>
/// A built-in step that knows what it reads from the client or gives the client, so the transformer's model metadata
/// (<c>GET /v2/models/{name}</c>) can say so and a v2 request with an input no step reads is refused.
/// </summary>
internal interface IDescribesTensors
{
    /// <summary>The client inputs the step reads (request side) or the outputs it makes (response side).</summary>
    IEnumerable<TensorMetadata> Tensors { get; }
}
