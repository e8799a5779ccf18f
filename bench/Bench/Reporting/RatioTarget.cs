using System.Globalization;

namespace Modelplane.Bench.Reporting;

/// <summary>A DESIGN.md target on candidate ÷ reference: at least <see cref="Limit"/> (throughput) or at most it (latency).</summary>
internal sealed record RatioTarget(double Limit, bool AtLeast)
{
    public static RatioTarget AtLeastRatio(double limit) => new(limit, AtLeast: true);

    public static RatioTarget AtMostRatio(double limit) => new(limit, AtLeast: false);

    public bool IsMetBy(double ratio) => AtLeast ? ratio >= Limit : ratio <= Limit;

    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{(AtLeast ? "≥" : "≤")} {Limit:0.00}×");

    public string Verdict(double ratio) => IsMetBy(ratio) ? "meets target" : "misses target";
}
