using System.Net;
using Modelplane.Serving.Errors;

namespace Modelplane.Transformer.Predictors;

/// <summary>
/// What the client is told when the predictor fails it: its own refusals of the request (400, 413) pass through; a
/// predictor that is down, slow, overloaded or does not serve the model is a 503 that says which and why.
/// </summary>
internal static class PredictorErrors
{
    public static InferenceException Unreachable(string address, Exception e) =>
        InferenceException.Unavailable($"the predictor at {address} cannot be reached: {e.Message}", e);

    public static InferenceException TimedOut(string address, TimeSpan timeout) =>
        InferenceException.Unavailable($"the predictor at {address} did not answer within {timeout.TotalSeconds:0.#} s (Transformer:PredictorTimeoutSeconds)");

    public static InferenceException Refused(string address, string model, HttpStatusCode status, string message) => (int)status switch
    {
        400 => InferenceException.BadRequest($"the predictor refused the request for model '{model}': {message}"),
        413 => InferenceException.PayloadTooLarge($"the predictor refused the request for model '{model}' as too large: {message}"),
        404 => InferenceException.Unavailable($"the predictor at {address} does not serve model '{model}': {message}"),
        _ => InferenceException.Unavailable($"the predictor at {address} answered {(int)status} for model '{model}': {message}"),
    };
}
