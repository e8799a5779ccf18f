using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Hosting.Gpus;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Revisions;
using Modelplane.Hosting.Specs;
using Modelplane.Hosting.Tests.Processes;

namespace Modelplane.Hosting.Tests.Gpus;

/// <summary>
/// In a local run, a predictor whose spec asks for <c>nvidia.com/gpu</c> runs the predictor's GPU flavour with CUDA,
/// each replica seeing its own devices; on a machine without a GPU, or without the flavour built, it runs on the CPU,
/// said once and shown in the dashboard, unless its service requires a GPU. Each case is the launch DCP would be
/// given, resolved without starting anything.
/// </summary>
public sealed class LocalGpusTests : IDisposable
{
    private readonly TemporaryDirectory _specs = new("modelplane-gpu-specs");

    public void Dispose() => _specs.Dispose();

    [Fact]
    public async Task A_predictor_asking_for_a_gpu_runs_the_gpu_flavour_with_cuda_each_replica_on_its_own_device()
    {
        using var graph = Graph(("iris-gpu", 1, null));
        var cpu = graph.Builder.AddInferenceService("iris-cpu").WithModel("s3://models/iris");
        await using var app = graph.Builder.Build();
        graph.Graph.Complete();
        graph.Graph.MachineGpus = Machine(["0", "1"], flavourBuilt: true);
        graph.Graph.PlaceOnGpus();
        graph.Graph.PrepareLocalRun();

        Assert.Empty(graph.Graph.Problems);
        Assert.Empty(graph.Graph.Warnings);
        var gpu = Predictor(graph, "iris-gpu");
        Assert.Equal(3, gpu.ReplicaResources.Count);
        for (var i = 0; i < gpu.ReplicaResources.Count; i++)
        {
            var replica = gpu.ReplicaResources[i];
            var environment = await LaunchConfiguration.EnvironmentOfAsync(app, replica);

            Assert.Equal(i % 2 == 0 ? "0" : "1", environment["CUDA_VISIBLE_DEVICES"]);
            Assert.Equal("cuda", environment["Serving__Onnx__ExecutionProvider"]);
            Assert.Equal("0", environment["Serving__Onnx__DeviceId"]);
            Assert.Equal([GpuFlavour.Of(ServiceProject.Predictor).AssemblyPath], await LaunchConfiguration.ArgumentsOfAsync(app, replica));
        }

        Assert.Equal("1 per replica, CUDA: replica 0: GPU 0; replica 1: GPU 1; replica 2: GPU 0", Shown(gpu));

        // A predictor that asks for no GPU is left as it was: the CPU build, no CUDA, no line in the dashboard.
        var plain = cpu.Resource.Component("default", ComponentRole.Predictor)!.ReplicaResources[0];
        var plainEnvironment = await LaunchConfiguration.EnvironmentOfAsync(app, plain);
        Assert.DoesNotContain(plainEnvironment.Keys, k => k is "CUDA_VISIBLE_DEVICES" or "Serving__Onnx__ExecutionProvider" or "Serving__Onnx__DeviceId");
        Assert.Equal([ServiceProject.Predictor.AssemblyPath], await LaunchConfiguration.ArgumentsOfAsync(app, plain));
        Assert.Null(Shown(plain.Component));
    }

    [Fact]
    public async Task Replicas_of_every_component_share_the_devices_round_robin_and_one_asking_for_two_gets_two()
    {
        using var graph = Graph(("first", 1, null), ("second", 2, null));
        await using var app = graph.Builder.Build();
        graph.Graph.Complete();
        graph.Graph.MachineGpus = Machine(["0", "1", "2"], flavourBuilt: true);
        graph.Graph.PrepareLocalRun();

        Assert.Empty(graph.Graph.Problems);
        Assert.Equal(["0", "1", "2"], await DevicesAsync(app, Predictor(graph, "first")));
        Assert.Equal(["0,1", "2,0", "1,2"], await DevicesAsync(app, Predictor(graph, "second")));
    }

