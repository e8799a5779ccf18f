using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.LoadBalancing;

/// <summary>
/// A revision's replicas share its requests; a replica that dies under load is ejected with no failed request
/// beyond those in flight to it, one that refuses connections is retried elsewhere, and one whose
/// <c>/v2/health/ready</c> fails is left out by the active health check; an activator in front of a component that
/// scales to zero is sent requests but never probed. These tests start predictors of their own, since they kill or
/// spoil them.
/// </summary>
public sealed class ReplicaHealthTests
{
    private static readonly Dictionary<string, string?> FastHealth = new()
    {
        ["Gateway:HealthCheckIntervalSeconds"] = "0.2",
        ["Gateway:EjectionSeconds"] = "30",
    };

    private static readonly Dictionary<string, string?> ShortHold = new() { ["Gateway:HoldSeconds"] = "0.5" };

    [Fact]
    public async Task Requests_are_shared_over_the_replicas_of_a_revision()
    {
        await using var first = await PredictorReplica.StartAsync("first");
        await using var second = await PredictorReplica.StartAsync("second");
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("stable", 100, Replicas(first, second)))));

        var answers = await GatewayCalls.ManyAsync(400, 8, _ => gateway.Client.InferAsync("iris"));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var byReplica = answers.GroupBy(a => a.Label).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([first.Setosa, second.Setosa], byReplica.Keys.Order(StringComparer.Ordinal));
        Assert.All(byReplica.Values, count => Assert.True(count >= 40, $"a replica got only {count} of 400 requests"));
    }

    [Fact]
    public async Task A_replica_killed_under_load_fails_no_request_beyond_those_in_flight_to_it()
    {
        const int Connections = 4;
        await using var doomed = await PredictorReplica.StartAsync("doomed");
        await using var survivor = await PredictorReplica.StartAsync("survivor");
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("stable", 100, Replicas(doomed, survivor)))), FastHealth);
        using var load = new CancellationTokenSource();
        var answered = 0;
        var failures = new List<Answer>();

        var senders = Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                var answer = await gateway.Client.InferAsync("iris");
                Interlocked.Increment(ref answered);
                if (answer.Status != HttpStatusCode.OK)
                {
                    lock (failures)
                    {
                        failures.Add(answer);
                    }
                }
            }
        })).ToList();
        await Eventually.WaitAsync("200 answers before the kill", () => Task.FromResult(Volatile.Read(ref answered) >= 200));
        await doomed.KillAsync();
        var atKill = Volatile.Read(ref answered);
        await Eventually.WaitAsync("1000 answers after the kill", () => Task.FromResult(Volatile.Read(ref answered) >= atKill + 1000));
        await load.CancelAsync();
        await Task.WhenAll(senders);

        // Each connection has at most one request in flight, so at most that many can have been in the dead process.
        Assert.True(failures.Count <= Connections, $"{failures.Count} requests failed: {string.Join("; ", failures)}");
        Assert.All(failures, f => Assert.Equal(HttpStatusCode.BadGateway, f.Status));
        var after = await GatewayCalls.ManyAsync(100, 4, _ => gateway.Client.InferAsync("iris"));
        Assert.All(after, a => Assert.Equal(survivor.Setosa, a.Label));
    }

    [Fact]
    public async Task A_replica_that_refuses_connections_is_retried_on_another()
    {
        await using var survivor = await PredictorReplica.StartAsync("survivor");
        var closed = new UnusedPort();
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("stable", 100, Replicas(closed, survivor)))));

        var answers = await GatewayCalls.ManyAsync(50, 2, _ => gateway.Client.InferAsync("iris"));

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.OK, a.Status);
            Assert.Equal(survivor.Setosa, a.Label);
        });
    }

    [Fact]
    public async Task When_no_replica_can_be_reached_the_answer_after_the_hold_is_a_503_naming_the_replica()
    {
        var closed = new UnusedPort();
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("stable", 100, Replicas(closed)))), ShortHold);

        var answer = await gateway.Client.InferAsync("iris");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        Assert.StartsWith("service 'iris' revision stable: the revision is restarting: no predictor replica became ready within", answer.Error, StringComparison.Ordinal);
        Assert.Contains($"(last: {closed.Http}: connection refused)", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replica_refusing_connections_is_one_warning_line_naming_service_revision_replica_and_reason_with_no_stack_trace()
    {
        var closed = new UnusedPort();
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("stable", 100, Replicas(closed)))), ShortHold);

        var answer = await gateway.Client.InferAsync("iris");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        // Warnings and errors have no stack trace; the request's failure is one of them.
        var warnings = gateway.Logs.Lines.Where(l => l.StartsWith("Warning ", StringComparison.Ordinal) || l.StartsWith("Error ", StringComparison.Ordinal)).ToList();
        Assert.All(warnings, w => Assert.DoesNotContain('\n', w));
        var failures = warnings.Where(w => w.Contains("ServiceRouter", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 1, string.Join("\n----\n", warnings));
        var line = failures[0];
        Assert.Contains("service iris revision stable predictor: answered 503", line, StringComparison.Ordinal);
        Assert.Contains($"{closed.Http}: connection refused", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_component_through_an_activator_is_sent_requests_but_never_probed()
    {
        var activatorProbes = 0;
        var replicaProbes = 0;
        await using var activator = await LocalServer.StartAsync(
            app => app.Map("/{**path}", (HttpRequest request) => Results.Json(new { server = "activator", path = request.Path.Value })),
            http2Listener: true,
            readiness: () =>
            {
                Interlocked.Increment(ref activatorProbes);
                return true;
            });
        await using var replica = await LocalServer.StartAsync(_ => { }, readiness: () =>
        {
            Interlocked.Increment(ref replicaProbes);
            return true;
        });
        await using var gateway = await GatewayHost.StartAsync(
            Table(
                Service("iris", Revision("stable", 100, Replicas(activator).With("throughActivator", true))),
                Service("probed", Revision("stable", 100, Replicas(replica)))),
            FastHealth);

        // The other service's replica is probed at the same pace; once it has been several times, the activator would have been too.
        await Eventually.WaitAsync("the active health check to probe the other service's replica", () => Task.FromResult(Volatile.Read(ref replicaProbes) >= 5));
        var answer = await gateway.Client.InferAsync("iris");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("activator", JsonNode.Parse(answer.Body)!["server"]!.GetValue<string>());
        Assert.Equal(0, Volatile.Read(ref activatorProbes));
    }

    [Fact]
    public async Task A_replica_whose_readiness_fails_is_left_out_by_the_active_health_check()
    {
        await using var unready = await PredictorReplica.StartAsync("unready", unready: true);
        await using var ready = await PredictorReplica.StartAsync("ready");
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("stable", 100, Replicas(unready, ready)))), FastHealth);

        // The first probe may not have run yet; once it has, the unready replica gets nothing.
        await Eventually.WaitAsync("the active health check to leave the unready replica out", async () =>
            (await GatewayCalls.ManyAsync(20, 2, _ => gateway.Client.InferAsync("iris"))).All(a => a.Label == ready.Setosa));
        var answers = await GatewayCalls.ManyAsync(200, 4, _ => gateway.Client.InferAsync("iris"));

        Assert.All(answers, a => Assert.Equal(ready.Setosa, a.Label));
    }
}
