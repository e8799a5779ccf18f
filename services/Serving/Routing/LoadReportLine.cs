namespace Modelplane.Serving.Routing;

/// <summary>
/// One line of the gateway's load report (<see cref="Path"/>), newline-delimited JSON that the AppHost's autoscaler
/// reads: every second a line with <see cref="Components"/>, the last second's load of every component of the route
/// table in force (idle ones with zeros, so an idle component is told apart from an unknown one); and, at once, a line
/// with <see cref="Demand"/> when a request starts waiting at a component that has no ready replica.
/// </summary>
/// <param name="At">When the line was written, in Unix milliseconds.</param>
/// <param name="Components">The load of each component over the second before <paramref name="At"/>; null on a demand line.</param>
/// <param name="Demand">The component a request waits at with no ready replica; null on a load line.</param>
public sealed record LoadReportLine(long At, IReadOnlyList<ComponentLoadSample>? Components = null, ComponentKey? Demand = null)
{
    /// <summary>Where the gateway answers with the report, on its HTTP port, to callers on its own machine.</summary>
    public const string Path = "/.modelplane/load";

    /// <summary>The report's content type: one JSON object a line.</summary>
    public const string ContentType = "application/x-ndjson";
}
