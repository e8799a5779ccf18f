namespace Modelplane.Explainer.Tests.Hosting;

/// <summary>
/// A 16-feature softmax classifier, non-linear and with more features than exact Shapley values enumerate by default,
/// whose exact Shapley values the test computes itself by brute force (every one of the 65,536 coalitions) as the reference.
/// </summary>
internal sealed class SoftmaxCase
{
    public const int Features = 16;
    public const int Classes = 3;

    private SoftmaxCase()
    {
        var random = new Random(16);
        Weights = new double[Features, Classes];
        for (var f = 0; f < Features; f++)
        {
            for (var k = 0; k < Classes; k++)
            {
                Weights[f, k] = (float)((random.NextDouble() * 2) - 1);
            }
        }

        Biases = [0.2, -0.1, 0.0];
        double[] means = [.. Enumerable.Range(0, Features).Select(_ => 0.0)];
        double[] deviations = [.. Enumerable.Range(0, Features).Select(_ => 1.0)];
        Background = NormalSamples.Rows(17, 8, means, deviations);
        Instances = NormalSamples.Rows(18, 2, means, deviations);
        Model = TestModels.Softmax(Weights, Biases);
    }

    public static SoftmaxCase Instance { get; } = new();

    public double[,] Weights { get; }

    public double[] Biases { get; }

    public double[][] Background { get; }

    public double[][] Instances { get; }

    public byte[] Model { get; }

    public static string[] FeatureNames { get; } = [.. Enumerable.Range(0, Features).Select(f => $"x{f}")];

    /// <summary>Exact Shapley values, [class][feature], of <paramref name="instance"/> against the background, by enumeration in double precision.</summary>
    public double[][] ExactShapley(double[] instance)
    {
        var coalitions = 1 << Features;
        var values = new double[coalitions, Classes];
        var row = new double[Features];
        for (var mask = 0; mask < coalitions; mask++)
        {
            foreach (var background in Background)
            {
                for (var f = 0; f < Features; f++)
                {
                    row[f] = (mask & (1 << f)) != 0 ? instance[f] : background[f];
                }

                var probabilities = Predict(row);
                for (var k = 0; k < Classes; k++)
                {
                    values[mask, k] += probabilities[k] / Background.Length;
                }
            }
        }

        var shapley = new double[Classes][];
        for (var k = 0; k < Classes; k++)
        {
            shapley[k] = new double[Features];
            for (var mask = 0; mask < coalitions; mask++)
            {
                var size = System.Numerics.BitOperations.PopCount((uint)mask);
                for (var f = 0; f < Features; f++)
                {
                    if ((mask & (1 << f)) == 0)
                    {
                        var gain = values[mask | (1 << f), k] - values[mask, k];
                        shapley[k][f] += gain / (Features * Binomial(Features - 1, size));
                    }
                }
            }
        }

        return shapley;
    }

    private double[] Predict(double[] row)
    {
        var logits = new double[Classes];
        for (var k = 0; k < Classes; k++)
        {
            logits[k] = Biases[k];
            for (var f = 0; f < Features; f++)
            {
                logits[k] += row[f] * Weights[f, k];
            }
        }

        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return [.. exp.Select(e => e / sum)];
    }

    private static double Binomial(int n, int k)
    {
        var result = 1.0;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}
