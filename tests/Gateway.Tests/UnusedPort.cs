using System.Net;
using System.Net.Sockets;

namespace Modelplane.Gateway.Tests;

/// <summary>An address on 127.0.0.1 where nothing listens, so a connection to it is refused: a replica that is down.</summary>
internal sealed class UnusedPort : IUpstream
{
    public UnusedPort()
    {
        // The OS hands out a free port; closing the listener leaves it refusing connections.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Http = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        listener.Stop();
    }

    public Uri Http { get; }

    public Uri? Grpc => null;
}