    [Fact]
    public async Task Without_a_gpu_the_predictors_run_on_the_cpu_said_once_and_shown_in_the_dashboard()
    {
        using var graph = Graph(("iris-gpu", 1, null), ("other-gpu", 1, ModelplaneAnnotations.GpuOptional));
        await using var app = graph.Builder.Build();
        graph.Graph.Complete();
        graph.Graph.MachineGpus = Machine([], flavourBuilt: true, foundBy: "nvidia-smi is not installed");
        graph.Graph.PlaceOnGpus();
        graph.Graph.PlaceOnGpus();
        graph.Graph.PrepareLocalRun();

        Assert.Empty(graph.Graph.Problems);
        Assert.Equal(
            ["iris-gpu-predictor-default, other-gpu-predictor-default asked for GPUs and run on the CPU: this machine has no GPU (nvidia-smi is not installed)"],
            graph.Graph.Warnings);
        foreach (var component in new[] { Predictor(graph, "iris-gpu"), Predictor(graph, "other-gpu") })
        {
            var replica = component.ReplicaResources[0];
            var environment = await LaunchConfiguration.EnvironmentOfAsync(app, replica);
            Assert.DoesNotContain(environment.Keys, k => k is "CUDA_VISIBLE_DEVICES" or "Serving__Onnx__ExecutionProvider");
            Assert.Equal([ServiceProject.Predictor.AssemblyPath], await LaunchConfiguration.ArgumentsOfAsync(app, replica));
            Assert.Equal("asked for 1, none present; running on the CPU", Shown(component));
        }
    }

    [Fact]
    public async Task Without_the_gpu_flavour_built_the_predictor_runs_on_the_cpu_and_the_warning_names_the_build_command()
    {
        using var graph = Graph(("iris-gpu", 1, null));
        await using var app = graph.Builder.Build();
        graph.Graph.Complete();
        graph.Graph.MachineGpus = Machine(["0"], flavourBuilt: false);
        graph.Graph.PrepareLocalRun();

        var flavour = Path.GetRelativePath(Directory.GetCurrentDirectory(), GpuFlavour.Of(ServiceProject.Predictor).AssemblyPath);
        Assert.Equal(
            [$"iris-gpu-predictor-default asked for GPUs and runs on the CPU: the predictor's GPU flavour is not built ({flavour}); build it with '{GpuFlavour.BuildCommand(ServiceProject.Predictor)}'"],
            graph.Graph.Warnings);
        Assert.Contains("-p:OnnxRuntimeFlavor=Gpu'", graph.Graph.Warnings[0], StringComparison.Ordinal);
        var replica = Predictor(graph, "iris-gpu").ReplicaResources[0];
        Assert.Equal([ServiceProject.Predictor.AssemblyPath], await LaunchConfiguration.ArgumentsOfAsync(app, replica));
        Assert.DoesNotContain("Serving__Onnx__ExecutionProvider", (await LaunchConfiguration.EnvironmentOfAsync(app, replica)).Keys);
        Assert.Equal("asked for 1, the GPU flavour is not built; running on the CPU", Shown(replica.Component));
    }

    [Fact]
    public void A_service_that_requires_a_gpu_is_refused_on_a_machine_without_one_naming_it_at_its_annotation()
    {
        using var graph = Graph(new Dictionary<string, string?> { ["Modelplane:Gpus"] = "none" }, ("iris-gpu", 1, ModelplaneAnnotations.GpuRequired), ("other-gpu", 1, null));
        graph.Graph.Complete();
        graph.Graph.PlaceOnGpus();

        var file = Path.GetRelativePath(Directory.GetCurrentDirectory(), _specs.Combine("iris-gpu.yaml"));
        Assert.Equal(
            [$"{file}:5: metadata.annotations: InferenceService iris-gpu asks for GPUs with modelplane.io/gpu: required, and this machine has no GPU (Modelplane:Gpus is none); run it on a machine with an NVIDIA GPU, or make it optional to run it on the CPU here"],
            graph.Graph.Problems);
        Assert.Equal(["other-gpu-predictor-default asked for GPUs and runs on the CPU: this machine has no GPU (Modelplane:Gpus is none)"], graph.Graph.Warnings);
    }

    [Fact]
    public void Asking_for_more_gpus_per_replica_than_the_machine_has_keeps_the_run_from_starting()
    {
        using var graph = Graph(("iris-gpu", 2, null));
        graph.Graph.Complete();
        graph.Graph.MachineGpus = Machine(["0"], flavourBuilt: true);
        graph.Graph.PrepareLocalRun();

        Assert.Equal(["iris-gpu-predictor-default asks for 2 GPUs per replica (nvidia.com/gpu: 2), and this machine has 1 (0); ask for at most 1, or run it on a machine with more"], graph.Graph.Problems);
    }

