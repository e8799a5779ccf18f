namespace Modelplane.Transformer.Pipeline;

/// <summary>One step of a pipeline's response side: turns the predictor's outputs into what the client gets.</summary>
public interface IResponseStep
{
    /// <summary>Applies the step to the outputs in <paramref name="context"/>.</summary>
    ValueTask ApplyAsync(ResponseContext context, CancellationToken cancellationToken);
}
