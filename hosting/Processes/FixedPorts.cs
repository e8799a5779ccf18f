using System.Globalization;
using Modelplane.Hosting.Gateway;

namespace Modelplane.Hosting.Processes;

/// <summary>
/// Checks, before a local run starts anything, that the ports the graph fixed (the gateway's 8080) are free: a server
/// left from an earlier run, or anything else, would otherwise answer in the new one's place.
/// </summary>
internal static class FixedPorts
{
    public static IEnumerable<string> Check(ModelplaneGraph graph)
    {
        foreach (var gateway in graph.Resources<GatewayResource>())
        {
            if (gateway.FixedPort is { } port && LocalPorts.InUse(port))
            {
                var holder = ListeningProcess.Find(port) is { } process ? $" by {process}" : string.Empty;
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"{gateway.Name}: port {port} is already in use{holder}; stop what holds it, or give the gateway another port with --Modelplane:Endpoints:{gateway.Name}:http=PORT (0 for any free port)");
            }
        }
    }
}
