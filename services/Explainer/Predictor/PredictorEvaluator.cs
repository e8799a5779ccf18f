using System.Buffers;
using Modelplane.Explainer.Configuration;
using Modelplane.Explainer.Explanations;
using Modelplane.Explainer.Methods;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.V2;
using Modelplane.Serving.Tensors;

namespace Modelplane.Explainer.Predictor;

/// <summary>
/// Scores a method's rows with the predictor: as many rows per call as <c>Explainer:MaxBatchSize</c> and
/// <c>Explainer:MaxBatchBytes</c> allow, so an explanation takes as few calls as it can, each a binary tensor whose rows
/// are made just before it is sent; only the explained output comes back, also binary.
/// </summary>
internal sealed class PredictorEvaluator(PredictorClient predictor, ExplanationPlan plan, ExplainerOptions limits, ExplanationCost cost) : IModelEvaluator
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
        RequestedOutput[] outputs = [new(plan.Output, new InferenceParameters().Set(BinaryOutputs.OutputParameter, true))];
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
                var response = await predictor.InferBatchAsync(
                    plan.Model, plan.Version, new InferenceRequest { Inputs = [batch], Outputs = outputs }, count, cost, cancellationToken);
                var scores = Scores(response, count);
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
