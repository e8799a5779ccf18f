using System.Net;
using System.Net.Sockets;

namespace Modelplane.Hosting.Processes;

/// <summary>
/// Ports on 127.0.0.1 for the processes of a local run, chosen when the graph is completed: the gateway's route table
/// and every reference then know each replica's address before anything starts, and a restarted replica comes back
/// where it was. The OS picks each one; none is given twice in a run.
/// </summary>
internal sealed class LocalPorts
{
    private readonly HashSet<int> _given = [];

    /// <summary>A port nothing listens on now.</summary>
    public int Allocate()
    {
        lock (_given)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (_given.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>True when something already listens on <paramref name="port"/> of 127.0.0.1.</summary>
    public static bool InUse(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
