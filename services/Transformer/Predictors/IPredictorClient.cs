using Modelplane.Serving.Protocol;

namespace Modelplane.Transformer.Predictors;

/// <summary>Calls the predictor with the Open Inference Protocol; every failure is an <see cref="Serving.Errors.InferenceException"/> that says why.</summary>
internal interface IPredictorClient
{
    /// <summary>Where the predictor is, as configured, for messages and traces.</summary>
    string Address { get; }

    Task<InferenceResponse> InferAsync(string model, string? version, InferenceRequest request, CancellationToken cancellationToken);
}
