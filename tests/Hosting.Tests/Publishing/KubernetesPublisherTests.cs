using k8s;
using k8s.Models;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Publishing;

/// <summary>
/// The plain-Kubernetes objects carry what a local run gives each process, with cluster addresses: Service DNS names in
/// service discovery, the store's connection from its Secret, the route table with the run's percentages, GPU limits,
/// the autoscaler's range and metric, and the storage initializer before the predictor.
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
}
