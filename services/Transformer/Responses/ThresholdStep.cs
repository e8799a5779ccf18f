using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Pipeline;

namespace Modelplane.Transformer.Responses;

/// <summary>
/// <c>threshold</c>: each score against a threshold, as BOOL, or as the names <c>Above</c> and <c>Below</c> give; for a
/// binary classifier's single score, or a multi-label model's score per class.
/// </summary>
internal sealed class ThresholdStep : IResponseStep, IDescribesTensors
{
    private readonly ThresholdOptions _options;

    public ThresholdStep(ThresholdOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Output, "Output");
        ArgumentException.ThrowIfNullOrEmpty(options.To, "To");
        if ((options.Above is null) != (options.Below is null))
        {
            throw new ArgumentException("give both Above and Below, or neither");
        }

        if (!double.IsFinite(options.Threshold))
        {
            throw new ArgumentException("Threshold must be a finite number");
        }

        _options = options;
    }

    private bool Named => _options.Above is not null;

    public IEnumerable<TensorMetadata> Tensors => [new(_options.To, Named ? TensorDataType.Bytes : TensorDataType.Bool, [-1])];

    public ValueTask ApplyAsync(ResponseContext context, CancellationToken cancellationToken)
    {
        var output = context.Get(_options.Output);
        var values = output.ToDoubles();
        var result = Named
            ? InferenceTensor.FromStrings(_options.To, output.Shape, values.Select(v => v >= _options.Threshold ? _options.Above! : _options.Below!))
            : new InferenceTensor(_options.To, TensorDataType.Bool, output.Shape, values.Select(v => v >= _options.Threshold ? (byte)1 : (byte)0).ToArray());
        context.Replace(output.Name, result);
        return ValueTask.CompletedTask;
    }
}
