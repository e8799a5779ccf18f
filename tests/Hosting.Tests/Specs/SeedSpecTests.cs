using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Specs;

/// <summary>Every YAML example of the seed documents reads into the normalized model, field by field.</summary>
public sealed class SeedSpecTests
{
    [Fact]
    public void KServe_sklearn_iris_reads_as_one_default_revision_with_its_model()
    {
        var spec = SeedSpecs.ReadOne("kserve-sklearn-iris.yaml");

        Assert.Equal(
            new InferenceServiceSpec
            {
                Name = "sklearn-iris",
                Revisions =
                [
                    new RevisionSpec
                    {
                        Name = "default",
                        Predictor = new ComponentSpec
                        {
                            Model = new ModelSpec { Format = new ModelFormat("sklearn"), StorageUri = "gs://kfserving-examples/models/sklearn/1.0/model" },
                        },
                    },
                ],
            },
            spec);
        Assert.Equal("default", spec.Namespace);
        Assert.Equal(100, spec.Revisions[0].TrafficPercent);
        Assert.Equal(1, spec.Revisions[0].Predictor.Scaling.MinReplicas);
        Assert.Null(spec.Revisions[0].Predictor.Scaling.MaxReplicas);
        Assert.Equal(new SpecSource("kserve-sklearn-iris.yaml", 2, "serving.kserve.io/v1beta1", "InferenceService"), spec.Source! with { Fields = [] });
        Assert.Equal(
            new FieldLocation("default", ComponentRole.Predictor, SpecField.StorageUri, "spec.predictor.model.storageUri", 11),
            spec.Source!.Locate("default", ComponentRole.Predictor, SpecField.StorageUri));
        Assert.Equal(
            new FieldLocation("default", ComponentRole.Predictor, SpecField.Format, "spec.predictor.model.modelFormat.name", 10),
            spec.Source.Locate("default", ComponentRole.Predictor, SpecField.Format));
        Assert.Empty(SeedSpecs.Read("kserve-sklearn-iris.yaml").Diagnostics);
    }

    [Fact]
    public void KServe_model_format_example_keeps_its_runtime_version()
    {
        var spec = SeedSpecs.ReadOne("kserve-tensorflow-flowers.yaml");

        Assert.Equal("torchscript-cifar", spec.Name);
        var revision = Assert.Single(spec.Revisions);
        Assert.Equal(
            new ModelSpec { Format = new ModelFormat("tensorflow"), StorageUri = "s3://kfserving-examples/models/tensorflow/flowers", RuntimeVersion = "2.7.1" },
            revision.Predictor.Model);
        Assert.Null(revision.Predictor.Container);
        Assert.Empty(SeedSpecs.Read("kserve-tensorflow-flowers.yaml").Diagnostics);
    }

