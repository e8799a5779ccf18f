using System.Globalization;

namespace Modelplane.Bench.Reporting;

/// <summary>
/// A DESIGN.md or issue target on a figure: on the ratio to its reference (candidate ÷ reference at least or at most
/// <see cref="Limit"/>), on the difference (candidate − reference at most <see cref="Limit"/> <see cref="Unit"/>), or
/// on the candidate's own value (at most <see cref="Limit"/> <see cref="Unit"/>).
/// </summary>
internal sealed record FigureTarget(double Limit, bool AtLeast, FigureTarget.Kind On, string? Unit = null)
{
    internal enum Kind
    {
        Ratio,
        Difference,
        Value,
    }

    public static FigureTarget AtLeastRatio(double limit) => new(limit, AtLeast: true, Kind.Ratio);

    public static FigureTarget AtMostRatio(double limit) => new(limit, AtLeast: false, Kind.Ratio);

    /// <summary>The candidate may exceed the reference by at most <paramref name="limit"/> of <paramref name="unit"/>.</summary>
    public static FigureTarget AtMostMore(double limit, string unit) => new(limit, AtLeast: false, Kind.Difference, unit);

    /// <summary>The candidate itself may be at most <paramref name="limit"/> of <paramref name="unit"/>.</summary>
    public static FigureTarget AtMost(double limit, string unit) => new(limit, AtLeast: false, Kind.Value, unit);

    public bool IsMetBy(double reference, double candidate)
    {
        var measured = On switch
        {
            Kind.Difference => candidate - reference,
            Kind.Value => candidate,
            _ => candidate / reference,
        };
        return AtLeast ? measured >= Limit : measured <= Limit;
    }

    public string Describe() => On switch
    {
        Kind.Difference => string.Create(CultureInfo.InvariantCulture, $"≤ +{Limit:0.00} {Unit}"),
        Kind.Value => string.Create(CultureInfo.InvariantCulture, $"≤ {Limit:0.###} {Unit}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(AtLeast ? "≥" : "≤")} {Limit:0.00}×"),
    };

    public string Verdict(double reference, double candidate)
    {
        var verdict = IsMetBy(reference, candidate) ? "meets target" : "misses target";
        return On == Kind.Difference ? string.Create(CultureInfo.InvariantCulture, $"+{candidate - reference:0.000} {Unit}: {verdict}") : verdict;
    }
}
