using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modelplane.Serving.Routing;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Reliability;

/// <summary>
/// A revision whose only replica stops, crashes or is still loading loses no request that had not reached it: a
/// stopping replica drains, requests that find no ready replica are held until one is, in order, and a held request
/// that cannot wait gets a 503 that says why. These tests start predictors of their own and stop, kill and start
/// them again as the AppHost's supervisor does, on the same ports; every answer under load is counted.
/// </summary>
public sealed class ReplicaRestartTests
{
    private const int Connections = 8;

    private static readonly Dictionary<string, string?> FastHealth = new() { ["Gateway:HealthCheckIntervalSeconds"] = "0.2" };

    [Fact]
    public async Task A_replica_stopped_with_SIGTERM_under_load_and_started_again_loses_no_request()
    {
        await using var replica = await PredictorReplica.StartAsync("only");
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("stable", 100, Replicas(replica)))));
        await using var load = Load.Start(gateway);

        await load.WaitForAnswersAsync(200);
        await replica.TerminateAsync();
        var stopped = replica.Output;
        await replica.RestartAsync();
        await load.WaitForAnswersAsync(load.Answered + 500);
        var answers = await load.StopAsync();

        Assert.True(answers.All(a => a.Status == HttpStatusCode.OK), $"{answers.Count(a => a.Status != HttpStatusCode.OK)} of {answers.Count} requests failed: {string.Join("; ", answers.Where(a => a.Status != HttpStatusCode.OK).Take(5))}");
        Assert.All(answers, a => Assert.Equal(replica.Setosa, a.Label));
        Assert.Contains("stopping: readiness answers 503", stopped, StringComparison.Ordinal);
        Assert.Contains("drained in", stopped, StringComparison.Ordinal);
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("a replica is ready; sending on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replica_killed_under_load_and_started_again_loses_at_most_the_requests_inside_it()
    {
        await using var replica = await PredictorReplica.StartAsync("only");
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("stable", 100, Replicas(replica)))));
        await using var load = Load.Start(gateway);

        await load.WaitForAnswersAsync(200);
        await replica.KillAsync();
        await replica.RestartAsync();
        await load.WaitForAnswersAsync(load.Answered + 500);
        var answers = await load.StopAsync();

        // Each connection has at most one request in flight, so at most that many were inside the killed process.
        var failed = answers.Where(a => a.Status != HttpStatusCode.OK).ToList();
        Assert.True(failed.Count <= Connections, $"{failed.Count} requests failed: {string.Join("; ", failed.Take(10))}");
        Assert.All(failed, f => Assert.Equal(HttpStatusCode.BadGateway, f.Status));
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.OK), a => Assert.Equal(replica.Setosa, a.Label));
    }

    [Fact]
    public async Task A_replica_that_listens_before_its_models_are_loaded_gets_no_request_until_it_is_ready()
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probes = 0;
        var early = 0;
        var served = 0;
        await using var loading = await LocalServer.StartAsync(app => app.MapPost("/v2/models/{name}/infer", async (HttpContext context) =>
        {
            if (!loaded.Task.IsCompleted)
            {
                Interlocked.Increment(ref early);
                return StillLoading(context);
            }

            Interlocked.Increment(ref served);
            return Results.Text(IrisRequests.V2Answer("loaded-setosa"), "application/json");
        }), readiness: () =>
        {
            Interlocked.Increment(ref probes);
            return loaded.Task.IsCompleted;
        });
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("stable", 100, Replicas(loading)))), FastHealth);
        await Eventually.WaitAsync("the gateway to probe the replica's readiness", () => Task.FromResult(Volatile.Read(ref probes) >= 2));

        var calls = Enumerable.Range(0, 40).Select(_ => gateway.Client.InferAsync("iris")).ToList();
        await Eventually.WaitAsync("the requests to be held", () => Task.FromResult(gateway.Logs.Lines.Any(l => l.Contains("holding requests until a replica is ready", StringComparison.Ordinal))));
        await Task.Delay(300);
        var reachedBeforeReady = Volatile.Read(ref early);
        loaded.SetResult();
        var answers = await Task.WhenAll(calls);

        Assert.Equal(0, reachedBeforeReady);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers, a => Assert.Equal("loaded-setosa", a.Label));
        Assert.Equal(40, Volatile.Read(ref served));
        Assert.All(answers, a => Assert.Null(a.Headers.Header(ReplicaStateHeader.Name)));
    }

    [Fact]
    public async Task A_request_that_reaches_a_replica_still_loading_is_sent_again_once_it_is_ready()
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var early = 0;
        await using var loading = await LocalServer.StartAsync(app => app.MapPost("/v2/models/{name}/infer", async (HttpContext context) =>
        {
            if (!loaded.Task.IsCompleted)
            {
                Interlocked.Increment(ref early);
                return StillLoading(context);
            }

            return Results.Text(IrisRequests.V2Answer("loaded-setosa"), "application/json");
        }), readiness: () => Volatile.Read(ref early) == 0 || loaded.Task.IsCompleted);

        // Its readiness said yes until the first request found it loading, as a replica started again looks to a
        // gateway that probed it before it stopped.
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("stable", 100, Replicas(loading)))));
        var call = gateway.Client.InferAsync("iris");
        await Eventually.WaitAsync("the replica to answer 503 not ready", () => Task.FromResult(Volatile.Read(ref early) >= 1));
        loaded.SetResult();
        var answer = await call;

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("loaded-setosa", answer.Label);
        Assert.Equal(1, Volatile.Read(ref early));
    }

    [Fact]
    public async Task A_replica_whose_readiness_says_ready_but_keeps_answering_not_ready_gets_a_503_naming_it_after_a_few_attempts()
    {
        var attempts = 0;
        await using var confused = await LocalServer.StartAsync(app => app.MapPost("/v2/models/{name}/infer", (HttpContext context) =>
        {
            Interlocked.Increment(ref attempts);
            return StillLoading(context);
        }));
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("stable", 100, Replicas(confused)))));

        var answer = await gateway.Client.InferAsync("iris");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        Assert.Equal("1", answer.Headers.Header("Retry-After"));
        Assert.StartsWith("service 'iris' revision stable: the revision is restarting: its predictor replicas answered not ready 6 times in a row", answer.Error, StringComparison.Ordinal);
        Assert.Equal(6, Volatile.Read(ref attempts));
    }

    [Fact]
    public async Task A_held_request_that_waits_past_its_limit_gets_a_503_with_Retry_After_saying_the_revision_is_restarting()
    {
        var closed = new UnusedPort();
        await using var gateway = await GatewayHost.StartAsync(
            Table(Service("iris", Revision("stable", 100, Replicas(closed)))),
            new Dictionary<string, string?> { ["Gateway:HoldSeconds"] = "0.5" });

        var answer = await gateway.Client.InferAsync("iris");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        Assert.Equal("1", answer.Headers.Header("Retry-After"));
        Assert.StartsWith("service 'iris' revision stable: the revision is restarting: no predictor replica became ready within 0.5 s (Gateway:HoldSeconds)", answer.Error, StringComparison.Ordinal);
        Assert.Contains($"{closed.Http}: connection refused", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_beyond_the_hold_queue_gets_a_503_at_once_saying_how_many_wait()
    {
        var closed = new UnusedPort();
        await using var gateway = await GatewayHost.StartAsync(
            Table(Service("iris", Revision("stable", 100, Replicas(closed)))),
            new Dictionary<string, string?> { ["Gateway:HoldQueueLength"] = "0" });

        var answer = await gateway.Client.InferAsync("iris");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        Assert.Equal("1", answer.Headers.Header("Retry-After"));
        Assert.StartsWith("service 'iris' revision stable: the revision is restarting: 0 requests are already waiting for a ready predictor replica (Gateway:HoldQueueLength)", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_held_for_a_revision_are_never_sent_to_another_revision()
    {
        await using var live = await PredictorReplica.StartAsync("live");
        var closed = new UnusedPort();
        await using var gateway = await GatewayHost.StartAsync(
            Table(Service("iris", Revision("live", 50, Replicas(live)), Revision("dead", 50, Replicas(closed)))),
            new Dictionary<string, string?> { ["Gateway:HoldSeconds"] = "0.5" });

        var answers = await GatewayCalls.ManyAsync(40, 8, _ => gateway.Client.InferAsync("iris"));

        Assert.Contains(answers, a => a.Revision == "dead");
        Assert.All(answers.Where(a => a.Revision == "dead"), a =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status);
            Assert.StartsWith("service 'iris' revision dead: the revision is restarting", a.Error, StringComparison.Ordinal);
        });
        Assert.All(answers.Where(a => a.Revision == "live"), a => Assert.Equal(live.Setosa, a.Label));
    }

    /// <summary>What a model server answers while its models load: 503, and that it is not ready.</summary>
    private static IResult StillLoading(HttpContext context)
    {
        context.Response.Headers[ReplicaStateHeader.Name] = ReplicaStateHeader.NotReady;
        return Results.Json(new { error = "model 'iris' is not loaded yet" }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Closed-loop load through the gateway on <see cref="Connections"/> connections, keeping every answer.</summary>
    private sealed class Load : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Answer> _answers = [];
        private List<Task> _senders = [];

        public int Answered
        {
            get
            {
                lock (_answers)
                {
                    return _answers.Count;
                }
            }
        }

        public static Load Start(GatewayHost gateway)
        {
            var load = new Load();
            load._senders = [.. Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
            {
                while (!load._stop.IsCancellationRequested)
                {
                    var answer = await gateway.Client.InferAsync("iris");
                    lock (load._answers)
                    {
                        load._answers.Add(answer);
                    }
                }
            }))];
            return load;
        }

        public Task WaitForAnswersAsync(int count) =>
            Eventually.WaitAsync($"{count} answers", () => Task.FromResult(Answered >= count));

        public async Task<IReadOnlyList<Answer>> StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_senders);
            lock (_answers)
            {
                return [.. _answers];
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_senders.Select(s => s.ContinueWith(_ => { }, TaskScheduler.Default)));
            _stop.Dispose();
        }
    }
}
