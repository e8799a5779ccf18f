using System.Runtime.InteropServices;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Pipeline;

namespace Modelplane.Transformer.Responses;

/// <summary><c>argmax</c>: each row's best class, by name, and its score; a tie goes to the lower class.</summary>
internal sealed class ArgmaxStep : IResponseStep, IDescribesTensors
{
    private readonly ArgmaxOptions _options;
    private readonly IReadOnlyList<string>? _labels;

    public ArgmaxStep(ArgmaxOptions options, PipelineFiles files)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Output, "Output");
        _options = options;
        _labels = LabelFile.Load(options.Labels, files);
    }

    public IEnumerable<TensorMetadata> Tensors =>
        [new(_options.LabelOutput, TensorDataType.Bytes, [-1]), new(_options.ScoreOutput, TensorDataType.FP32, [-1])];

    public ValueTask ApplyAsync(ResponseContext context, CancellationToken cancellationToken)
    {
        var output = context.Get(_options.Output);
        var (rows, classes) = ResponseContext.RowsAndClasses(output);
        var values = output.ToDoubles();
        var names = new string[rows];
        var scores = new float[rows];
        for (var row = 0; row < rows; row++)
        {
            var rowScores = values.AsSpan(row * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (rowScores[c] > rowScores[best])
                {
                    best = c;
                }
            }

            names[row] = LabelFile.Name(_labels, best);
            scores[row] = (float)rowScores[best];
        }

        context.Replace(
            output.Name,
            InferenceTensor.FromStrings(_options.LabelOutput, [rows], names),
            new InferenceTensor(_options.ScoreOutput, TensorDataType.FP32, [rows], MemoryMarshal.AsBytes(scores.AsSpan()).ToArray()));
        return ValueTask.CompletedTask;
    }
}
