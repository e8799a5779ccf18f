using System.Globalization;

namespace Modelplane.Testing;

/// <summary>The 150 rows of the iris data set the sample model was trained on, read from models/iris/iris.csv.</summary>
internal static class IrisData
{
    public static readonly string[] Species = ["setosa", "versicolor", "virginica"];

    private static readonly Lazy<(float[][] Features, int[] Labels)> Rows = new(Load);

    /// <summary>Four features per row, in the CSV's column order.</summary>
    public static float[][] Features => Rows.Value.Features;

    /// <summary>The class index of each row (0 setosa, 1 versicolor, 2 virginica).</summary>
    public static int[] Labels => Rows.Value.Labels;

    private static (float[][], int[]) Load()
    {
        var lines = File.ReadAllLines(RepositoryRoot.Combine("models", "iris", "iris.csv")).Skip(1).Where(l => l.Length > 0).ToList();
        var features = new float[lines.Count][];
        var labels = new int[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var cells = lines[i].Split(',');
            features[i] = [.. cells.Take(4).Select(c => float.Parse(c, CultureInfo.InvariantCulture))];
            labels[i] = Array.IndexOf(Species, cells[4]);
        }

        return (features, labels);
    }
}
