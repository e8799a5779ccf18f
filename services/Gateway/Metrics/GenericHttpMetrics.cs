using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Modelplane.Gateway.Metrics;

/// <summary>
/// The generic per-request meters of ASP.NET Core and HttpClient, which the gateway leaves unrecorded unless
/// <see cref="GatewayOptions.HttpMetrics"/> asks for them: <see cref="GatewayMetrics"/> covers the same requests per
/// service and revision. An instrument no view keeps is never enabled, so the server and the client skip the
/// measurement (and its tags) altogether. Kestrel's connection metrics, recorded per connection, stay.
/// </summary>
internal static class GenericHttpMetrics
{
    private static readonly HashSet<string> Meters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.MemoryPool", "System.Net.Http"];

    /// <summary>An OpenTelemetry view: drops the instruments of those meters, and leaves the rest as they are.</summary>
    public static MetricStreamConfiguration? Drop(Instrument instrument) => Meters.Contains(instrument.Meter.Name) ? MetricStreamConfiguration.Drop : null;
}
