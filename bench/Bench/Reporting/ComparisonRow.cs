namespace Modelplane.Bench.Reporting;

/// <summary>One figure for the reference and the candidate; the ratio is candidate ÷ reference.</summary>
/// <param name="Figure">What is measured, with its unit.</param>
/// <param name="Reference">The reference's value (the bare echo).</param>
/// <param name="Candidate">The value of the server under test.</param>
/// <param name="Format">A numeric format string for both values.</param>
/// <param name="Target">The DESIGN.md target on the ratio, or null for a figure shown for context.</param>
internal sealed record ComparisonRow(string Figure, double Reference, double Candidate, string Format, FigureTarget? Target = null)
{
    public double Ratio => Candidate / Reference;
}
