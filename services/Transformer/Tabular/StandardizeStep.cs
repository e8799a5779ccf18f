using Modelplane.Serving.Errors;
using Modelplane.Transformer.Pipeline;

namespace Modelplane.Transformer.Tabular;

/// <summary><c>table.standardize</c>: each numeric feature the stored statistics name, as <c>(x − mean) / std</c>.</summary>
internal sealed class StandardizeStep : IRequestStep
{
    private readonly IReadOnlyDictionary<string, FeatureStatistics> _statistics;

    public StandardizeStep(StandardizeOptions options, PipelineFiles files)
    {
        _statistics = FeatureStatistics.Load(files.Resolve(options.Statistics, "Statistics"));
    }

    public ValueTask ApplyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var table = context.Table ?? throw new InferenceException(InferenceErrorKind.Internal, $"model '{context.ModelName}': table.standardize has no table; put a table.read step before it");
        foreach (var (name, statistics) in _statistics)
        {
            var column = table.Find(name);
            if (column?.Numbers is not { } numbers)
            {
                throw new InferenceException(InferenceErrorKind.Internal, $"model '{context.ModelName}': the statistics name '{name}', which is not a numeric feature of the table (features: {string.Join(", ", table.Columns.Select(c => c.Name))})");
            }

            for (var row = 0; row < numbers.Length; row++)
            {
                numbers[row] = (numbers[row] - statistics.Mean) / statistics.Std;
            }
        }

        return ValueTask.CompletedTask;
    }
}