    [Fact]
    public void KServe_notes_ingress_class_is_skipped_as_no_inference_service()
    {
        var result = SeedSpecs.Read("kserve-ingress-class.yaml");

        Assert.Empty(result.Specs);
        Assert.Equal(
            ["kserve-ingress-class.yaml:3: note: kind: IngressClass (networking.k8s.io/v1) is not an inference service; skipped"],
            result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void KFServing_v1alpha2_default_endpoint_reads_as_the_default_revision()
    {
        var spec = SeedSpecs.ReadOne("kfserving-flowers-sample.yaml");

        Assert.Equal(
            new InferenceServiceSpec
            {
                Name = "flowers-sample",
                Revisions =
                [
                    new RevisionSpec
                    {
                        Name = "default",
                        Predictor = new ComponentSpec
                        {
                            Model = new ModelSpec { Format = new ModelFormat("tensorflow"), StorageUri = "gs://kfserving-samples/models/tensorflow/flowers" },
                        },
                    },
                ],
            },
            spec);
        Assert.Equal("serving.kubeflow.org/v1alpha2", spec.Source!.ApiVersion);
        Assert.Equal(
            new FieldLocation("default", ComponentRole.Predictor, SpecField.StorageUri, "spec.default.predictor.tensorflow.storageUri", 10),
            spec.Source.Locate("default", ComponentRole.Predictor, SpecField.StorageUri));
        Assert.Empty(SeedSpecs.Read("kfserving-flowers-sample.yaml").Diagnostics);
    }

    [Fact]
    public void KubeDL_single_model_reads_its_predictor_replicas_autoscaling_batching_and_container()
    {
        var spec = SeedSpecs.ReadOne("kubedl-single-model.yaml");

        Assert.Equal(
            new InferenceServiceSpec
            {
                Name = "hello-inference",
                Revisions = [new RevisionSpec { Name = "model-predictor", Predictor = KubeDlPredictor("model", "tensorflow/serving:1.11.1", batchSize: 32) }],
            },
            spec);
        Assert.Equal(
            new FieldLocation("model-predictor", ComponentRole.Predictor, SpecField.StoreModel, "spec.predictors[0].modelVersion", 10),
            spec.Source!.Locate("model-predictor", ComponentRole.Predictor, SpecField.StoreModel));
        Assert.Equal(
            ["kubedl-single-model.yaml:29: note: spec.predictors[0].template.spec.containers[0].imagePullPolicy: has no effect when Modelplane runs the component locally, and is not published"],
            SeedSpecs.Read("kubedl-single-model.yaml").Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void KubeDL_multiple_models_read_as_revisions_splitting_traffic_by_trafficPercentage()
    {
        var spec = SeedSpecs.ReadOne("kubedl-multiple-models.yaml");

        Assert.Equal(
            [
                new RevisionSpec { Name = "model-a-predictor", TrafficPercent = 90, Predictor = KubeDlPredictor("model-a", "tensorflow/serving:1.11.0", batchSize: 32) },
                new RevisionSpec { Name = "model-b-predictor", TrafficPercent = 10, Predictor = KubeDlPredictor("model-b", "tensorflow/serving:1.11.1", batchSize: 64) },
            ],
            spec.Revisions);
        Assert.All(SeedSpecs.Read("kubedl-multiple-models.yaml").Diagnostics, d => Assert.Equal(SpecSeverity.Note, d.Severity));
    }

    [Fact]
    public void PaddleService_resnet_sample_reads_default_and_canary_halves_and_skips_its_namespace()
    {
        var result = SeedSpecs.Read("paddleservice-resnet.yaml");
        var spec = Assert.Single(result.Specs);

        Assert.Equal("paddleservice-sample", spec.Name);
        Assert.Equal("paddleservice-system", spec.Namespace);
        var scaling = PaddleScaling(min: 0, window: TimeSpan.FromSeconds(10));
        Assert.Equal(
            [
                new RevisionSpec
                {
                    Name = "default",
                    TrafficPercent = 50,
                    Predictor = PaddlePredictor("jinmionhaobaidu/resnet:latest", "cd Serving/python/examples/imagenet && python3 resnet50_web_service.py ResNet50_vd_model cpu 9292", scaling),
                },
                new RevisionSpec
                {
                    Name = "canary",
                    TrafficPercent = 50,
                    Predictor = PaddlePredictor("jinmionhaobaidu/resnetcanary:latest", "cd Serving/python/examples/imagenet && python3 resnet50_web_service_canary.py ResNet50_vd_model cpu 9292", scaling),
                },
            ],
            spec.Revisions);
        Assert.Equal(new SpecSource("paddleservice-resnet.yaml", 9, "elasticserving.paddlepaddle.org/v1", "PaddleService"), spec.Source! with { Fields = [] });
        Assert.Equal(
            ["paddleservice-resnet.yaml:3: note: kind: Namespace (v1) is not an inference service; skipped"],
            result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void PaddleService_lac_example_reads_its_knative_autoscaling_with_maxScale_0_as_elasticservings_default()
    {
        var spec = SeedSpecs.ReadOne("paddleservice-lac.yaml");

        var scaling = PaddleScaling(min: 0, window: TimeSpan.FromSeconds(60));
        Assert.Equal(
            [
                new RevisionSpec
                {
                    Name = "default",
                    TrafficPercent = 50,
                    Predictor = PaddlePredictor("jinmionhaobaidu/pdservinglac:latest", "python3 Serving/python/examples/lac/lac_web_service.py lac_model/ lac_workdir 9292", scaling),
                },
                new RevisionSpec
                {
                    Name = "canary",
                    TrafficPercent = 50,
                    Predictor = PaddlePredictor("jinmionhaobaidu/pdservinglaccanary:latest", "python3 Serving/python/examples/lac/lac_web_service_canary.py lac_model/ lac_workdir 9292", scaling),
                },
            ],
            spec.Revisions);
        Assert.True(spec.Revisions[0].Predictor.Scaling.ScaleToZero);
    }

    [Fact]
    public void The_seed_directory_reads_every_service_and_refuses_the_second_of_two_with_one_name()
    {
        var result = SpecReader.ReadDirectory(RepositoryRoot.Combine("tests", "Hosting.Tests", "Specs", "Seeds"));

        // The two KubeDL examples are both hello-inference, the two ElasticServing ones both paddleservice-sample:
        // applied to one cluster the second would replace the first, so Modelplane refuses it.
        Assert.Equal(["flowers-sample", "sklearn-iris", "torchscript-cifar", "hello-inference", "paddleservice-sample"], result.Specs.Select(s => s.Name));
        Assert.Equal(
            [
                $"{SeedSpecs.PathOf("kubedl-single-model.yaml")}:2: metadata.name: hello-inference in namespace default is already defined at {SeedSpecs.PathOf("kubedl-multiple-models.yaml")}:2; rename one of them",
                $"{SeedSpecs.PathOf("paddleservice-resnet.yaml")}:9: metadata.name: paddleservice-sample in namespace paddleservice-system is already defined at {SeedSpecs.PathOf("paddleservice-lac.yaml")}:9; rename one of them",
            ],
            result.Errors.Select(d => d.ToString()));
    }

    private static ComponentSpec KubeDlPredictor(string modelVersion, string image, int batchSize) => new()
    {
        Model = new ModelSpec { Format = new ModelFormat("tensorflow"), StoreModel = modelVersion, Name = "mnist" },
        Container = new ContainerSpec
        {
            Image = image,
            Command = ["/usr/bin/tensorflow_model_server"],
            Args = ["--port=9000", "--rest_api_port=8500", "--model_name=mnist", "--model_base_path=/kubedl-model/"],
            Port = 9000,
        },
        Scaling = new ScalingSpec { MinReplicas = 1, MaxReplicas = 10, InitialReplicas = 3 },
        Batching = new BatchingSpec { MaxBatchSize = batchSize },
        Resources = new ResourceSpec { CpuRequest = "1024m", CpuLimit = "2048m", MemoryRequest = "1Gi", MemoryLimit = "2Gi" },
    };

    private static ScalingSpec PaddleScaling(int min, TimeSpan window) => new()
    {
        MinReplicas = min,
        MaxReplicas = 10,
        Autoscaler = AutoscalerClass.Kpa,
        Metric = ScaleMetric.Concurrency,
        Target = 100,
        TargetUtilizationPercent = 70,
        Window = window,
        PanicWindowPercent = 10,
        PanicThresholdPercent = 200,
    };

    private static ComponentSpec PaddlePredictor(string image, string arg, ScalingSpec scaling) => new()
    {
        Model = new ModelSpec { Format = new ModelFormat("paddle"), RuntimeVersion = "paddleserving" },
        Container = new ContainerSpec { Image = image, Args = [arg], Port = 9292 },
        Scaling = scaling,
        ContainerConcurrency = 100,
        Timeout = TimeSpan.FromSeconds(300),
    };
}
