using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Modelplane.Serving.Client;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Models;
using Modelplane.Serving.Protocol;

namespace Modelplane.Transformer.Pipeline;

/// <summary>
/// A model as the transformer serves it, in KServe's shape: preprocess runs the pipeline's request steps, predict calls
/// the predictor, postprocess runs the response steps. Loading builds the pipeline from configuration, so a pipeline
/// that cannot be built leaves the model not ready with the reason, as a broken model file does in the predictor.
/// </summary>
internal sealed class TransformerModel(
    string name,
    IConfigurationSection configuration,
    PipelineFactory factory,
    IInferenceClient predictor) : InferenceModel(name, "1")
{
    // In a pipeline whose response steps read the request's images, a request's context lives from preprocess to
    // postprocess: the base class hands each phase only the previous one's result, so the context is found by that result.
    private readonly ConditionalWeakTable<InferenceRequest, RequestContext> _prepared = [];
    private readonly ConditionalWeakTable<InferenceResponse, RequestContext> _predicted = [];
    private TransformPipeline? _pipeline;

    public override string Platform => "modelplane_transformer";

    public override InferenceRequest ReadV1Request(ReadOnlyMemory<byte> body) => V1Instances.Read(body);

    protected override ValueTask LoadCoreAsync(CancellationToken cancellationToken)
    {
        _pipeline = factory.Build(Name, configuration);
        Inputs = _pipeline.Inputs;
        Outputs = _pipeline.Outputs;
        return ValueTask.CompletedTask;
    }

    // The steps check what they read and name what is missing or wrong; here only what no step could see.
    protected override void ValidateRequest(InferenceRequest request)
    {
        for (var i = 0; i < request.Inputs.Count; i++)
        {
            if (request.Inputs.Take(i).Any(earlier => earlier.Name == request.Inputs[i].Name))
            {
                throw InferenceException.BadRequest($"input '{request.Inputs[i].Name}' is given twice");
            }
        }
    }

    protected override async ValueTask<InferenceRequest> PreprocessAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        var pipeline = Pipeline;
        using var activity = TransformerTelemetry.Source.StartActivity($"preprocess {Name}");
        RequestContext? context = new RequestContext(Name, request);
        try
        {
            foreach (var step in pipeline.RequestSteps)
            {
                await step.ApplyAsync(context, cancellationToken);
            }

            if (context.Inputs.Count == 0)
            {
                throw new InferenceException(InferenceErrorKind.Internal, $"model '{Name}': the request steps made no input for the predictor; end them with a step that makes a tensor");
            }

            var prepared = new InferenceRequest
            {
                Id = request.Id,
                Inputs = [.. context.Inputs],
                Outputs = pipeline.PredictorOutputs.Count == 0 ? null : [.. pipeline.PredictorOutputs.Select(o => new RequestedOutput(o))],
            };
            if (pipeline.KeepsRequestImages)
            {
                _prepared.Add(prepared, context);
                context = null;
            }

            return prepared;
        }
        finally
        {
            context?.Dispose();
        }
    }

    protected override async ValueTask<InferenceResponse> PredictAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        var pipeline = Pipeline;
        using var activity = TransformerTelemetry.Source.StartActivity($"predict {pipeline.PredictorModel}", ActivityKind.Internal);
        activity?.SetTag("modelplane.predictor", predictor.Address);
        _prepared.TryGetValue(request, out var context);
        _prepared.Remove(request);
        try
        {
            var response = await predictor.InferAsync(pipeline.PredictorModel, pipeline.PredictorVersion, request, cancellationToken);
            if (context is not null)
            {
                _predicted.Add(response, context);
            }

            return response;
        }
        catch (InferenceException e) when (e.Kind == InferenceErrorKind.NotFound)
        {
            context?.Dispose();

            // The client asked for a model this transformer serves; that its predictor lacks the model behind it is a
            // dependency failing, as when the predictor is down, not a model the client named wrongly.
            throw InferenceException.Unavailable(e.Message, e);
        }
        catch
        {
            context?.Dispose();
            throw;
        }
    }

    protected override async ValueTask<InferenceResponse> PostprocessAsync(InferenceResponse response, CancellationToken cancellationToken)
    {
        var pipeline = Pipeline;
        using var activity = TransformerTelemetry.Source.StartActivity($"postprocess {Name}");
        _predicted.TryGetValue(response, out var request);
        _predicted.Remove(response);
        using (request)
        {
            var context = new ResponseContext(Name, response, request?.Images);
            foreach (var step in pipeline.ResponseSteps)
            {
                await step.ApplyAsync(context, cancellationToken);
            }

            return new InferenceResponse { ModelName = Name, ModelVersion = Version, Id = response.Id, Outputs = context.Outputs };
        }
    }

    private TransformPipeline Pipeline => _pipeline ?? throw new InvalidOperationException($"model '{Name}' is not loaded");
}
