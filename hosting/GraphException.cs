namespace Modelplane.Hosting;

/// <summary>A graph that cannot run or publish; the message lists every problem, one per line.</summary>
public sealed class GraphException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    /// <summary>Each problem, naming where it is and what to change.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
