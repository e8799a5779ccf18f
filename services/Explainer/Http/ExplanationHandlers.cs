using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Modelplane.Explainer.Explanations;
using Modelplane.Explainer.Metrics;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Client;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Http;
using Modelplane.Serving.Metrics;
using Modelplane.Serving.Models;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.V1;
using Modelplane.Serving.Protocol.V2;
using Modelplane.Serving.Tensors;

namespace Modelplane.Explainer.Http;

/// <summary>
/// Answers explain requests: reads the instances against the predictor's input, asks the predictor for their
/// predictions, explains them with the model's method and writes both, with what the explanation cost.
/// </summary>
internal sealed partial class ExplanationHandlers(
    ModelRegistry registry,
    IInferenceClient predictor,
    IOptions<ServingOptions> serving,
    ServingMetrics servingMetrics,
    ExplainerMetrics metrics,
    ILogger<ExplanationHandlers> logger)
{
    // Messages quote names ('iris'); the default encoder would write \u0027.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>KServe v1: <c>{"instances": [...]}</c> → <c>{"predictions": [...], "explanations": [...], "metadata": {...}}</c>.</summary>
    public Task ExplainV1Async(HttpContext context) => ExplainAsync(context, v1: true);

    /// <summary>v2 style: an inference request → the predictor's outputs, <c>"explanations"</c>, and the cost in <c>"parameters"</c>.</summary>
    public Task ExplainV2Async(HttpContext context) => ExplainAsync(context, v1: false);

    private async Task ExplainAsync(HttpContext context, bool v1)
    {
        var started = Stopwatch.GetTimestamp();
        var values = context.Request.RouteValues;
        var name = (string)values["name"]!;
        var status = StatusCodes.Status200OK;
        try
        {
            using var lease = registry.Acquire(name, values.TryGetValue("version", out var version) ? version as string : null);
            var model = (ExplainedModel)lease.Model;
            using var body = await RequestBody.ReadAsync(context, serving.Value.MaxRequestBodySize);
            var plan = await model.PlanAsync(context.RequestAborted);
            var cost = new ExplanationCost();
            using var output = new PooledBufferWriter(4096);
            var explanation = v1
                ? await ExplainV1Async(model, plan, body.WrittenMemory, cost, output, context.RequestAborted)
                : await ExplainV2Async(model, plan, body.WrittenMemory, HeaderLength(context.Request), cost, output, context.RequestAborted);
            metrics.Record(name, explanation.Plan.Method.ToString(), cost.Calls, cost.Rows);
            await JsonResponses.WriteAsync(context, status, output);
        }
        catch (InferenceException e)
        {
            status = e.StatusCode;
            if (e.Kind == InferenceErrorKind.Internal)
            {
                LogFailed(e, name);
            }
            else if (e.Kind is InferenceErrorKind.Unavailable or InferenceErrorKind.NotImplemented)
            {
                LogCannotExplain(name, status, e.Message);
            }
            else
            {
                LogRefused(name, status, e.Message);
            }

            await JsonResponses.WriteErrorAsync(context, e);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            status = 499;
        }
        catch (Exception e)
        {
            status = StatusCodes.Status500InternalServerError;
            LogFailed(e, name);
            await JsonResponses.WriteErrorAsync(context, new InferenceException(InferenceErrorKind.Internal, $"explaining model '{name}' failed: {e.Message}", e));
        }
        finally
        {
            servingMetrics.Record(name, v1 ? "v1-explain" : "v2-explain", status, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<Explanation> ExplainV1Async(
        ExplainedModel model, ExplanationPlan plan, ReadOnlyMemory<byte> body, ExplanationCost cost, PooledBufferWriter output, CancellationToken cancellationToken)
    {
        var request = V1JsonCodec.ReadRequest(body, [plan.Input]);
        var instances = plan.Instances(request.Inputs[0]);

        // The predictions are the predictor's own answer to the same body, as :predict gives them.
        cost.Add(instances.Length);
        using var answer = await predictor.PredictV1Async(model.Name, body, cancellationToken);
        if (answer.RootElement.ValueKind != JsonValueKind.Object || !answer.RootElement.TryGetProperty("predictions", out var predictions))
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"the predictor's v1 answer for model '{model.Name}' has no 'predictions'");
        }

        var explanation = await model.ExplainInstancesAsync(plan, instances, cost, cancellationToken);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WritePropertyName("predictions"u8);
        predictions.WriteTo(writer);
        ExplanationJson.WriteExplanations(writer, explanation);
        writer.WriteStartObject("metadata"u8);
        writer.WriteString("model_name"u8, model.Name);
        writer.WriteString("model_version"u8, plan.Version);
        ExplanationJson.WriteCost(writer, explanation, cost);
        writer.WriteEndObject();
        writer.WriteEndObject();
        return explanation;
    }

    private async Task<Explanation> ExplainV2Async(
        ExplainedModel model, ExplanationPlan plan, ReadOnlyMemory<byte> body, long? headerLength, ExplanationCost cost, PooledBufferWriter output, CancellationToken cancellationToken)
    {
        var request = V2JsonCodec.ReadRequest(body, headerLength);
        var tensor = request.Inputs.FirstOrDefault(i => i.Name == plan.Input.Name)
            ?? throw InferenceException.BadRequest(
                $"input '{plan.Input.Name}' ({plan.Input.DataType.ToProtocolName()} {TensorShape.Format(plan.Input.Shape)}) is required by model '{model.Name}' but missing from the request");
        if (request.Inputs.FirstOrDefault(i => i.Name != plan.Input.Name) is { } extra)
        {
            throw InferenceException.BadRequest($"input '{extra.Name}' is not an input of model '{model.Name}' (inputs: {plan.Input.Name})");
        }

        var instances = plan.Instances(tensor);
        var forwarded = new InferenceRequest { Id = request.Id, Inputs = [tensor], Outputs = request.Outputs };
        cost.Add(instances.Length);
        var answer = await predictor.InferAsync(model.Name, plan.Version, forwarded, cancellationToken);
        var explanation = await model.ExplainInstancesAsync(plan, instances, cost, cancellationToken);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("model_name"u8, model.Name);
        writer.WriteString("model_version"u8, plan.Version);
        if (request.Id is not null)
        {
            writer.WriteString("id"u8, request.Id);
        }

        writer.WriteStartObject("parameters"u8);
        ExplanationJson.WriteCost(writer, explanation, cost);
        writer.WriteEndObject();
        writer.WritePropertyName("outputs"u8);
        V2JsonCodec.WriteOutputs(writer, answer.Outputs);
        ExplanationJson.WriteExplanations(writer, explanation);
        writer.WriteEndObject();
        return explanation;
    }

    // The binary tensor extension: the JSON is the body's first N bytes, the tensors' bytes follow.
    private static long? HeaderLength(HttpRequest request)
    {
        var value = request.Headers[V2JsonCodec.HeaderLengthHeader];
        if (value.Count == 0)
        {
            return null;
        }

        return long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw InferenceException.BadRequest($"{V2JsonCodec.HeaderLengthHeader} must be a whole number of bytes, got '{value}'");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "explain request for model {Model} refused with {Status}: {Reason}")]
    private partial void LogRefused(string model, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "model {Model} could not be explained ({Status}): {Reason}")]
    private partial void LogCannotExplain(string model, int status, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "explaining model {Model} failed")]
    private partial void LogFailed(Exception exception, string model);
}