    [Fact]
    public void A_gpu_setting_that_names_no_devices_keeps_the_run_from_starting()
    {
        using var graph = Graph(new Dictionary<string, string?> { ["Modelplane:Gpus"] = "all" }, ("iris-gpu", 1, null));
        graph.Graph.Complete();
        graph.Graph.PrepareLocalRun();

        Assert.Contains("Modelplane:Gpus is 'all', not a comma-separated list of GPU device ids (such as 0,1) or none", graph.Graph.Problems);
    }

    [Fact]
    public void A_run_in_which_nothing_asks_for_a_gpu_never_looks_at_the_machine()
    {
        using var graph = TestGraph.Model();
        graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris");
        graph.Graph.Complete();
        graph.Graph.PrepareLocalRun();

        Assert.Empty(graph.Graph.Problems);
        Assert.Null(graph.Graph.MachineGpus);
        Assert.Null(graph.Graph.LocalGpus);
    }

    [Fact]
    public async Task A_followed_spec_whose_revision_changes_its_gpus_is_refused_and_its_standby_replicas_have_devices_too()
    {
        using var graph = Graph(new Dictionary<string, string?> { ["Modelplane:FollowSpecs"] = "true" }, ("iris-gpu", 1, null));
        await using var app = graph.Builder.Build();
        graph.Graph.Complete();
        graph.Graph.MachineGpus = Machine(["0", "1"], flavourBuilt: true);
        graph.Graph.PrepareLocalRun();
        var service = graph.Graph.Resources<InferenceServiceResource>().Single();

        // The standby set, for the next revision, goes on round the devices after the serving one.
        Assert.Equal(["0", "1", "0"], await DevicesAsync(app, service.Component("default", ComponentRole.Predictor)!));
        Assert.Equal(["1", "0", "1"], await DevicesAsync(app, service.Component("default-b", ComponentRole.Predictor)!));
        var changed = SpecReader.Read(Spec("iris-gpu", 2, null), _specs.Combine("iris-gpu.yaml")).Specs.Single();

        var refused = await app.Services.GetRequiredService<Rollouts>().RollOutAsync(service, changed, CancellationToken.None);

        Assert.Equal("the changed spec asks for 2 GPUs per predictor replica where the running one asks for 1; a change of nvidia.com/gpu takes a restart of the AppHost", refused);
    }

    private TestGraph Graph(params (string Name, int Gpus, string? Annotation)[] services) => Graph(null, services);

    // A store with iris, and a KServe spec per service asking for its GPUs per replica (two to three replicas each).
    private TestGraph Graph(IDictionary<string, string?>? settings, params (string Name, int Gpus, string? Annotation)[] services)
    {
        var graph = TestGraph.Model(settings);
        graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        foreach (var (name, gpus, annotation) in services)
        {
            File.WriteAllText(_specs.Combine($"{name}.yaml"), Spec(name, gpus, annotation));
        }

        graph.Builder.AddInferenceServices(_specs.FullPath);
        return graph;
    }

    private static string Spec(string name, int gpus, string? annotation) => $$"""
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: {{name}}
          annotations: {{{(annotation is null ? string.Empty : $"modelplane.io/gpu: {annotation}")}}}
        spec:
          predictor:
            minReplicas: 2
            maxReplicas: 3
            model:
              modelFormat: {name: onnx}
              storageUri: s3://models/iris
              resources:
                limits: {nvidia.com/gpu: {{gpus}}}
        """;

    private static MachineGpus Machine(string[] devices, bool flavourBuilt, string foundBy = "nvidia-smi -L") =>
        new(EquatableList.From(devices), foundBy, GpuFlavour.Of(ServiceProject.Predictor), flavourBuilt);

    private static ComponentResource Predictor(TestGraph graph, string service) =>
        graph.Graph.Resources<InferenceServiceResource>().Single(s => s.Name == service).Component("default", ComponentRole.Predictor)!;

    private static async Task<List<string>> DevicesAsync(DistributedApplication app, ComponentResource component)
    {
        var devices = new List<string>();
        foreach (var replica in component.ReplicaResources)
        {
            devices.Add((await LaunchConfiguration.EnvironmentOfAsync(app, replica))["CUDA_VISIBLE_DEVICES"]);
        }

        return devices;
    }

    // The GPU line the component shows in the dashboard from its start; null when it has none.
    private static string? Shown(ComponentResource component) =>
        component.Annotations.OfType<ResourceSnapshotAnnotation>().Last().InitialSnapshot.Properties.SingleOrDefault(p => p.Name == LocalGpus.Property)?.Value as string;
}
