using Modelplane.Serving.Errors;
using Modelplane.Transformer.Pipeline;

namespace Modelplane.Transformer.Tabular;

/// <summary><c>table.one-hot</c>: a categorical feature to one 0/1 column per category, named <c>feature=category</c>, where it stood.</summary>
internal sealed class OneHotStep : IRequestStep
{
    private readonly OneHotOptions _options;

    public OneHotStep(OneHotOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Feature, "Feature");
        if (options.Categories.Count == 0 || options.Categories.Distinct(StringComparer.Ordinal).Count() != options.Categories.Count)
        {
            throw new ArgumentException("Categories must list each category once");
        }

        _options = options;
    }

    public ValueTask ApplyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var table = context.Table ?? throw new InferenceException(InferenceErrorKind.Internal, $"model '{context.ModelName}': table.one-hot has no table; put a table.read step before it");
        var column = table.Find(_options.Feature);
        if (column?.Categories is not { } values)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"model '{context.ModelName}': table.one-hot encodes '{_options.Feature}', which is not a categorical feature of table.read");
        }

        var columns = _options.Categories.Select(c => new double?[table.Rows]).ToArray();
        for (var row = 0; row < table.Rows; row++)
        {
            if (values[row] is not { } value)
            {
                continue;
            }

            var index = IndexOf(_options.Categories, value);
            if (index < 0 && _options.UnknownCategories == UnknownCategoryPolicy.Reject)
            {
                throw InferenceException.BadRequest($"{column.Where[row]} is '{value}', not a category of '{_options.Feature}' (categories: {string.Join(", ", _options.Categories)})");
            }

            for (var c = 0; c < columns.Length; c++)
            {
                columns[c][row] = c == index ? 1 : 0;
            }
        }

        table.Replace(_options.Feature, [.. _options.Categories.Select((category, c) => FeatureColumn.Numeric($"{_options.Feature}={category}", columns[c], [.. column.Where]))]);
        return ValueTask.CompletedTask;
    }

    private static int IndexOf(IReadOnlyList<string> categories, string value)
    {
        for (var i = 0; i < categories.Count; i++)
        {
            if (categories[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
