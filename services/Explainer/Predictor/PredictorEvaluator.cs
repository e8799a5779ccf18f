using System.Buffers;
using Modelplane.Explainer.Configuration;
using Modelplane.Explainer.Explanations;
using Modelplane.Explainer.Methods;
using Modelplane.Serving.Client;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;

namespace Modelplane.Explainer.Predictor;

/// <summary>
/// Scores a method's rows with the predictor: as many rows per call as <c>Explainer:MaxBatchSize</c> and
/// <c>Explainer:MaxBatchBytes</c> allow, so an explanation takes as few calls as it can, each a binary tensor whose rows
/// are made just before it is sent; only the explained output comes back.
/// </summary>
internal sealed class PredictorEvaluator(IInferenceClient predictor, ExplanationPlan plan, ExplainerOptions limits, ExplanationCost cost) : IModelEvaluator
{
    public int Classes => plan.Classes;

    /// <summary>The rows one call carries: the row limit, or fewer when the rows are large, but at least one.</summary>
    public int RowsPerCall => (int)Math.Clamp(limits.MaxBatchBytes / RowBytes, 1, limits.MaxBatchSize);

    private int RowBytes => plan.RowWidth * plan.Input.DataType.ElementSize();

    public async Task EvaluateAsync(IRowSource rows, CancellationToken cancellationToken)
    {
        var perCall = RowsPerCall;
        var rowBytes = RowBytes;
        var values = new double[plan.RowWidth];
        RequestedOutput[] outputs = [new(plan.Output)];
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(perCall, rows.RowCount) * rowBytes);
        try
        {
            for (var start = 0; start < rows.RowCount; start += perCall)
            {
                var count = Math.Min(perCall, rows.RowCount - start);
                for (var r = 0; r < count; r++)
                {
                    rows.Fill(start + r, values);
                    TensorElements.Write(plan.Input.DataType, values, buffer.AsSpan(r * rowBytes, rowBytes));
                }

                var batch = new InferenceTensor(plan.Input.Name, plan.Input.DataType, [count, .. plan.RowShape], buffer.AsMemory(0, count * rowBytes));
                cost.Add(count);
                var scores = Scores(await InferAsync(new InferenceRequest { Inputs = [batch], Outputs = outputs }, cancellationToken), count);
                for (var r = 0; r < count; r++)
                {
                    rows.Take(start + r, scores.AsSpan(r * Classes, Classes));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<InferenceResponse> InferAsync(InferenceRequest batch, CancellationToken cancellationToken)
    {
        try
        {
            return await predictor.InferAsync(plan.Model, plan.Version, batch, cancellationToken);
        }
        catch (InferenceException e) when (e.Kind is InferenceErrorKind.BadRequest or InferenceErrorKind.PayloadTooLarge)
        {
            // The rows are the explainer's own, so a predictor that refuses them is the explainer failing, not the client.
            throw new InferenceException(
                InferenceErrorKind.Internal,
                e.Kind == InferenceErrorKind.PayloadTooLarge ? $"{e.Message}; lower Explainer:MaxBatchBytes or Explainer:MaxBatchSize" : e.Message,
                e);
        }
    }

    private double[] Scores(InferenceResponse response, int count)
    {
        var output = response.Outputs.FirstOrDefault(o => o.Name == plan.Output);
        if (output is null || output.DataType == TensorDataType.Bytes || output.Shape.Length == 0 || output.Shape[0] != count || output.ElementCount != (long)count * Classes)
        {
            var got = output is null ? $"without output '{plan.Output}'" : $"with output '{plan.Output}' {output.DataType.ToProtocolName()} {TensorShape.Format(output.Shape)}";
            throw new InferenceException(
                InferenceErrorKind.Internal,
                $"the predictor answered a batch of {count} rows of model '{plan.Model}' {got}; expected {Classes} score{(Classes == 1 ? string.Empty : "s")} per row");
        }

        return output.ToDoubles();
    }
}
