namespace Modelplane.Explainer.Background;

/// <summary>
/// The rows a model's inputs are compared against: Shapley methods replace the features outside a coalition by these
/// rows' values and average, so the base value of an explanation is the model's mean score over them.
/// </summary>
internal sealed class BackgroundData
{
    public BackgroundData(string source, IReadOnlyList<string>? featureNames, double[][] rows)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(rows);
        Source = source;
        FeatureNames = featureNames;
        Rows = rows;
    }

    /// <summary>Where the rows came from, for messages: the file name.</summary>
    public string Source { get; }

    /// <summary>The CSV header's names, when the file has one.</summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>The rows, all of <see cref="Width"/> values.</summary>
    public double[][] Rows { get; }

    /// <summary>The values per row.</summary>
    public int Width => Rows[0].Length;
}
