namespace Modelplane.Transformer.Pipeline;

/// <summary>Which side of the predictor a step runs on.</summary>
public enum StepSide
{
    /// <summary>Before the predictor: the pipeline's <c>Request</c> list.</summary>
    Request,

    /// <summary>After the predictor: the pipeline's <c>Response</c> list.</summary>
    Response,
}
