using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Modelplane.Bench.Autoscaling;

/// <summary>
/// Follows a replica the autoscaler is about to start, from outside, as lightly as it can: the route table is read
/// every 3 ms until it lists a new address for the service's predictor, that port is tried every 3 ms until it accepts
/// a connection, and then <c>GET /v2/health/ready</c> is sent every 5 ms until it answers 200. Each moment is known to
/// within its polling interval; a failed connect or a 503 costs the replica and the machine a few microseconds.
/// </summary>
internal sealed class ReplicaStartWatch(string routeTablePath, string service) : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(3);
    private static readonly TimeSpan ReadyInterval = TimeSpan.FromMilliseconds(5);

    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(1) };

    /// <summary>Watches until an address not in <paramref name="before"/> is listed, listening and ready; fails after <paramref name="limit"/>.</summary>
    public async Task<ReplicaStart> WatchAsync(IReadOnlyCollection<string> before, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        string? seen = null;
        string? address = null;
        long listed = 0;
        long listening = 0;
        long nextReady = 0;
        while (true)
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                var state = address is null ? "the route table listed no new replica" : listening == 0 ? $"{address} did not accept a connection" : $"{address} did not answer ready";
                throw new BenchmarkException($"{service}: {state} within {limit.TotalSeconds:0} s");
            }

            if (address is null && RouteTableFile.TryRead(routeTablePath) is { } text && !string.Equals(text, seen, StringComparison.Ordinal))
            {
                seen = text;
                address = RouteTableFile.Predictor(text, service).Http.FirstOrDefault(a => !before.Contains(a));
                listed = address is null ? 0 : Stopwatch.GetTimestamp();
            }

            if (address is not null && listening == 0 && await AcceptsAsync(new Uri(address).Port, cancellationToken))
            {
                listening = Stopwatch.GetTimestamp();
            }

            if (listening != 0 && Stopwatch.GetTimestamp() >= nextReady)
            {
                if (await IsReadyAsync(new Uri(address!), cancellationToken))
                {
                    return new ReplicaStart(address!, listed, listening, Stopwatch.GetTimestamp());
                }

                nextReady = Stopwatch.GetTimestamp() + (long)(ReadyInterval.TotalSeconds * Stopwatch.Frequency);
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Whether <c>GET /v2/health/ready</c> of the replica at <paramref name="address"/> answers 200.</summary>
    public async Task<bool> IsReadyAsync(Uri address, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.GetAsync(new Uri(address, "/v2/health/ready"), cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Whether something accepts a TCP connection on <paramref name="port"/> of 127.0.0.1 now.</summary>
    public static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
