using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Hosting.Autoscaling;
using Modelplane.Hosting.Dashboard;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Specs;
using Modelplane.Testing;
using Modelplane.Serving.Routing;

namespace Modelplane.Hosting.Tests.Autoscaling;

/// <summary>
/// The autoscaler on real processes under Aspire: a predictor that may scale to zero goes there once it has had no
/// traffic for the grace period, and a burst of requests at zero is held by the gateway while one replica starts, and
/// all of them are answered; a predictor under load beyond its target scales out within its maximum and back in once the
/// load stops; the dashboard's command changes the range, refusing values outside the pool.
/// </summary>
[Collection("AppHost processes")]
public sealed class LocalAutoscalingTests
{
    private const string Instances = """{"instances": [[6.8, 2.8, 4.8, 1.4], [5.1, 3.5, 1.4, 0.2]]}""";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_service_at_zero_answers_a_burst_of_100_requests_with_none_lost_and_goes_back_to_zero()
    {
        using var graph = TestGraph.Run(new Dictionary<string, string?> { ["Modelplane:Autoscaling:ScaleToZeroGracePeriodSeconds"] = "1" });
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris").WithScaling(0, 2)
            .WithAutoscaling(window: TimeSpan.FromSeconds(6)).WithReference(store);
        var gateway = graph.Builder.AddGateway("gateway");
        await using var app = graph.Builder.Build();
        await app.StartAsync();
        const string replica = "iris-predictor-default-0";
        var predictor = service.Resource.Component("default", ComponentRole.Predictor)!;
        try
        {
            // It starts with one replica (Knative's initial scale) and, unused, goes to zero within moments of being ready.
            await app.ResourceNotifications.WaitForResourceAsync(replica, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text)).WaitAsync(Patience);
            Assert.Equal(0, predictor.ActiveCount);
            var table = JsonSerializer.Deserialize(await File.ReadAllTextAsync(gateway.Resource.RouteTablePath), RouteTableJsonContext.Default.RouteTable)!;
            var route = table.Services.Single().Revisions.Single().Predictor!;
            Assert.True(route.ScaledToZero);
            Assert.Empty(route.Http);

            // 100 requests at once: held while a replica starts, then every one answered.
            using var client = new HttpClient { BaseAddress = gateway.Resource.Endpoints!.HttpUrl, Timeout = Patience };
            var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/iris:predict") { Content = new StringContent(Instances) };
                using var response = await client.SendAsync(request);
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }));

            Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, """{"predictions":[1,0]}"""), a));
            Assert.InRange(predictor.ActiveCount, 1, 2);
            var decision = app.Services.GetRequiredService<Autoscaler>().LastDecision(predictor);
            Assert.NotNull(decision);

            // Quiet again, it goes back to zero.
            await app.ResourceNotifications.WaitForResourceAsync(replica, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text)).WaitAsync(Patience);
            Assert.Equal(0, predictor.ActiveCount);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_request_for_a_component_whose_replica_cannot_start_is_answered_at_once_with_the_reason()
    {
        // The store is filled from an empty directory: the replica's storage initializer finds nothing to fetch.
        using var graph = TestGraph.Run();
        using var empty = new TemporaryDirectory("empty-model");
        var store = graph.Builder.AddModelStore("models").WithModel("absent", empty.FullPath);
        graph.Builder.AddInferenceService("absent").WithModel("s3://models/absent").WithScaling(0, 1).WithReference(store);
        var gateway = graph.Builder.AddGateway("gateway");
        await using var app = graph.Builder.Build();
        await app.StartAsync();
        try
        {
            await app.ResourceNotifications.WaitForResourceAsync("absent-predictor-default-0", e => e.Snapshot.State?.Text == KnownResourceStates.FailedToStart).WaitAsync(Patience);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway").WaitAsync(Patience);
            var component = graph.Graph.Resources<ComponentResource>().Single();
            await Eventually.WaitAsync("the AppHost to mark the component unavailable", () => Task.FromResult(component.Unavailable is not null), Patience);

            using var client = new HttpClient { BaseAddress = gateway.Resource.Endpoints!.HttpUrl, Timeout = Patience };
            using var response = await client.PostAsync(new Uri("/v1/models/absent:predict", UriKind.Relative), new StringContent(Instances));
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("service 'absent' revision default: its predictor could not be started", body, StringComparison.Ordinal);
            Assert.Contains("s3://models/absent: nothing is stored there", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Gateway:HoldSeconds", body, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_predictor_over_its_target_scales_out_within_its_maximum_and_back_in_when_the_load_stops()
    {
        using var graph = TestGraph.Run();
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris").WithScaling(1, 2)
            .WithAutoscaling(target: 1, window: TimeSpan.FromSeconds(6)).WithReference(store);
        var gateway = graph.Builder.AddGateway("gateway");
        await using var app = graph.Builder.Build();
        await app.StartAsync();
        var predictor = service.Resource.Component("default", ComponentRole.Predictor)!;
        var autoscaler = app.Services.GetRequiredService<Autoscaler>();
        try
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync("iris-predictor-default-0").WaitAsync(Patience);
            Assert.Equal(["iris-predictor-default-0", "iris-predictor-default-1"], predictor.ReplicaResources.Select(r => r.Name));
            Assert.Equal(1, predictor.ActiveCount);

            // The dashboard's command refuses a range beyond the pool, and takes one within it.
            var refused = ScaleCommand.Apply(autoscaler, predictor, "1", "3");
            Assert.False(refused.Success);
            Assert.Contains("1 ≤ max ≤ 2", refused.Message, StringComparison.Ordinal);
            Assert.False(ScaleCommand.Apply(autoscaler, predictor, "two", "2").Success);
            Assert.True(ScaleCommand.Apply(autoscaler, predictor, "1", "2").Success);
            Assert.Equal((1, 2), autoscaler.Range(predictor));

            // Eight requests in flight, all the time, against a target of one each: a second replica starts and serves.
            using var client = new HttpClient { BaseAddress = gateway.Resource.Endpoints!.HttpUrl, Timeout = Patience };
            using var load = new CancellationTokenSource();
            var failures = 0;
            var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (!load.IsCancellationRequested)
                {
                    using var response = await client.PostAsync(new Uri("/v1/models/iris:predict", UriKind.Relative), new StringContent(Instances));
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            })).ToList();
            await app.ResourceNotifications.WaitForResourceHealthyAsync("iris-predictor-default-1").WaitAsync(Patience);
            Assert.Equal(2, predictor.ActiveCount);
            Assert.True(autoscaler.LastDecision(predictor)!.Desired >= 2);

            // The dashboard shows the decision on the component: desired replicas, the range, the mode and why.
            var shown = await app.ResourceNotifications.WaitForResourceAsync(predictor.Name, e => e.Snapshot.Properties.Any(p => p.Name == "modelplane.desired" && p.Value as string == "2")).WaitAsync(Patience);
            var properties = shown.Snapshot.Properties.ToDictionary(p => p.Name, p => p.Value as string);
            Assert.Equal("1 to 2", properties["modelplane.scale-range"]);
            Assert.Contains(properties["modelplane.autoscaler"], (string[])["stable", "panic"]);
            Assert.Contains("concurrent over", properties["modelplane.scale-reason"], StringComparison.Ordinal);
            await load.CancelAsync();
            await Task.WhenAll(workers);
            Assert.Equal(0, failures);

            // Idle, it scales back to its minimum: the second replica stops, the first keeps serving.
            await app.ResourceNotifications.WaitForResourceAsync("iris-predictor-default-1", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text)).WaitAsync(Patience);
            Assert.Equal(1, predictor.ActiveCount);
            using var after = await client.PostAsync(new Uri("/v1/models/iris:predict", UriKind.Relative), new StringContent(Instances));
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
