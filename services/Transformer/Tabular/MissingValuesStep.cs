using System.Globalization;
using Modelplane.Serving.Errors;
using Modelplane.Transformer.Pipeline;

namespace Modelplane.Transformer.Tabular;

/// <summary><c>table.missing</c>: rejects rows that lack a feature, or imputes it, as the policy says.</summary>
internal sealed class MissingValuesStep : IRequestStep
{
    private readonly MissingValuesOptions _options;
    private readonly IReadOnlyDictionary<string, FeatureStatistics> _statistics;

    public MissingValuesStep(MissingValuesOptions options, PipelineFiles files)
    {
        _options = options;
        _statistics = options.Statistics is { Length: > 0 } path
            ? FeatureStatistics.Load(files.Resolve(path, "Statistics"))
            : new Dictionary<string, FeatureStatistics>();
        if (options.Policy == MissingValuePolicy.Reject && (options.Values.Count > 0 || _statistics.Count > 0))
        {
            throw new ArgumentException("Values and Statistics impute; they mean nothing with Policy Reject");
        }
    }

    public ValueTask ApplyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var table = context.Table ?? throw new InferenceException(InferenceErrorKind.Internal, $"model '{context.ModelName}': table.missing has no table; put a table.read step before it");
        foreach (var column in table.Columns)
        {
            for (var row = 0; row < table.Rows; row++)
            {
                if (!column.IsMissing(row))
                {
                    continue;
                }

                if (_options.Policy == MissingValuePolicy.Reject)
                {
                    throw InferenceException.BadRequest($"{column.Where[row]} is missing; model '{context.ModelName}' needs feature '{column.Name}' in every row");
                }

                Impute(context, column, row);
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Impute(RequestContext context, FeatureColumn column, int row)
    {
        var configured = _options.Values.TryGetValue(column.Name, out var value) ? value : null;
        if (column.IsCategorical)
        {
            column.Categories![row] = configured ?? throw NoValue(context, column);
        }
        else if (configured is not null)
        {
            column.Numbers![row] = double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new InferenceException(InferenceErrorKind.Internal, $"model '{context.ModelName}': table.missing imputes '{column.Name}' with '{configured}', which is not a number");
        }
        else
        {
            column.Numbers![row] = _statistics.TryGetValue(column.Name, out var statistics) ? statistics.Mean : throw NoValue(context, column);
        }
    }

    private static InferenceException NoValue(RequestContext context, FeatureColumn column) =>
        new(InferenceErrorKind.Internal, $"model '{context.ModelName}': feature '{column.Name}' is missing and table.missing has no value to impute it with (give one in Values or Statistics)");
}
