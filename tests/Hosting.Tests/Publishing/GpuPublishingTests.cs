using k8s;
using k8s.Models;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Publishing.KServe;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Publishing;

/// <summary>
/// A predictor that asks for <c>nvidia.com/gpu</c> is published as the predictor's GPU flavour on the cluster's GPU pool:
/// for plain Kubernetes its own image (<c>modelplane-predictor-gpu</c>) with CUDA, its GPU limit, and the pool's node
/// selector and tolerations from the publish settings; for KServe the same in the InferenceService's predictor, served
/// by the <c>modelplane-onnx-gpu</c> runtime. Nothing else of the graph goes to the pool, and bad settings stop the publish.
/// </summary>
public sealed class GpuPublishingTests : IDisposable
{
    private static readonly Dictionary<string, Type> KServeKinds = new(StringComparer.Ordinal)
    {
        ["serving.kserve.io/v1beta1/InferenceService"] = typeof(InferenceServiceObject),
        ["serving.kserve.io/v1alpha1/ClusterServingRuntime"] = typeof(ClusterServingRuntimeObject),
    };

    private readonly PublishGraphs _graphs = new();

    public void Dispose() => _graphs.Dispose();

    [Fact]
    public async Task For_kubernetes_the_predictor_runs_the_gpu_image_with_cuda_on_the_gpu_pool_and_its_storage_initializer_the_cpu_image()
    {
        var files = await PublishGraphs.PublishAsync(_graphs.Gpu(), "kubernetes", "ghcr.io/you");
        var pod = KubernetesYaml.LoadAllFromString(files.Files["iris-gpu-predictor-default.yaml"]).OfType<V1Deployment>().Single().Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);

        Assert.Equal("ghcr.io/you/modelplane-predictor-gpu:0.1.0", container.Image);
        Assert.Equal("cuda", container.Env.Single(e => e.Name == "Serving__Onnx__ExecutionProvider").Value);
        Assert.DoesNotContain(container.Env, e => e.Name is "CUDA_VISIBLE_DEVICES" or "Serving__Onnx__DeviceId");
        Assert.Equal("1", container.Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("ghcr.io/you/modelplane-predictor:0.1.0", Assert.Single(pod.InitContainers).Image);
        Assert.False(Assert.Single(pod.InitContainers).Resources.Limits.ContainsKey("nvidia.com/gpu"));
        Assert.Equal(new Dictionary<string, string> { ["cloud.google.com/gke-accelerator"] = "nvidia-l4" }, pod.NodeSelector);
        Assert.Equal(
            [("nvidia.com/gpu", "Exists", null, "NoSchedule"), ("pool", "Equal", "gpu", "NoExecute")],
            pod.Tolerations.Select(t => (t.Key, t.OperatorProperty, (string?)t.Value, t.Effect)));

        var gateway = KubernetesYaml.LoadAllFromString(files.Files["gateway.yaml"]).OfType<V1Deployment>().Single().Spec.Template.Spec;
        Assert.Null(gateway.NodeSelector);
        Assert.Null(gateway.Tolerations);
    }

