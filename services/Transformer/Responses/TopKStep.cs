using System.Runtime.InteropServices;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Pipeline;

namespace Modelplane.Transformer.Responses;

/// <summary><c>top-k</c>: the k best classes of each row, by name, best first (ties keep the lower class first), with their scores.</summary>
internal sealed class TopKStep : IResponseStep, IDescribesTensors
{
    private readonly TopKOptions _options;
    private readonly IReadOnlyList<string>? _labels;

    public TopKStep(TopKOptions options, PipelineFiles files)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Output, "Output");
        if (options.K <= 0)
        {
            throw new ArgumentException($"K is {options.K}; it must be more than 0");
        }

        _options = options;
        _labels = LabelFile.Load(options.Labels, files);
    }

    public IEnumerable<TensorMetadata> Tensors =>
        [new(_options.LabelsOutput, TensorDataType.Bytes, [-1, _options.K]), new(_options.ScoresOutput, TensorDataType.FP32, [-1, _options.K])];

    public ValueTask ApplyAsync(ResponseContext context, CancellationToken cancellationToken)
    {
        var output = context.Get(_options.Output);
        var (rows, classes) = ResponseContext.RowsAndClasses(output);
        var k = Math.Min(_options.K, classes);
        var values = output.ToDoubles();
        var names = new List<string>(rows * k);
        var scores = new float[rows * k];
        var order = new int[classes];
        for (var row = 0; row < rows; row++)
        {
            var rowScores = values.AsSpan(row * classes, classes).ToArray();
            for (var c = 0; c < classes; c++)
            {
                order[c] = c;
            }

            Array.Sort(order, (a, b) => rowScores[b].CompareTo(rowScores[a]) is var byScore and not 0 ? byScore : a.CompareTo(b));
            for (var i = 0; i < k; i++)
            {
                names.Add(LabelFile.Name(_labels, order[i]));
                scores[(row * k) + i] = (float)rowScores[order[i]];
            }
        }

        long[] shape = [rows, k];
        context.Replace(
            output.Name,
            InferenceTensor.FromStrings(_options.LabelsOutput, shape, names),
            new InferenceTensor(_options.ScoresOutput, TensorDataType.FP32, shape, MemoryMarshal.AsBytes(scores.AsSpan()).ToArray()));
        return ValueTask.CompletedTask;
    }
}
