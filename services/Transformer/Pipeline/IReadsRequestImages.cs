namespace Modelplane.Transformer.Pipeline;

/// <summary>
/// A response step that reads the request's images (<see cref="ResponseContext.Images"/>): only a pipeline with one
/// keeps a request's images from its pre-processing to its post-processing; every other pipeline releases them as soon
/// as the predictor's inputs are made.
/// </summary>
public interface IReadsRequestImages
{
}
