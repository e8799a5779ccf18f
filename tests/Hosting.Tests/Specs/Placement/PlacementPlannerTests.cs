using Modelplane.Hosting.Specs;
using Modelplane.Hosting.Specs.Placement;

namespace Modelplane.Hosting.Tests.Specs.Placement;

/// <summary>What of each seed spec runs here given the sample store and mappings, and what stops the rest.</summary>
public sealed class PlacementPlannerTests
{
    private const string PushAndAnnotate = "push an ONNX copy with 'models push DIR s3://models/NAME' and add the annotation modelplane.io/storage-uri: s3://models/NAME";

    // What the AppHost's sample configures: the ONNX iris model in the store, standing in for KServe's sklearn iris.
    private static readonly LocalFacts Sample = Facts(["iris"], ("gs://kfserving-examples/models/sklearn/1.0/model", "s3://models/iris"));

    [Fact]
    public void The_sklearn_iris_seed_runs_on_the_onnx_iris_model_it_is_mapped_to()
    {
        var plan = PlacementPlanner.Plan(SeedSpecs.ReadOne("kserve-sklearn-iris.yaml"), Sample);

        Assert.True(plan.CanRun);
        var revision = Assert.Single(plan.Revisions);
        Assert.Equal(("default", 100), (revision.Name, revision.TrafficPercent));
        Assert.Equal(
            new PlannedComponent
            {
                Role = ComponentRole.Predictor,
                Spec = plan.Service.Revisions[0].Predictor,
                StorageUri = "s3://models/iris",
                LocatedBy = ModelLocator.StorageMapping,
                ModelName = "sklearn-iris",
            },
            revision.Predictor);
        Assert.Null(revision.Transformer);
        Assert.Equal(
            ["kserve-sklearn-iris.yaml:11: note: spec.predictor.model.storageUri: gs://kfserving-examples/models/sklearn/1.0/model is served from its local copy s3://models/iris"],
            plan.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void The_sklearn_iris_seed_without_its_mapping_stops_at_its_unreachable_storage_uri()
    {
        var plan = PlacementPlanner.Plan(SeedSpecs.ReadOne("kserve-sklearn-iris.yaml"), Facts(["iris"]));

        Assert.False(plan.CanRun);
        Assert.Empty(plan.Revisions);
        Assert.Equal(
            [$"kserve-sklearn-iris.yaml:11: spec.predictor.model.storageUri: gs://kfserving-examples/models/sklearn/1.0/model cannot be reached from here; map it to a local ONNX copy in the AppHost, or {PushAndAnnotate}"],
            plan.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void The_tensorflow_seed_stops_at_its_format_since_its_s3_uri_is_reachable_but_not_onnx()
    {
        var plan = PlacementPlanner.Plan(SeedSpecs.ReadOne("kserve-tensorflow-flowers.yaml"), Sample);

        Assert.Equal(
            ["kserve-tensorflow-flowers.yaml:10: spec.predictor.model.modelFormat.name: tensorflow models cannot be served here: Modelplane's predictor runs ONNX; convert the model to ONNX, push it with 'models push DIR s3://models/NAME' and add the annotation modelplane.io/storage-uri: s3://models/NAME, or map s3://kfserving-examples/models/tensorflow/flowers to an ONNX copy in the AppHost"],
            plan.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void The_kfserving_seed_stops_at_its_gs_uri_and_runs_once_it_is_mapped_to_a_model_in_the_store()
    {
        var spec = SeedSpecs.ReadOne("kfserving-flowers-sample.yaml");

        var stopped = PlacementPlanner.Plan(spec, Sample);
        var mapped = PlacementPlanner.Plan(spec, Facts(["iris", "flowers"], ("gs://kfserving-samples/models/tensorflow/flowers/", "s3://models/flowers")));

        Assert.Equal(
            [$"kfserving-flowers-sample.yaml:10: spec.default.predictor.tensorflow.storageUri: gs://kfserving-samples/models/tensorflow/flowers cannot be reached from here; map it to a local ONNX copy in the AppHost, or {PushAndAnnotate}"],
            stopped.Diagnostics.Select(d => d.ToString()));
        Assert.True(mapped.CanRun);
        Assert.Equal(("s3://models/flowers", ModelLocator.StorageMapping), (mapped.Revisions[0].Predictor.StorageUri, mapped.Revisions[0].Predictor.LocatedBy));
    }

    [Fact]
    public void The_kubedl_seed_runs_its_model_version_from_the_store_in_place_of_tensorflow_serving()
    {
        var spec = SeedSpecs.ReadOne("kubedl-single-model.yaml");

        var stopped = PlacementPlanner.Plan(spec, Sample);
        var plan = PlacementPlanner.Plan(spec, Facts(["model"]));

        Assert.Equal(
            ["kubedl-single-model.yaml:10: spec.predictors[0].modelVersion: the model store holds no model 'model'; push it, as ONNX, with 'models push DIR s3://models/model', or name a model it holds (iris)"],
            stopped.Diagnostics.Select(d => d.ToString()));
        Assert.True(plan.CanRun);
        var predictor = Assert.Single(plan.Revisions).Predictor;
        Assert.Equal(("s3://models/model", ModelLocator.StoreModel, "mnist", "tensorflow/serving:1.11.1"), (predictor.StorageUri, predictor.LocatedBy, predictor.ModelName, predictor.ReplacesImage));
        Assert.Equal(new ScalingSpec { MinReplicas = 1, MaxReplicas = 10, InitialReplicas = 3 }, predictor.Spec.Scaling);
        Assert.Equal(
            ["kubedl-single-model.yaml:28: note: spec.predictors[0].template.spec.containers[0].image: tensorflow/serving:1.11.1 does not run here; Modelplane's ONNX predictor serves s3://models/model in its place"],
            plan.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void The_kubedl_seed_with_two_models_runs_both_with_their_traffic_shares()
    {
        var plan = PlacementPlanner.Plan(SeedSpecs.ReadOne("kubedl-multiple-models.yaml"), Facts(["model-a", "model-b"]));

        Assert.True(plan.CanRun);
        Assert.Equal(
            [("model-a-predictor", 90, "s3://models/model-a"), ("model-b-predictor", 10, "s3://models/model-b")],
            plan.Revisions.Select(r => (r.Name, r.TrafficPercent, r.Predictor.StorageUri!)));
    }

    [Fact]
    public void The_paddle_resnet_seed_stops_at_each_image_and_names_the_model_its_argument_line_uses()
    {
        var plan = PlacementPlanner.Plan(SeedSpecs.ReadOne("paddleservice-resnet.yaml"), Sample);

        Assert.Equal(
            [
                "paddleservice-resnet.yaml:25: spec.default.containerImage: jinmionhaobaidu/resnet:latest cannot run here (Modelplane runs its own servers, not container images), and the store holds no model its arguments name; push the model, as ONNX, under the name they use with 'models push DIR s3://models/ResNet50_vd_model', or add the annotation modelplane.io/storage-uri: s3://models/NAME",
                "paddleservice-resnet.yaml:18: spec.canary.containerImage: jinmionhaobaidu/resnetcanary:latest cannot run here (Modelplane runs its own servers, not container images), and the store holds no model its arguments name; push the model, as ONNX, under the name they use with 'models push DIR s3://models/ResNet50_vd_model', or add the annotation modelplane.io/storage-uri: s3://models/NAME",
            ],
            plan.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void The_paddle_seeds_run_the_store_model_their_argument_lines_name()
    {
        var resnet = PlacementPlanner.Plan(SeedSpecs.ReadOne("paddleservice-resnet.yaml"), Facts(["iris", "ResNet50_vd_model"]));
        var lac = PlacementPlanner.Plan(SeedSpecs.ReadOne("paddleservice-lac.yaml"), Facts(["lac_model"]));

        Assert.True(resnet.CanRun);
        Assert.Equal(
            [("default", 50, "s3://models/ResNet50_vd_model"), ("canary", 50, "s3://models/ResNet50_vd_model")],
            resnet.Revisions.Select(r => (r.Name, r.TrafficPercent, r.Predictor.StorageUri!)));
        Assert.All(resnet.Revisions, r => Assert.Equal(ModelLocator.ContainerArgs, r.Predictor.LocatedBy));
        Assert.Contains(
            "paddleservice-resnet.yaml:22: note: spec.default: requests use KServe's v1 and v2 protocols (/v2/models/paddleservice-sample/infer), not the routes of the Paddle Serving application the image runs",
            resnet.Diagnostics.Select(d => d.ToString()));
        Assert.True(lac.CanRun);
        Assert.All(lac.Revisions, r => Assert.Equal("s3://models/lac_model", r.Predictor.StorageUri));
    }

    [Fact]
    public void The_storage_uri_annotation_locates_a_model_for_every_revision_and_its_revision_key_for_one()
    {
        var yaml = File.ReadAllText(SeedSpecs.PathOf("paddleservice-resnet.yaml")).Replace(
            "  namespace: paddleservice-system\n",
            "  namespace: paddleservice-system\n  annotations:\n    modelplane.io/storage-uri: s3://models/resnet\n    modelplane.io/storage-uri.canary: s3://models/resnet-canary\n",
            StringComparison.Ordinal);

        var plan = PlacementPlanner.Plan(Assert.Single(SpecReader.Read(yaml, "resnet.yaml").Specs), Facts(["resnet", "resnet-canary"]));

        Assert.True(plan.CanRun);
        Assert.Equal(
            [("default", "s3://models/resnet", ModelLocator.Annotation), ("canary", "s3://models/resnet-canary", ModelLocator.Annotation)],
            plan.Revisions.Select(r => (r.Name, r.Predictor.StorageUri!, r.Predictor.LocatedBy)));
    }

    [Fact]
    public void Transformer_and_explainer_run_on_modelplanes_own_servers_with_their_pipeline_and_method()
    {
        var spec = Read(
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: income
              annotations: {modelplane.io/transformer: tabular}
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: https://example.com/models/income/model.onnx}
              transformer:
                containers: [{image: kserve/income-transformer:latest}]
              explainer:
                alibi: {type: AnchorTabular, storageUri: gs://kfserving-examples/models/sklearn/income/explainer}
            """);

        var plan = PlacementPlanner.Plan(spec, Sample);

        Assert.True(plan.CanRun, string.Join(Environment.NewLine, plan.Diagnostics));
        var revision = Assert.Single(plan.Revisions);
        Assert.Equal(("https://example.com/models/income/model.onnx", ModelLocator.StorageUri), (revision.Predictor.StorageUri, revision.Predictor.LocatedBy));
        Assert.Equal(("tabular", "income", "kserve/income-transformer:latest"), (revision.Transformer!.Settings["pipeline"], revision.Transformer.ModelName, revision.Transformer.ReplacesImage));
        Assert.Equal("AnchorTabular", revision.Explainer!.Settings["type"]);
        Assert.Equal(
            [
                "spec.yaml:10: note: spec.transformer.containers[0].image: kserve/income-transformer:latest does not run here; Modelplane's transformer runs its tabular pipeline in its place",
                "spec.yaml:12: note: spec.explainer.alibi.storageUri: the saved explainer at gs://kfserving-examples/models/sklearn/income/explainer is not loaded; Modelplane's explainer builds its own from the predictor",
            ],
            plan.Diagnostics.Select(d => d.ToString()));
    }

    public static TheoryData<string, string, string[]> Stopped => new()
    {
        {
            "a pvc:// storage URI",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata: {name: iris}
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: pvc://models-claim/iris}
            """,
            [$"spec.yaml:6: spec.predictor.model.storageUri: pvc://models-claim/iris cannot be reached from here; map it to a local ONNX copy in the AppHost, or {PushAndAnnotate}"]
        },
        {
            "a store location of a model the store lacks",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata: {name: mnist}
            spec:
              predictor:
                model: {modelFormat: {name: sklearn}, storageUri: s3://models/mnist}
            """,
            ["spec.yaml:6: spec.predictor.model.storageUri: the model store holds no model 'mnist'; push it, as ONNX, with 'models push DIR s3://models/mnist', or name a model it holds (iris)"]
        },
        {
            "a custom image with nothing that locates its model",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata: {name: custom-model}
            spec:
              predictor:
                containers:
                - name: kserve-container
                  image: example/custom-model:v1
                  args: [--port=8080]
            """,
            ["spec.yaml:8: spec.predictor.containers[0].image: example/custom-model:v1 cannot run here (Modelplane runs its own servers, not container images), and nothing in the spec locates its model; push the model, as ONNX, with 'models push DIR s3://models/NAME' and add the annotation modelplane.io/storage-uri: s3://models/NAME"]
        },
        {
            "a transformer image without a pipeline",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata: {name: iris}
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
              transformer:
                containers:
                - image: kserve/image-transformer:latest
            """,
            ["spec.yaml:9: spec.transformer.containers[0].image: kserve/image-transformer:latest cannot run here (Modelplane runs its own servers, not container images); add the annotation modelplane.io/transformer: PIPELINE naming the pipeline of Modelplane's transformer that does its work (image, tabular or text)"]
        },
        {
            "an explainer image without a method",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata: {name: iris}
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
              explainer:
                containers:
                - image: example/explainer:1
            """,
            ["spec.yaml:9: spec.explainer.containers[0].image: example/explainer:1 cannot run here (Modelplane runs its own servers, not container images); add the annotation modelplane.io/explainer: METHOD naming the method of Modelplane's explainer that does its work"]
        },
        {
            "an annotation naming an unreachable location",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: iris
              annotations: {modelplane.io/storage-uri: "gs://bucket/iris"}
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["spec.yaml:5: metadata.annotations: the annotation modelplane.io/storage-uri names gs://bucket/iris, but gs://bucket/iris cannot be reached from here; use a location in the local store (s3://models/NAME), a file path or an http(s) URL of a model.onnx"]
        },
    };

    [Theory]
    [MemberData(nameof(Stopped))]
    public void A_component_that_cannot_run_here_is_an_error_naming_the_field_and_the_fix(string why, string yaml, string[] expected)
    {
        var plan = PlacementPlanner.Plan(Read(yaml), Sample);

        Assert.False(plan.CanRun, why);
        Assert.Empty(plan.Revisions);
        Assert.Equal(expected, plan.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()));
    }

    [Fact]
    public void A_mapping_to_a_model_the_store_lacks_is_reported_at_the_storage_uri_it_maps()
    {
        var spec = Read(
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata: {name: sklearn-iris}
            spec:
              predictor:
                sklearn: {storageUri: "gs://kfserving-examples/models/sklearn/1.0/model/"}
            """);

        var plan = PlacementPlanner.Plan(spec, Sample with { StoreModels = new HashSet<string>(StringComparer.Ordinal) });

        Assert.Equal(
            [
                "spec.yaml:6: note: spec.predictor.sklearn.storageUri: gs://kfserving-examples/models/sklearn/1.0/model/ is served from its local copy s3://models/iris",
                "spec.yaml:6: spec.predictor.sklearn.storageUri: the AppHost maps it to s3://models/iris, but the model store holds no model 'iris'; push it, as ONNX, with 'models push DIR s3://models/iris'",
            ],
            plan.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void A_storage_uri_annotation_on_a_component_is_reported_where_it_is_written()
    {
        var spec = Read(
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata: {name: iris}
            spec:
              predictor:
                annotations: {modelplane.io/storage-uri: s3://models/iris-2}
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """);

        var plan = PlacementPlanner.Plan(spec, Sample);

        Assert.Equal(
            ["spec.yaml:6: spec.predictor.annotations: the annotation modelplane.io/storage-uri names s3://models/iris-2, but the model store holds no model 'iris-2'; push it, as ONNX, with 'models push DIR s3://models/iris-2', or name a model it holds (iris)"],
            plan.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void A_spec_built_in_code_is_reported_by_the_models_own_field_path()
    {
        var spec = new InferenceServiceSpec
        {
            Name = "sklearn-iris",
            Revisions = [new RevisionSpec { Name = "default", Predictor = new ComponentSpec { Model = new ModelSpec { Format = new("sklearn"), StorageUri = "gs://bucket/iris" } } }],
        };

        var plan = PlacementPlanner.Plan(spec, Sample);

        Assert.Equal(
            [$"sklearn-iris.default.predictor.model.storageUri: gs://bucket/iris cannot be reached from here; map it to a local ONNX copy in the AppHost, or {PushAndAnnotate}"],
            plan.Diagnostics.Select(d => d.ToString()));
    }

    private static InferenceServiceSpec Read(string yaml)
    {
        var result = SpecReader.Read(yaml, "spec.yaml");
        Assert.False(result.HasErrors, string.Join(Environment.NewLine, result.Diagnostics));
        return Assert.Single(result.Specs);
    }

    private static LocalFacts Facts(string[] models, params (string From, string To)[] mappings) => new()
    {
        StoreModels = new HashSet<string>(models, StringComparer.Ordinal),
        StorageMappings = mappings.ToDictionary(m => m.From, m => m.To, StringComparer.Ordinal),
    };
}
