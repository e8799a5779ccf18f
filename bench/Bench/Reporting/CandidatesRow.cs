namespace Modelplane.Bench.Reporting;

/// <summary>One figure for a reference and several candidates; each ratio is that candidate ÷ the reference.</summary>
/// <param name="Figure">What is measured, with its unit.</param>
/// <param name="Reference">The reference's value.</param>
/// <param name="Candidates">Each candidate's value, in the table's candidate order.</param>
/// <param name="Format">A numeric format string for the values.</param>
/// <param name="Targets">Per candidate, the DESIGN.md target on its ratio, or null; empty when the row has none.</param>
internal sealed record CandidatesRow(string Figure, double Reference, IReadOnlyList<double> Candidates, string Format, IReadOnlyList<FigureTarget?> Targets)
{
    public double Ratio(int candidate) => Candidates[candidate] / Reference;

    public FigureTarget? Target(int candidate) => candidate < Targets.Count ? Targets[candidate] : null;
}
