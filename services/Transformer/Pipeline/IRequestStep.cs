namespace Modelplane.Transformer.Pipeline;

/// <summary>
/// One step of a pipeline's request side: reads what the client sent or what earlier steps made, and leaves its result
/// in the <see cref="RequestContext"/> (images, a table, texts, or the predictor's input tensors).
/// </summary>
public interface IRequestStep
{
    /// <summary>Applies the step; a problem with the request is an <see cref="Serving.Errors.InferenceException"/> naming what and where.</summary>
    ValueTask ApplyAsync(RequestContext context, CancellationToken cancellationToken);
}
