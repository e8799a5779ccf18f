using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Hosting.Cli;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Revisions;
using Modelplane.Testing;

namespace Modelplane.Hosting.Tests.Revisions;

/// <summary>
/// A spec file changed while the AppHost runs becomes a new revision, as KServe makes one: it starts beside the revision
/// serving, takes the traffic once ready, and the old one drains and stops, with no request lost under continuous load;
/// with <c>canaryTrafficPercent</c> it takes that share and the previous revision the rest, until promoted or rolled
/// back; a change that does not read leaves the serving revision alone.
/// </summary>
[Collection("AppHost processes")]
public sealed class LocalRolloutTests
{
    private const string Instances = """{"instances": [[6.8, 2.8, 4.8, 1.4], [5.1, 3.5, 1.4, 0.2]]}""";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private static string Spec(params string[] predictor) => $$"""
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: iris
        spec:
          predictor:
            {{string.Join("\n    ", predictor)}}
            minReplicas: 1
            maxReplicas: 1
            model:
              modelFormat:
                name: onnx
              storageUri: s3://models/iris
        """;

    [Fact]
    public async Task A_changed_spec_rolls_out_under_load_with_no_request_lost_and_a_canary_is_promoted_or_rolled_back()
    {
        using var specs = new TemporaryDirectory("specs");
        var file = specs.Combine("iris.yaml");
        await File.WriteAllTextAsync(file, Spec());
        using var graph = TestGraph.Run(new Dictionary<string, string?> { ["Modelplane:FollowSpecs"] = "true" });
        graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = Assert.Single(graph.Builder.AddInferenceServices(specs.FullPath)).Resource;
        var gateway = graph.Builder.AddGateway("gateway");
        await using var app = graph.Builder.Build();
        await app.StartAsync();
        var rollouts = app.Services.GetRequiredService<Rollouts>();
        using var state = new RunStateWriter(graph.Graph, app.Services);
        state.Start();
        try
        {
            await app.ResourceNotifications.WaitForResourceAsync("iris", KnownResourceStates.Running).WaitAsync(Patience);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway").WaitAsync(Patience);
            Assert.Equal(["iris-predictor-default", "iris-predictor-default-b"], service.Components.Select(c => c.Name));

            using var client = new HttpClient { BaseAddress = gateway.Resource.Endpoints!.HttpUrl, Timeout = Patience };
            var load = new Load(client);

            // A change: revision 00002 starts, takes the traffic once ready; default drains and stops. Nothing is lost.
            await File.WriteAllTextAsync(file, Spec("containerConcurrency: 8"));
            await Eventually.WaitAsync("revision 00002 to take all the traffic", () => Task.FromResult(service.Spec.Revisions is [{ Name: "00002", TrafficPercent: 100 }]), Patience);
            await app.ResourceNotifications.WaitForResourceAsync("iris-predictor-default-0", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text)).WaitAsync(Patience);
            await load.UntilAsync(revision => revision == "00002", count: 20);
            Assert.Equal(8, service.Component("00002", Modelplane.Hosting.Specs.ComponentRole.Predictor)!.Spec.ContainerConcurrency);

            // A spec that does not read changes nothing.
            await File.WriteAllTextAsync(file, Spec("scaleTarget: many"));
            await Task.Delay(1500);
            Assert.True(service.Spec.Revisions is [{ Name: "00002", TrafficPercent: 100 }]);

            // A canary: 00003 takes half once ready, 00002 keeps half; promoted, 00003 takes all.
            await File.WriteAllTextAsync(file, Spec("canaryTrafficPercent: 50", "containerConcurrency: 4"));
            await Eventually.WaitAsync("revisions 00002 and 00003 to share the traffic", () => Task.FromResult(service.Spec.Revisions is [{ Name: "00002", TrafficPercent: 50 }, { Name: "00003", TrafficPercent: 50 }]), Patience);
            // The gateway reads the new route table a moment after the AppHost writes it: wait for answers from both.
            var split = await load.UntilTogetherAsync(answers => answers.Distinct().Count() == 2, count: 40);
            Assert.Equal(["00002", "00003"], split.Distinct().Order(StringComparer.Ordinal));

            // status shows PREV and LATEST as KServe does; promote from the command line, as `rollout promote iris`.
            await Eventually.WaitAsync("status to show the service ready", () => Task.FromResult(Status(graph).Contains("True", StringComparison.Ordinal)), Patience);
            Assert.Matches(@"(?m)^iris\s+http://iris\.default\.example\.com\s+True\s+50\s+50\s+\S+\s+00002 1/1, 00003 1/1$", Status(graph));
            var promoted = new StringWriter();
            Assert.Equal(0, await RolloutCommand.RunAsync(graph.Graph, "promote", "iris", promoted, CancellationToken.None));
            Assert.Equal("iris: promoted; revisions now 00003 100%", promoted.ToString().Trim());
            Assert.True(service.Spec.Revisions is [{ Name: "00003", TrafficPercent: 100 }]);
            await load.UntilAsync(revision => revision == "00003", count: 20);
            var nothing = new StringWriter();
            Assert.Equal(1, await RolloutCommand.RunAsync(graph.Graph, "rollback", "iris", nothing, CancellationToken.None));
            Assert.Equal("error: iris runs one revision, 00003; there is nothing to roll back", nothing.ToString().Trim());
            var unknown = new StringWriter();
            Assert.Equal(1, await RolloutCommand.RunAsync(graph.Graph, "promote", "nosuch", unknown, CancellationToken.None));
            Assert.Equal("error: this AppHost runs no InferenceService named 'nosuch'", unknown.ToString().Trim());

            // Another canary, rolled back: 00003 takes all the traffic again and 00004 stops.
            await File.WriteAllTextAsync(file, Spec("canaryTrafficPercent: 50", "containerConcurrency: 2"));
            await Eventually.WaitAsync("revision 00004 to take its canary share", () => Task.FromResult(service.Spec.Revisions is [{ Name: "00003" }, { Name: "00004" }]), Patience);
            Assert.Null(await rollouts.RollBackAsync(service, CancellationToken.None));
            Assert.True(service.Spec.Revisions is [{ Name: "00003", TrafficPercent: 100 }]);
            await load.UntilAsync(revision => revision == "00003", count: 20);

            var (sent, failed) = await load.StopAsync();
            Assert.True(sent > 100, $"only {sent} requests were sent");
            Assert.True(failed.Count == 0, $"{failed.Count} of {sent} requests failed:\n{string.Join('\n', failed.Distinct())}");
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_service_that_follows_its_model_rolls_out_when_a_new_version_lands_in_the_store()
    {
        using var specs = new TemporaryDirectory("specs");
        await File.WriteAllTextAsync(specs.Combine("iris.yaml"), Spec().Replace("  name: iris\n", "  name: iris\n  annotations:\n    modelplane.io/follow-model-versions: \"true\"\n", StringComparison.Ordinal));
        using var graph = TestGraph.Run(new Dictionary<string, string?> { ["Modelplane:FollowSpecs"] = "true" });
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = Assert.Single(graph.Builder.AddInferenceServices(specs.FullPath)).Resource;
        var gateway = graph.Builder.AddGateway("gateway");
        await using var app = graph.Builder.Build();
        await app.StartAsync();
        try
        {
            await app.ResourceNotifications.WaitForResourceAsync("iris", KnownResourceStates.Running).WaitAsync(Patience);
            using var client = new HttpClient { BaseAddress = gateway.Resource.Endpoints!.HttpUrl, Timeout = Patience };
            Assert.Contains("\"versions\":[\"1\"]", await client.GetStringAsync(new Uri("/v2/models/iris", UriKind.Relative)), StringComparison.Ordinal);

            // Version 2 of the model lands in the store, as `models push` puts it there.
            using var repository = new TemporaryDirectory("iris-v2");
            foreach (var file in Directory.EnumerateFiles(RepositoryRoot.Combine("models", "iris", "1")))
            {
                Directory.CreateDirectory(repository.Combine("2"));
                File.Copy(file, repository.Combine("2", Path.GetFileName(file)));
            }

            using (var objects = Modelplane.Serving.Storage.S3ObjectStore.Open(store.Resource.Server!.Connection))
            {
                await new ModelPusher(objects).SyncAsync(repository.FullPath, Modelplane.Serving.Storage.StorageUri.Parse("s3://models/iris"), CancellationToken.None);
            }

            await Eventually.WaitAsync("revision 00002 to take all the traffic", () => Task.FromResult(service.Spec.Revisions is [{ Name: "00002", TrafficPercent: 100 }]), Patience);

            // The new revision's storage initializer fetched what the store holds now: it serves version 2.
            await Eventually.WaitAsync("version 2 of iris to be ready through the gateway", async () =>
            {
                using var ready = await client.GetAsync(new Uri("/v2/models/iris/versions/2/ready", UriKind.Relative));
                return ready.StatusCode == HttpStatusCode.OK;
            }, Patience);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static string Status(TestGraph graph)
    {
        var output = new StringWriter();
        StatusCommand.Print(graph.Graph, output, DateTimeOffset.Now);
        return output.ToString();
    }

    // Four connections sending predictions without pause, each answer's revision noted and each failure kept.
    private sealed class Load
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _workers;
        private readonly List<string> _failed = [];
        private readonly List<string> _revisions = [];
        private int _sent;

        public Load(HttpClient client) => _workers = [.. Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                using var response = await client.PostAsync(new Uri("/v1/models/iris:predict", UriKind.Relative), new StringContent(Instances));
                var body = await response.Content.ReadAsStringAsync();
                Interlocked.Increment(ref _sent);
                lock (_revisions)
                {
                    if (response.StatusCode != HttpStatusCode.OK || body != """{"predictions":[1,0]}""")
                    {
                        _failed.Add($"{(int)response.StatusCode}: {body}");
                    }
                    else
                    {
                        _revisions.Add(response.Headers.GetValues("x-modelplane-revision").Single());
                    }
                }
            }
        }))];

        // The revisions of the next `count` answers once `wanted` holds for all of them.
        public Task<List<string>> UntilAsync(Func<string, bool> wanted, int count) => UntilTogetherAsync(answers => answers.All(wanted), count);

        // The revisions of the next `count` or more answers once `wanted` holds for them together.
        public async Task<List<string>> UntilTogetherAsync(Func<List<string>, bool> wanted, int count)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                int from;
                lock (_revisions)
                {
                    from = _revisions.Count;
                }

                await Task.Delay(200);
                List<string> next;
                lock (_revisions)
                {
                    next = _revisions.Skip(from).ToList();
                }

                if (next.Count >= count && wanted(next))
                {
                    return next;
                }

                Assert.True(clock.Elapsed < Patience, $"the answers did not come from the wanted revisions: {string.Join(", ", next.Distinct())}");
            }
        }

        public async Task<(int Sent, List<string> Failed)> StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_workers);
            _stop.Dispose();
            return (_sent, _failed);
        }
    }
}
