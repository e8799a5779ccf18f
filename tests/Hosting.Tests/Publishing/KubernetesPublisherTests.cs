using k8s;
using k8s.Models;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Publishing.Kubernetes;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Publishing;

/// <summary>
/// The plain-Kubernetes objects carry what a local run gives each process, with cluster addresses: Service DNS names in
/// service discovery, the store's connection from its Secret, the route table with the run's percentages, GPU limits,
/// the autoscaler's range and metric, KEDA's objects for a component that scales to zero (and the gateway reaching it
/// through the HTTP add-on's interceptor), and the storage initializer before the predictor.
/// </summary>
public sealed class KubernetesPublisherTests : IDisposable
{
    private readonly PublishGraphs _graphs = new();

    public void Dispose() => _graphs.Dispose();

    [Fact]
    public async Task A_predictor_reads_its_model_from_the_initializers_volume_and_its_store_from_the_secret()
    {
        var files = await PublishGraphs.PublishAsync(_graphs.Sample(), "kubernetes", "ghcr.io/you");
        var deployment = KubernetesYaml.LoadAllFromString(files.Files["sklearn-iris-predictor-canary.yaml"]).OfType<V1Deployment>().Single();
        var pod = deployment.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        var init = Assert.Single(pod.InitContainers);

        Assert.Equal("ghcr.io/you/modelplane-predictor:0.1.0", container.Image);
        Assert.Equal(container.Image, init.Image);
        Assert.Equal("s3://models/iris", init.Env.Single(e => e.Name == "STORAGE_URI").Value);
        Assert.Equal("/mnt/models", init.Env.Single(e => e.Name == "Serving__InitializeStorageTo").Value);
        Assert.DoesNotContain(container.Env, e => e.Name == "STORAGE_URI");
        Assert.Equal("/mnt/models", container.Env.Single(e => e.Name == "Serving__ModelRepository").Value);
        foreach (var env in new[] { container.Env, init.Env })
        {
            var connection = env.Single(e => e.Name == "ConnectionStrings__models");
            Assert.Null(connection.Value);
            Assert.Equal(("models-credentials", "connection-string"), (connection.ValueFrom.SecretKeyRef.Name, connection.ValueFrom.SecretKeyRef.Key));
        }

        Assert.Equal("/mnt/models", container.VolumeMounts.Single().MountPath);
        Assert.NotNull(pod.Volumes.Single(v => v.Name == container.VolumeMounts.Single().Name).EmptyDir);
        Assert.Equal("/v2/health/ready", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
        Assert.Equal([8080, 8081], container.Ports.Select(p => p.ContainerPort));
    }

    [Fact]
    public async Task The_store_secret_holds_the_credentials_and_no_config_map_does()
    {
        var files = await PublishGraphs.PublishAsync(_graphs.Sample(), "kubernetes");
        var objects = files.Files.Where(f => f.Key != "kustomization.yaml").SelectMany(f => KubernetesYaml.LoadAllFromString(f.Value)).ToList();

        var secret = objects.OfType<V1Secret>().Single();
        Assert.Equal($"Endpoint=http://models:9000;AccessKey={PublishGraphs.AccessKey};SecretKey={PublishGraphs.SecretKey}", secret.StringData["connection-string"]);
        Assert.All(objects.OfType<V1ConfigMap>(), map => Assert.DoesNotContain(PublishGraphs.SecretKey, KubernetesYaml.Serialize(map), StringComparison.Ordinal));
        Assert.DoesNotContain(objects.OfType<V1Deployment>(), d => KubernetesYaml.Serialize(d).Contains(PublishGraphs.SecretKey, StringComparison.Ordinal));
        var minio = objects.OfType<V1StatefulSet>().Single();
        Assert.Equal("data", minio.Spec.VolumeClaimTemplates.Single().Metadata.Name);
        var job = objects.OfType<V1Job>().Single();
        Assert.Contains("mc cp /seed/iris/1/model.onnx store/models/iris/1/model.onnx", job.Spec.Template.Spec.Containers[0].Command[2], StringComparison.Ordinal);
        var seed = objects.OfType<V1ConfigMap>().Single(m => m.Metadata.Name == "models-seed");
        Assert.Equal(File.ReadAllBytes(RepositoryRoot.Combine("models", "iris", "1", "model.onnx")), seed.BinaryData[job.Spec.Template.Spec.Volumes[0].ConfigMap.Items.Single(i => i.Path == "iris/1/model.onnx").Key]);
    }

    [Fact]
    public async Task An_external_store_replaces_minio_and_the_upload_goes_there()
    {
        var files = await PublishGraphs.PublishAsync(_graphs.Sample(new Dictionary<string, string?> { ["Modelplane:Publish:Stores:models:Endpoint"] = "https://s3.eu-west-1.amazonaws.com" }), "kubernetes");
        var objects = KubernetesYaml.LoadAllFromString(files.Files["models.yaml"]);

        Assert.Empty(objects.OfType<V1StatefulSet>());
        Assert.Empty(objects.OfType<V1Service>());
        Assert.Equal("https://s3.eu-west-1.amazonaws.com", objects.OfType<V1Secret>().Single().StringData["endpoint"]);
        Assert.Single(objects.OfType<V1Job>());
    }

    [Fact]
    public async Task The_gateway_route_table_has_the_runs_percentages_and_service_addresses_and_the_ingress_a_host_per_service()
    {
        var files = await PublishGraphs.PublishAsync(_graphs.Sample(), "kubernetes");
        var objects = KubernetesYaml.LoadAllFromString(files.Files["gateway.yaml"]);

        var routes = System.Text.Json.Nodes.JsonNode.Parse(objects.OfType<V1ConfigMap>().Single().Data["routes.json"])!;
        var iris = routes["services"]!.AsArray().Single(s => (string)s!["name"]! == "sklearn-iris")!;
        Assert.Equal([("default", 90), ("canary", 10)], iris["revisions"]!.AsArray().Select(r => ((string)r!["name"]!, (int)r["percent"]!)));
        Assert.Equal("http://sklearn-iris-predictor-canary:8080", (string)iris["revisions"]![1]!["predictor"]!["http"]![0]!);
        Assert.Equal(["sklearn-iris.default.example.com", "iris-onnx.default.example.com"], objects.OfType<V1Ingress>().Single().Spec.Rules.Select(r => r.Host));
        var container = objects.OfType<V1Deployment>().Single().Spec.Template.Spec.Containers[0];
        Assert.Equal("/etc/modelplane/gateway/routes.json", container.Env.Single(e => e.Name == "Gateway__RouteTable").Value);
    }

    [Fact]
    public async Task A_gpu_becomes_a_limit_and_a_scaling_range_an_autoscaler_on_the_specs_metric()
    {
        using var graph = TestGraph.Model(PublishGraphs.Parameters());
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris").WithScaling(2, 5).WithReference(store);
        service.Resource.Spec = service.Resource.Spec with
        {
            Revisions = [service.Resource.Spec.Revisions[0] with
            {
                Predictor = service.Resource.Spec.Revisions[0].Predictor with
                {
                    Resources = new ResourceSpec { CpuRequest = "500m", MemoryLimit = "1Gi", Gpus = 1 },
                    Scaling = service.Resource.Spec.Revisions[0].Predictor.Scaling with { Metric = ScaleMetric.Concurrency, Target = 4 },
                },
            }],
        };
        var files = await PublishGraphs.PublishAsync(graph.Graph, "kubernetes");
        var objects = KubernetesYaml.LoadAllFromString(files.Files["iris-predictor-default.yaml"]);

        var deployment = objects.OfType<V1Deployment>().Single();
        Assert.Equal(2, deployment.Spec.Replicas);
        var resources = deployment.Spec.Template.Spec.Containers[0].Resources;
        Assert.Equal("1", resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("500m", resources.Requests["cpu"].ToString());
        var hpa = objects.OfType<V2HorizontalPodAutoscaler>().Single();
        Assert.Equal((2, 5), (hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas));
        Assert.Equal("http_server_active_requests", hpa.Spec.Metrics.Single().Pods.Metric.Name);
        Assert.Equal("4", hpa.Spec.Metrics.Single().Pods.Target.AverageValue.ToString());
    }

    [Fact]
    public async Task A_predictor_that_scales_to_zero_gets_the_http_add_ons_routes_and_one_scaled_object_and_the_gateway_goes_through_the_interceptor()
    {
        using var graph = TestGraph.Model(PublishGraphs.Parameters());
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris").WithScaling(0, 3).WithReference(store);
        graph.Builder.AddGateway("gateway", port: 8080);
        service.Resource.Spec = service.Resource.Spec with
        {
            Revisions = [service.Resource.Spec.Revisions[0] with
            {
                Predictor = service.Resource.Spec.Revisions[0].Predictor with
                {
                    Scaling = service.Resource.Spec.Revisions[0].Predictor.Scaling with { Metric = ScaleMetric.Rps, Target = 20, Window = TimeSpan.FromSeconds(10) },
                },
            }],
        };
        var files = await PublishGraphs.PublishAsync(graph.Graph, "kubernetes");
        var objects = KubernetesYaml.LoadAllFromString(files.Files["iris-predictor-default.yaml"], KedaKinds);

        Assert.Empty(objects.OfType<V2HorizontalPodAutoscaler>());
        Assert.Equal(1, objects.OfType<V1Deployment>().Single().Spec.Replicas);
        var aliases = objects.OfType<V1Service>().Where(s => s.Spec.Type == "ExternalName").ToList();
        Assert.Equal(["iris-predictor-default-interceptor", "iris-predictor-default-interceptor-grpc"], aliases.Select(s => s.Metadata.Name));
        Assert.All(aliases, s => Assert.Equal("keda-add-ons-http-interceptor-proxy.keda.svc.cluster.local", s.Spec.ExternalName));
        var routes = objects.OfType<HttpScaledObject>().ToList();
        Assert.Equal(["iris-predictor-default", "iris-predictor-default-grpc"], routes.Select(r => r.Metadata.Name));
        Assert.Equal([["iris-predictor-default-interceptor"], ["iris-predictor-default-interceptor-grpc"]], routes.Select(r => r.Spec.Hosts));
        Assert.Equal([8080, 8081], routes.Select(r => r.Spec.ScaleTargetRef.Port));
        Assert.All(routes, r =>
        {
            Assert.Equal("true", r.Metadata.Annotations["httpscaledobject.keda.sh/skip-scaledobject-creation"]);
            Assert.Equal(("apps/v1", "Deployment", "iris-predictor-default", "iris-predictor-default"), (r.Spec.ScaleTargetRef.ApiVersion, r.Spec.ScaleTargetRef.Kind, r.Spec.ScaleTargetRef.Name, r.Spec.ScaleTargetRef.Service));
            Assert.Equal((0, 3), (r.Spec.Replicas!.Min, r.Spec.Replicas.Max));
            Assert.Equal((20, "10s"), (r.Spec.ScalingMetric!.RequestRate!.TargetValue, r.Spec.ScalingMetric.RequestRate.Window));
            Assert.Null(r.Spec.ScalingMetric.Concurrency);
            Assert.Equal(30, r.Spec.ScaledownPeriod);
        });
        var scaler = objects.OfType<KedaScaledObject>().Single();
        Assert.Equal(("Deployment", "iris-predictor-default"), (scaler.Spec.ScaleTargetRef.Kind, scaler.Spec.ScaleTargetRef.Name));
        Assert.Equal((0, 3, 30), (scaler.Spec.MinReplicaCount, scaler.Spec.MaxReplicaCount, scaler.Spec.CooldownPeriod));
        Assert.All(scaler.Spec.Triggers, t => Assert.Equal(("external-push", "keda-add-ons-http-external-scaler.keda:9090"), (t.Type, t.Metadata["scalerAddress"])));
        Assert.Equal(routes.Select(r => r.Metadata.Name), scaler.Spec.Triggers.Select(t => t.Metadata["httpScaledObject"]));

        var table = System.Text.Json.Nodes.JsonNode.Parse(KubernetesYaml.LoadAllFromString(files.Files["gateway.yaml"]).OfType<V1ConfigMap>().Single().Data["routes.json"])!;
        var predictor = table["services"]![0]!["revisions"]![0]!["predictor"]!;
        Assert.Equal("http://iris-predictor-default-interceptor:8080", (string)predictor["http"]![0]!);
        Assert.Equal("http://iris-predictor-default-interceptor-grpc:8080", (string)predictor["grpc"]![0]!);
        Assert.True((bool)predictor["throughActivator"]!);
    }

    [Theory]
    [InlineData(ScaleMetric.Concurrency, 7, null, "7")]
    [InlineData(ScaleMetric.Cpu, 60, "cpu", "60")]
    [InlineData(ScaleMetric.Memory, null, "memory", "80")]
    public async Task Scaling_to_zero_keeps_the_specs_metric(ScaleMetric metric, int? target, string? resourceTrigger, string expected)
    {
        using var graph = TestGraph.Model(PublishGraphs.Parameters());
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris").WithScaling(0, 2).WithReference(store);
        service.Resource.Spec = service.Resource.Spec with
        {
            Revisions = [service.Resource.Spec.Revisions[0] with
            {
                Predictor = service.Resource.Spec.Revisions[0].Predictor with
                {
                    Scaling = service.Resource.Spec.Revisions[0].Predictor.Scaling with { Metric = metric, Target = target },
                },
            }],
        };
        var objects = KubernetesYaml.LoadAllFromString((await PublishGraphs.PublishAsync(graph.Graph, "kubernetes")).Files["iris-predictor-default.yaml"], KedaKinds);

        var triggers = objects.OfType<KedaScaledObject>().Single().Spec.Triggers;
        var route = objects.OfType<HttpScaledObject>().First();
        if (resourceTrigger is null)
        {
            Assert.Equal(expected, route.Spec.ScalingMetric!.Concurrency!.TargetValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.All(triggers, t => Assert.Equal("external-push", t.Type));
        }
        else
        {
            // The HTTP triggers wake it; CPU or memory sizes it, as KEDA scales on those only above zero.
            Assert.Equal(100, route.Spec.ScalingMetric!.Concurrency!.TargetValue);
            var resource = triggers.Single(t => t.Type != "external-push");
            Assert.Equal((resourceTrigger, "Utilization", expected), (resource.Type, resource.MetricType, resource.Metadata["value"]));
        }
    }

    [Fact]
    public async Task A_predictor_that_keeps_a_replica_gets_an_autoscaler_and_no_keda_objects_and_the_gateway_probes_its_service()
    {
        var files = await PublishGraphs.PublishAsync(_graphs.Sample(), "kubernetes");
        var objects = KubernetesYaml.LoadAllFromString(files.Files["iris-onnx-predictor-default.yaml"], KedaKinds);

        Assert.Equal((1, 2), (objects.OfType<V2HorizontalPodAutoscaler>().Single().Spec.MinReplicas, objects.OfType<V2HorizontalPodAutoscaler>().Single().Spec.MaxReplicas));
        Assert.Empty(objects.OfType<KedaScaledObject>());
        Assert.Empty(objects.OfType<HttpScaledObject>());
        Assert.DoesNotContain("throughActivator", files.Files["gateway.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_component_that_scales_to_zero_whose_interceptor_service_name_is_too_long_is_a_problem_naming_it()
    {
        using var graph = TestGraph.Model(PublishGraphs.Parameters());
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var name = new string('a', 30);
        graph.Builder.AddInferenceService(name).WithModel("s3://models/iris").WithScaling(0, 2).WithReference(store);

        var error = await Assert.ThrowsAsync<GraphException>(() => PublishGraphs.PublishAsync(graph.Graph, "kubernetes"));

        Assert.Contains(
            $"{name}-predictor-default: the interceptor's Service of a component that scales to zero '{name}-predictor-default-interceptor-grpc' is 65 characters long; Kubernetes allows at most 63; shorten the service's name",
            error.Problems);
    }

    // KubernetesClient reads only Kubernetes' own kinds by default; the component files here also hold KEDA's.
    private static readonly Dictionary<string, Type> KedaKinds = new(StringComparer.Ordinal)
    {
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["v1/Service"] = typeof(V1Service),
        ["autoscaling/v2/HorizontalPodAutoscaler"] = typeof(V2HorizontalPodAutoscaler),
        ["keda.sh/v1alpha1/ScaledObject"] = typeof(KedaScaledObject),
        ["http.keda.sh/v1alpha1/HTTPScaledObject"] = typeof(HttpScaledObject),
    };
}
