namespace Modelplane.Bench.Reporting;

/// <summary>Percentiles of sorted values by the nearest-rank method.</summary>
internal static class NearestRank
{
    /// <summary>The smallest of the sorted, non-empty <paramref name="sorted"/> that at least <paramref name="percent"/>% of them do not exceed.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
