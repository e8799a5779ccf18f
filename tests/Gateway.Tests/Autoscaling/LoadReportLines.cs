using Modelplane.Serving.Routing;

namespace Modelplane.Gateway.Tests.Autoscaling;

/// <summary>Lookups in a load line.</summary>
internal static class LoadReportLines
{
    /// <summary>The sample of one component in a load line.</summary>
    public static ComponentLoadSample Of(this LoadReportLine line, string service, string component, string revision = "default") =>
        line.Components?.SingleOrDefault(c => c.Service == service && c.Revision == revision && c.Component == component)
        ?? throw new InvalidOperationException($"no {service}/{revision}/{component} in the load line at {line.At}: {string.Join(", ", line.Components?.Select(c => $"{c.Service}/{c.Revision}/{c.Component}") ?? [])}");
}