    [Fact]
    public async Task For_kserve_the_predictor_names_the_gpu_runtime_and_carries_its_gpu_and_the_pool()
    {
        var files = await PublishGraphs.PublishAsync(_graphs.Gpu(), "kserve", "ghcr.io/you");
        var predictor = ((InferenceServiceObject)KubernetesYaml.LoadAllFromString(files.Files["iris-gpu.yaml"], KServeKinds).Single()).Spec.Predictor;
        var runtimes = KubernetesYaml.LoadAllFromString(files.Files["serving-runtime.yaml"], KServeKinds).Cast<ClusterServingRuntimeObject>().ToList();

        Assert.Equal(KServePublisher.GpuRuntime, predictor.Model!.Runtime);
        Assert.Equal("1", predictor.Model.Resources!.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal(new Dictionary<string, string> { ["cloud.google.com/gke-accelerator"] = "nvidia-l4" }, predictor.NodeSelector);
        Assert.Equal(["nvidia.com/gpu", "pool"], predictor.Tolerations!.Select(t => t.Key));
        Assert.Equal([KServePublisher.Runtime, KServePublisher.GpuRuntime], runtimes.Select(r => r.Metadata.Name));
        var gpu = Assert.Single(runtimes[1].Spec.Containers);
        Assert.Equal("ghcr.io/you/modelplane-predictor-gpu:0.1.0", gpu.Image);
        Assert.Equal("cuda", gpu.Env.Single(e => e.Name == "Serving__Onnx__ExecutionProvider").Value);
        Assert.Equal("ghcr.io/you/modelplane-predictor:0.1.0", runtimes[0].Spec.Containers.Single().Image);
        Assert.DoesNotContain(runtimes[0].Spec.Containers.Single().Env, e => e.Name == "Serving__Onnx__ExecutionProvider");
    }

    [Fact]
    public async Task The_published_inference_service_read_back_asks_for_the_same_gpu_through_the_gpu_runtime()
    {
        var graph = _graphs.Gpu();
        var original = graph.Resources<InferenceServiceResource>().Single().Spec;
        var read = SpecReader.Read((await PublishGraphs.PublishAsync(graph, "kserve")).Files["iris-gpu.yaml"], "iris-gpu.yaml");

        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        Assert.DoesNotContain(read.Diagnostics, d => d.Severity == SpecSeverity.Warning);
        var back = Assert.Single(read.Specs);
        Assert.Equal(original.Revisions[0].Predictor.Resources, back.Revisions[0].Predictor.Resources);
        Assert.Equal(KServePublisher.GpuRuntime, back.Revisions[0].Predictor.Model!.Runtime);
        Assert.Equal(ModelplaneAnnotations.GpuRequired, back.Annotations.Find(ModelplaneAnnotations.Gpu));
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "GpuNodeSelector", "gke-accelerator", "Modelplane:Publish:GpuNodeSelector: 'gke-accelerator' is not key=value; write e.g. cloud.google.com/gke-accelerator=nvidia-l4" },
        { "GpuNodeSelector", "Bad Key=x", "Modelplane:Publish:GpuNodeSelector: 'Bad Key=x' has the key 'Bad Key', which is not a Kubernetes label key: use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit, after an optional prefix such as nvidia.com/" },
        { "GpuNodeSelector", "Example.COM/pool=gpu", "Modelplane:Publish:GpuNodeSelector: 'Example.COM/pool=gpu' has the key 'Example.COM/pool', whose prefix 'Example.COM' is not a DNS name (lower-case letters, digits, '-' and '.'), as a Kubernetes label key needs" },
        { "GpuNodeSelector", "pool=gpu!", "Modelplane:Publish:GpuNodeSelector: 'pool=gpu!' has the value 'gpu!', which is not a Kubernetes label value: use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit" },
        { "GpuNodeSelector", "pool=a,pool=b", "Modelplane:Publish:GpuNodeSelector: 'pool=b' names the label pool a second time; give each label once" },
        { "GpuTolerations", "nvidia.com/gpu", "Modelplane:Publish:GpuTolerations: 'nvidia.com/gpu' is not key=value:Effect or key:Effect; write e.g. nvidia.com/gpu:NoSchedule" },
        { "GpuTolerations", "a=b=c:NoSchedule", "Modelplane:Publish:GpuTolerations: 'a=b=c:NoSchedule' is not key=value:Effect or key:Effect; write e.g. nvidia.com/gpu:NoSchedule" },
        { "GpuTolerations", "nvidia.com/gpu:NoScedule", "Modelplane:Publish:GpuTolerations: 'nvidia.com/gpu:NoScedule' has the effect 'NoScedule'; write NoSchedule, PreferNoSchedule or NoExecute" },
        { "GpuTolerations", "-gpu:NoSchedule", "Modelplane:Publish:GpuTolerations: '-gpu:NoSchedule' has the key '-gpu', which is not a Kubernetes label key: use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit, after an optional prefix such as nvidia.com/" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_gpu_pool_setting_kubernetes_would_refuse_stops_both_targets_naming_it(string setting, string value, string problem)
    {
        var graph = _graphs.Gpu();
        graph.Builder.Configuration[$"Modelplane:Publish:{setting}"] = value;

        foreach (var target in new[] { "kubernetes", "kserve" })
        {
            var refused = await Assert.ThrowsAsync<GraphException>(() => PublishGraphs.PublishAsync(graph, target));
            Assert.Equal([problem], refused.Problems);
        }
    }
}
