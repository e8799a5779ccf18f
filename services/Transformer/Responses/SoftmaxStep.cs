using System.Runtime.InteropServices;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Pipeline;

namespace Modelplane.Transformer.Responses;

/// <summary><c>softmax</c>: logits to probabilities along the last dimension, in place, as FP32.</summary>
internal sealed class SoftmaxStep : IResponseStep
{
    private readonly SoftmaxOptions _options;

    public SoftmaxStep(SoftmaxOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Output, "Output");
        _options = options;
    }

    public ValueTask ApplyAsync(ResponseContext context, CancellationToken cancellationToken)
    {
        var output = context.Get(_options.Output);
        var (rows, classes) = ResponseContext.RowsAndClasses(output);
        var values = output.ToDoubles();
        var probabilities = new float[values.Length];
        for (var row = 0; row < rows; row++)
        {
            var logits = values.AsSpan(row * classes, classes);
            var max = double.NegativeInfinity;
            foreach (var v in logits)
            {
                max = Math.Max(max, v);
            }

            var sum = 0.0;
            foreach (var v in logits)
            {
                sum += Math.Exp(v - max);
            }

            for (var c = 0; c < classes; c++)
            {
                probabilities[(row * classes) + c] = (float)(Math.Exp(logits[c] - max) / sum);
            }
        }

        context.Replace(output.Name, new InferenceTensor(output.Name, TensorDataType.FP32, output.Shape, MemoryMarshal.AsBytes(probabilities.AsSpan()).ToArray()));
        return ValueTask.CompletedTask;
    }
}
