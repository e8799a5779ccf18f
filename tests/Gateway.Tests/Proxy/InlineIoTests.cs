using System.Net;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Proxy;

/// <summary>
/// The gateway, started as its own process, switches the runtime's inline socket completions on unless told not to
/// (the runtime then runs one socket event thread per CPU instead of its default) and forwards REST over HTTP/1.1
/// and HTTP/2 either way.
/// </summary>
[Collection(SharedPredictors.Name)]
public sealed class InlineIoTests(PredictorFleet fleet)
{
    private const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    [Fact]
    public async Task By_default_sockets_complete_inline_on_one_event_thread_per_cpu()
    {
        await using var gateway = await StartGatewayAsync(new Dictionary<string, string>());

        Assert.Equal(Environment.ProcessorCount, SocketEventThreads(gateway.Process.Id));
        await AssertForwardsAsync(gateway.Client);
    }

    [Fact]
    public async Task Set_to_0_it_keeps_the_runtime_default_and_still_forwards()
    {
        await using var gateway = await StartGatewayAsync(new Dictionary<string, string> { [Variable] = "0" });

        // The runtime's default on x64: one event thread per 30 CPUs, at least one.
        Assert.Equal(Math.Max(1, (int)Math.Round(Environment.ProcessorCount / 30.0)), SocketEventThreads(gateway.Process.Id));
        await AssertForwardsAsync(gateway.Client);
    }

    /// <summary>One at a time goes over HTTP/1.1; 16 at a time puts most of them over the replica's HTTP/2 port.</summary>
    private async Task AssertForwardsAsync(HttpClient client)
    {
        var one = await client.InferAsync();
        var many = await GatewayCalls.ManyAsync(200, 16, _ => client.InferAsync());

        Assert.All(many.Prepend(one), answer =>
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal(fleet.Stable.Setosa, answer.Label);
        });
    }

    private static int SocketEventThreads(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task").Count(task => File.ReadAllText(Path.Combine(task, "comm")).Trim() == ".NET Sockets");

    private async Task<RunningGateway> StartGatewayAsync(Dictionary<string, string> environment)
    {
        var routes = new TemporaryDirectory("gateway-inline-io");
        await File.WriteAllTextAsync(routes.Combine("routes.json"), Table(Service("iris", Revision("stable", 100, Replicas(fleet.Stable)))).ToJsonString());
        var process = ServerProcess.Start("Gateway", ["--route-table", routes.Combine("routes.json"), "--grpc_port", "-1"], environment);
        try
        {
            return new RunningGateway(process, await process.WaitUntilReadyAsync(), routes);
        }
        catch
        {
            await process.DisposeAsync();
            routes.Dispose();
            throw;
        }
    }

    private sealed record RunningGateway(ServerProcess Process, HttpClient Client, TemporaryDirectory Routes) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Process.DisposeAsync();
            Routes.Dispose();
        }
    }
}
