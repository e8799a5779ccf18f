using System.Runtime.InteropServices;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Pipeline;

namespace Modelplane.Transformer.Tabular;

/// <summary><c>table.tensor</c>: the table to one FP32 tensor <c>[rows, features]</c> in column order; every value must be there by now.</summary>
internal sealed class TableTensorStep : IRequestStep
{
    private readonly TableTensorOptions _options;

    public TableTensorStep(TableTensorOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Input, "Input");
        _options = options;
    }

    public ValueTask ApplyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var table = context.Table ?? throw new InferenceException(InferenceErrorKind.Internal, $"model '{context.ModelName}': table.tensor has no table; put a table.read step before it");
        var columns = table.Columns;
        if (columns.FirstOrDefault(c => c.IsCategorical) is { } categorical)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"model '{context.ModelName}': feature '{categorical.Name}' is categorical; encode it with table.one-hot before table.tensor");
        }

        var values = new float[table.Rows * columns.Count];
        for (var row = 0; row < table.Rows; row++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                values[(row * columns.Count) + c] = columns[c].Numbers![row] is { } value
                    ? (float)value
                    : throw InferenceException.BadRequest($"{columns[c].Where[row]} is missing; model '{context.ModelName}' needs feature '{columns[c].Name}' in every row");
            }
        }

        context.Inputs.Add(new InferenceTensor(_options.Input, TensorDataType.FP32, [table.Rows, columns.Count], MemoryMarshal.AsBytes(values.AsSpan()).ToArray()));
        return ValueTask.CompletedTask;
    }
}
