using System.Globalization;

namespace Modelplane.Bench.Reporting;

/// <summary>
/// A DESIGN.md target on how a candidate compares with its reference: a ratio (candidate ÷ reference at least or at
/// most <see cref="Limit"/>), or a difference (candidate − reference at most <see cref="Limit"/> in <see cref="Unit"/>).
/// </summary>
internal sealed record RatioTarget(double Limit, bool AtLeast, string? Unit = null)
{
    public static RatioTarget AtLeastRatio(double limit) => new(limit, AtLeast: true);

    public static RatioTarget AtMostRatio(double limit) => new(limit, AtLeast: false);

    /// <summary>The candidate may exceed the reference by at most <paramref name="limit"/> of <paramref name="unit"/>.</summary>
    public static RatioTarget AtMostMore(double limit, string unit) => new(limit, AtLeast: false, unit);

    private bool IsDifference => Unit is not null;

    public bool IsMetBy(double reference, double candidate)
    {
        var measured = IsDifference ? candidate - reference : candidate / reference;
        return AtLeast ? measured >= Limit : measured <= Limit;
    }

    public string Describe() => IsDifference
        ? string.Create(CultureInfo.InvariantCulture, $"≤ +{Limit:0.00} {Unit}")
        : string.Create(CultureInfo.InvariantCulture, $"{(AtLeast ? "≥" : "≤")} {Limit:0.00}×");

    public string Verdict(double reference, double candidate)
    {
        var verdict = IsMetBy(reference, candidate) ? "meets target" : "misses target";
        return IsDifference ? string.Create(CultureInfo.InvariantCulture, $"+{candidate - reference:0.000} {Unit}: {verdict}") : verdict;
    }
}
