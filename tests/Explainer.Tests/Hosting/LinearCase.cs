namespace Modelplane.Explainer.Tests.Hosting;

/// <summary>A linear regression with background data of independent features, whose exact Shapley values are known in closed form.</summary>
internal sealed class LinearCase
{
    private LinearCase(double[] weights, double bias, double[][] background, double[][] instances)
    {
        Weights = weights;
        Bias = bias;
        Background = background;
        Instances = instances;
        Model = TestModels.LinearRegression(weights, bias);
        Means = [.. Enumerable.Range(0, weights.Length).Select(f => background.Average(row => row[f]))];
        FeatureNames = [.. Enumerable.Range(0, weights.Length).Select(f => $"f{f}")];
    }

    public double[] Weights { get; }

    public double Bias { get; }

    public double[][] Background { get; }

    /// <summary>Instances to explain, drawn apart from the background.</summary>
    public double[][] Instances { get; }

    public byte[] Model { get; }

    public double[] Means { get; }

    public string[] FeatureNames { get; }

    /// <summary>Five features, 40 background rows.</summary>
    public static LinearCase Small { get; } = Create([2.0, -1.0, 0.5, 3.0, -2.0], 0.7, [1, -2, 0.5, 3, 0], [1, 2, 0.5, 1.5, 1], seed: 11);

    /// <summary>Twenty features, more than exact Shapley values enumerate by default.</summary>
    public static LinearCase Wide { get; } = Create(
        [.. Enumerable.Range(0, 20).Select(f => ((f % 5) - 2) * 0.5 + 0.1)], -0.3, [.. Enumerable.Range(0, 20).Select(f => (f % 3) - 1.0)], [.. Enumerable.Range(0, 20).Select(f => 0.5 + (f % 4 * 0.25))], seed: 12);

    /// <summary>The exact Shapley value of feature <paramref name="feature"/> for <paramref name="instance"/>: <c>w_i (x_i − mean_i)</c>.</summary>
    public double Shapley(double[] instance, int feature) => Weights[feature] * (instance[feature] - Means[feature]);

    /// <summary>The model's output.</summary>
    public double Predict(double[] row) => Bias + row.Select((value, f) => value * Weights[f]).Sum();

    private static LinearCase Create(double[] weights, double bias, double[] means, double[] deviations, int seed) =>
        new(weights, bias, NormalSamples.Rows(seed, 40, means, deviations), NormalSamples.Rows(seed + 100, 3, means, deviations));
}
