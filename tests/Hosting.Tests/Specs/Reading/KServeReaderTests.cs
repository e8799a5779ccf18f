using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Specs.Reading;

/// <summary>KServe v1beta1 specs beyond the seeds: every field the normalized model keeps, and the canary forms.</summary>
public sealed class KServeReaderTests
{
    [Fact]
    public void Every_component_field_reaches_the_model()
    {
        var result = SpecReader.Read(
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: income
              namespace: kserve-test
              labels: {team: risk}
              annotations:
                serving.kserve.io/deploymentMode: RawDeployment
            spec:
              predictor:
                minReplicas: 0
                maxReplicas: 4
                scaleTarget: 5
                scaleMetric: rps
                containerConcurrency: 8
                timeout: 30
                batcher:
                  maxBatchSize: 16
                  maxLatency: 50
                  timeout: 10
                logger:
                  url: http://message-dumper.kserve-test/
                  mode: request
                model:
                  modelFormat: {name: ONNX, version: "1"}
                  runtime: kserve-onnxruntime
                  protocolVersion: grpc-v2
                  storageUri: s3://models/income
                  resources:
                    requests: {cpu: 500m, memory: 512Mi}
                    limits: {cpu: "1", memory: 1Gi, nvidia.com/gpu: 1}
                  env:
                  - {name: OMP_NUM_THREADS, value: "1"}
              transformer:
                annotations: {modelplane.io/transformer: tabular}
                containers:
                - name: kserve-container
                  image: kserve/income-transformer:latest
                  args: [--feature_columns=age]
              explainer:
                alibi:
                  type: AnchorTabular
                  storageUri: gs://kfserving-examples/models/sklearn/income/explainer
                  config: {threshold: "0.9"}
            """,
            "income.yaml");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            new InferenceServiceSpec
            {
                Name = "income",
                Namespace = "kserve-test",
                Labels = Map(("team", "risk")),
                Annotations = Map(("serving.kserve.io/deploymentMode", "RawDeployment")),
                Logger = new PayloadLoggerSpec { Url = "http://message-dumper.kserve-test/", Mode = PayloadLogMode.Request },
                Revisions =
                [
                    new RevisionSpec
                    {
                        Name = "default",
                        Predictor = new ComponentSpec
                        {
                            Model = new ModelSpec
                            {
                                Format = new ModelFormat("onnx", "1"),
                                Runtime = "kserve-onnxruntime",
                                Protocol = ProtocolVersion.GrpcV2,
                                StorageUri = "s3://models/income",
                            },
                            Container = new ContainerSpec { Env = Map(("OMP_NUM_THREADS", "1")) },
                            Scaling = new ScalingSpec { MinReplicas = 0, MaxReplicas = 4, Target = 5, Metric = ScaleMetric.Rps },
                            ContainerConcurrency = 8,
                            Timeout = TimeSpan.FromSeconds(30),
                            Batching = new BatchingSpec { MaxBatchSize = 16, MaxLatency = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromSeconds(10) },
                            Resources = new ResourceSpec { CpuRequest = "500m", CpuLimit = "1", MemoryRequest = "512Mi", MemoryLimit = "1Gi", Gpus = 1 },
                        },
                        Transformer = new ComponentSpec
                        {
                            Container = new ContainerSpec { Image = "kserve/income-transformer:latest", Args = ["--feature_columns=age"] },
                            Annotations = Map(("modelplane.io/transformer", "tabular")),
                        },
                        Explainer = new ComponentSpec
                        {
                            Model = new ModelSpec { Format = new ModelFormat("alibi"), StorageUri = "gs://kfserving-examples/models/sklearn/income/explainer" },
                            Settings = Map(("threshold", "0.9"), ("type", "AnchorTabular")),
                        },
                    },
                ],
            },
            Assert.Single(result.Specs));
        Assert.True(result.Specs[0].Revisions[0].Predictor.Scaling.ScaleToZero);
    }

    [Fact]
    public void A_spec_built_in_code_equals_the_same_spec_read_from_yaml()
    {
        var read = SeedSpecs.ReadOne("kserve-sklearn-iris.yaml");
        var built = new InferenceServiceSpec
        {
            Name = "sklearn-iris",
            Revisions = [new RevisionSpec { Name = "default", Predictor = new ComponentSpec { Model = new ModelSpec { Format = new("sklearn"), StorageUri = "gs://kfserving-examples/models/sklearn/1.0/model" } } }],
        };

        Assert.NotNull(read.Source);
        Assert.Null(built.Source);
        Assert.Equal(built, read);
        Assert.Equal(built.GetHashCode(), read.GetHashCode());
        Assert.NotEqual(built with { Namespace = "kserve-test" }, read);
    }

    [Fact]
    public void CanaryTrafficPercent_is_the_newest_revisions_rollout_share_and_warns_that_it_takes_all_traffic_alone()
    {
        var result = SpecReader.Read(
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                canaryTrafficPercent: 10
                model:
                  modelFormat: {name: sklearn}
                  storageUri: gs://kfserving-examples/models/sklearn/1.0/model-2
            """,
            "canary.yaml");

        var spec = Assert.Single(result.Specs);
        Assert.Equal(10, spec.CanaryTrafficPercent);
        var revision = Assert.Single(spec.Revisions);
        Assert.Equal(("default", 100), (revision.Name, revision.TrafficPercent));
        Assert.Equal(
            ["canary.yaml:7: warning: spec.predictor.canaryTrafficPercent: 10% goes to this revision once an earlier revision of sklearn-iris is running, the rest to that one; with no earlier revision here, this one takes all the traffic"],
            result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void A_canary_list_adds_revisions_with_their_own_shares_and_the_default_keeps_the_rest()
    {
        var result = SpecReader.Read(
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
              canary:
              - name: iris-2
                trafficPercent: 20
                predictor:
                  minReplicas: 0
                  model: {modelFormat: {name: onnx}, storageUri: s3://models/iris-2}
              - trafficPercent: 5
                predictor:
                  model: {modelFormat: {name: onnx}, storageUri: s3://models/iris-3}
            """,
            "canaries.yaml");

        Assert.Empty(result.Diagnostics);
        var spec = Assert.Single(result.Specs);
        Assert.Null(spec.CanaryTrafficPercent);
        Assert.Equal([("default", 75, "s3://models/iris"), ("iris-2", 20, "s3://models/iris-2"), ("canary-2", 5, "s3://models/iris-3")], spec.Revisions.Select(r => (r.Name, r.TrafficPercent, r.Predictor.Model!.StorageUri)));
        Assert.Equal(0, spec.FindRevision("iris-2")!.Predictor.Scaling.MinReplicas);
        Assert.Equal(
            new FieldLocation("iris-2", ComponentRole.Predictor, SpecField.StorageUri, "spec.canary[0].predictor.model.storageUri", 13),
            spec.Source!.Locate("iris-2", ComponentRole.Predictor, SpecField.StorageUri));
    }

    [Fact]
    public void The_older_framework_forms_name_the_format_by_their_key()
    {
        var result = SpecReader.Read(
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: torchserve
            spec:
              predictor:
                pytorch:
                  storageUri: gs://kfserving-examples/models/torchserve/image_classifier
                  protocolVersion: v2
                  runtimeVersion: 0.4.1
                  modelClassName: Net
            """,
            "torchserve.yaml");

        Assert.Empty(result.Diagnostics);
        var predictor = Assert.Single(Assert.Single(result.Specs).Revisions).Predictor;
        Assert.Equal(
            new ModelSpec { Format = new ModelFormat("pytorch"), StorageUri = "gs://kfserving-examples/models/torchserve/image_classifier", Protocol = ProtocolVersion.V2, RuntimeVersion = "0.4.1" },
            predictor.Model);
        Assert.Equal(Map(("modelClassName", "Net")), predictor.Settings);
        Assert.Equal("spec.predictor.pytorch", result.Specs[0].Source!.Locate("default", ComponentRole.Predictor, SpecField.Format).Path);
    }

    [Fact]
    public void A_custom_container_is_the_predictor_its_storage_uri_the_model_and_sidecars_are_warned_about()
    {
        var result = SpecReader.Read(
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: custom-model
            spec:
              predictor:
                serviceAccountName: sa
                containers:
                - name: agent
                  image: example/agent:1
                - name: kserve-container
                  image: example/custom-model:v1
                  ports: [{containerPort: 8080, protocol: TCP}]
                  env:
                  - name: STORAGE_URI
                    value: s3://models/custom
            """,
            "custom.yaml");

        var predictor = Assert.Single(Assert.Single(result.Specs).Revisions).Predictor;
        Assert.Equal(new ModelSpec { StorageUri = "s3://models/custom" }, predictor.Model);
        Assert.Equal(new ContainerSpec { Image = "example/custom-model:v1", Env = Map(("STORAGE_URI", "s3://models/custom")), Port = 8080 }, predictor.Container);
        Assert.Equal(
            [
                "custom.yaml:7: note: spec.predictor.serviceAccountName: has no effect when Modelplane runs the component locally, and is not published",
                "custom.yaml:9: warning: spec.predictor.containers[0]: sidecar containers of a predictor do not run here (only its serving container is replaced by a Modelplane server); this one is ignored",
            ],
            result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void KFServing_v1beta1_is_read_as_KServe_v1beta1_and_a_list_item_by_item_between_other_documents()
    {
        var result = SpecReader.Read(
            """
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: serving.kubeflow.org/v1beta1
              kind: InferenceService
              metadata: {name: sklearn-iris}
              spec: {predictor: {sklearn: {storageUri: gs://kfserving-examples/models/sklearn/iris}}}
            - apiVersion: serving.kserve.io/v1beta1
              kind: InferenceService
              metadata: {name: onnx-iris}
              spec: {predictor: {onnx: {storageUri: s3://models/iris}}}
            ---
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            """,
            "list.yaml");

        Assert.Equal(["sklearn-iris", "onnx-iris"], result.Specs.Select(s => s.Name));
        Assert.Equal(["serving.kubeflow.org/v1beta1", "serving.kserve.io/v1beta1"], result.Specs.Select(s => s.Source!.ApiVersion));
        Assert.Equal([5, 9], result.Specs.Select(s => s.Source!.Line));
        Assert.Equal(["list.yaml:16: note: kind: ConfigMap (v1) is not an inference service; skipped"], result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Knative_autoscaling_annotations_read_back_the_scaling_of_a_paddle_service_as_kserve_carries_it()
    {
        var paddle = SeedSpecs.ReadOne("paddleservice-lac.yaml").Revisions[0].Predictor;

        // KServe has fields for replicas, target, metric, concurrency and timeout; the other knobs travel as Knative annotations.
        var result = SpecReader.Read(
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: paddleservice-sample
              annotations:
                autoscaling.knative.dev/window: 60s
                autoscaling.knative.dev/class: kpa.autoscaling.knative.dev
            spec:
              predictor:
                minReplicas: 0
                maxReplicas: 10
                scaleTarget: 100
                scaleMetric: concurrency
                containerConcurrency: 100
                timeout: 300
                annotations:
                  autoscaling.knative.dev/target-utilization-percentage: "70"
                  autoscaling.knative.dev/panic-window-percentage: "10"
                  autoscaling.knative.dev/panic-threshold-percentage: "200"
                  prometheus.io/scrape: "true"
                model: {modelFormat: {name: paddle}, storageUri: s3://models/lac_model}
            """,
            "published.yaml");

        Assert.Empty(result.Diagnostics);
        var spec = Assert.Single(result.Specs);
        var predictor = spec.Revisions[0].Predictor;
        Assert.Equal(paddle.Scaling, predictor.Scaling);
        Assert.Equal((paddle.ContainerConcurrency, paddle.Timeout), (predictor.ContainerConcurrency, predictor.Timeout));
        Assert.Equal(Map(("prometheus.io/scrape", "true")), predictor.Annotations);
        Assert.Empty(spec.Annotations);
    }

    [Fact]
    public void A_bad_autoscaling_annotation_is_an_error_at_its_own_line()
    {
        var result = SpecReader.Read(
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: iris
              annotations: {autoscaling.knative.dev/initial-scale: none}
            spec:
              predictor:
                annotations: {autoscaling.knative.dev/class: fast}
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            "scale.yaml");

        Assert.Empty(result.Specs);
        Assert.Equal(
            [
                "scale.yaml:5: metadata.annotations.autoscaling.knative.dev/initial-scale: 'none' is not a whole number at least 0; write e.g. \"0\"",
                "scale.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/class: 'fast' is not one of kpa.autoscaling.knative.dev, hpa.autoscaling.knative.dev; write one of those",
            ],
            result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Component_annotations_override_the_objects_for_their_own_component_only()
    {
        var result = SpecReader.Read(
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: iris
              annotations: {autoscaling.knative.dev/window: 30s}
            spec:
              predictor:
                annotations: {autoscaling.knative.dev/window: 2m}
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
              transformer:
                containers: [{image: kserve/image-transformer}]
            """,
            "window.yaml");

        var revision = Assert.Single(Assert.Single(result.Specs).Revisions);
        Assert.Equal(TimeSpan.FromMinutes(2), revision.Predictor.Scaling.Window);
        Assert.Equal(TimeSpan.FromSeconds(30), revision.Transformer!.Scaling.Window);
    }

    private static EquatableDictionary Map(params (string Key, string Value)[] entries) =>
        EquatableDictionary.From(entries.Select(e => new KeyValuePair<string, string>(e.Key, e.Value)));
}
