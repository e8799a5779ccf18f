namespace Modelplane.Explainer.Tests.Hosting;

/// <summary>Seeded rows of independent normal features, rounded to float as the model sees them, so expected values are computed on the same numbers.</summary>
internal static class NormalSamples
{
    public static double[][] Rows(int seed, int count, IReadOnlyList<double> means, IReadOnlyList<double> deviations)
    {
        var random = new Random(seed);
        var rows = new double[count][];
        for (var r = 0; r < count; r++)
        {
            rows[r] = new double[means.Count];
            for (var f = 0; f < means.Count; f++)
            {
                // Box-Muller.
                var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                rows[r][f] = (float)(means[f] + (deviations[f] * normal));
            }
        }

        return rows;
    }
}
