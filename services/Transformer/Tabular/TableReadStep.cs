using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Pipeline;

namespace Modelplane.Transformer.Tabular;

/// <summary>
/// <c>table.read</c>: named features (<c>{"instances": [{"sepal_length": 5.1, ...}]}</c>, or one v2 input per feature)
/// to a <see cref="FeatureTable"/>. A feature a row lacks (or sends as null) is kept as missing for <c>table.missing</c>
/// to reject or impute; a feature not in the list is refused or ignored as the options say.
/// </summary>
internal sealed class TableReadStep : IRequestStep, IDescribesTensors
{
    private readonly TableReadOptions _options;

    public TableReadStep(TableReadOptions options)
    {
        if (options.Features.Count == 0)
        {
            throw new ArgumentException("Features lists no feature; name them in the order the model takes them");
        }

        if (options.Features.Distinct(StringComparer.Ordinal).Count() != options.Features.Count)
        {
            throw new ArgumentException("Features names a feature twice");
        }

        if (options.Categorical.FirstOrDefault(c => !options.Features.Contains(c)) is { } stray)
        {
            throw new ArgumentException($"Categorical names '{stray}', which is not in Features");
        }

        _options = options;
    }

    public IEnumerable<TensorMetadata> Tensors =>
        _options.Features.Select(f => new TensorMetadata(f, _options.Categorical.Contains(f) ? TensorDataType.Bytes : TensorDataType.FP32, [-1]));

    public ValueTask ApplyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var rows = Rows(context);
        for (var row = 0; row < rows; row++)
        {
            if (!context.HasNamedFields(row))
            {
                throw InferenceException.BadRequest(
                    $"{context.RowName(row)} must be an object of named features, such as {{\"{_options.Features[0]}\": 5.1}}");
            }
        }

        if (_options.UnknownFeatures == UnknownFeaturePolicy.Reject)
        {
            for (var row = 0; row < rows; row++)
            {
                if (context.FieldNames(row).FirstOrDefault(name => !_options.Features.Contains(name)) is { } unknown)
                {
                    throw InferenceException.BadRequest(
                        $"{context.RowName(row)}: '{unknown}' is not a feature of model '{context.ModelName}' (features: {string.Join(", ", _options.Features)})");
                }
            }
        }

        var columns = new List<FeatureColumn>(_options.Features.Count);
        foreach (var feature in _options.Features)
        {
            var values = context.ReadOptional(feature, rows);
            var where = values.Select(v => v.Where).ToArray();
            columns.Add(_options.Categorical.Contains(feature)
                ? FeatureColumn.Categorical(feature, [.. values.Select(v => v.IsMissing ? null : v.GetCategory())], where)
                : FeatureColumn.Numeric(feature, [.. values.Select(v => v.IsMissing ? (double?)null : v.GetNumber())], where));
        }

        context.Table = new FeatureTable(rows, columns);
        return ValueTask.CompletedTask;
    }

    private int Rows(RequestContext context)
    {
        if (context.IsV1)
        {
            return context.RowCount(_options.Features[0]);
        }

        var present = _options.Features.FirstOrDefault(f => context.Request.FindInput(f) is not null)
            ?? throw InferenceException.BadRequest(
                $"the request has none of the features of model '{context.ModelName}' as inputs (features: {string.Join(", ", _options.Features)})");
        var rows = context.RowCount(present);
        foreach (var input in context.Request.Inputs.Where(i => _options.Features.Contains(i.Name)))
        {
            var count = input.Shape.Length == 0 ? 1 : input.Shape[0];
            if (count != rows)
            {
                throw InferenceException.BadRequest($"input '{input.Name}' has {count} rows but input '{present}' has {rows}; every feature needs one value per row");
            }
        }

        return rows;
    }
}
