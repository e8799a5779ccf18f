using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Specs.Reading;

/// <summary>KFServing v1alpha2 endpoints: default and canary revisions with their components.</summary>
public sealed class KfServingReaderTests
{
    [Fact]
    public void Default_and_canary_endpoints_become_revisions_sharing_traffic_by_canaryTrafficPercent()
    {
        var result = SpecReader.Read(
            """
            apiVersion: serving.kubeflow.org/v1alpha2
            kind: InferenceService
            metadata:
              name: flowers-sample
            spec:
              canaryTrafficPercent: 20
              default:
                predictor:
                  minReplicas: 2
                  parallelism: 4
                  logger: {url: "http://message-dumper.default/", mode: all}
                  batcher: {maxBatchSize: 8}
                  tensorflow:
                    storageUri: gs://kfserving-samples/models/tensorflow/flowers
                    resources: {limits: {cpu: "1", memory: 2Gi}}
                transformer:
                  custom:
                    container:
                      image: kfserving/image-transformer:latest
                explainer:
                  alibi:
                    type: AnchorImages
                    config: {batch_size: "25"}
              canary:
                predictor:
                  tensorflow:
                    storageUri: gs://kfserving-samples/models/tensorflow/flowers-2
            """,
            "flowers.yaml");

        Assert.Empty(result.Diagnostics);
        var spec = Assert.Single(result.Specs);
        Assert.Equal([("default", 80), ("canary", 20)], spec.Revisions.Select(r => (r.Name, r.TrafficPercent)));
        var main = spec.Revisions[0];
        Assert.Equal(new ScalingSpec { MinReplicas = 2 }, main.Predictor.Scaling);
        Assert.Equal(4, main.Predictor.ContainerConcurrency);
        Assert.Equal(new BatchingSpec { MaxBatchSize = 8 }, main.Predictor.Batching);
        Assert.Equal(new ResourceSpec { CpuLimit = "1", MemoryLimit = "2Gi" }, main.Predictor.Resources);
        Assert.Equal(new PayloadLoggerSpec { Url = "http://message-dumper.default/", Mode = PayloadLogMode.All }, spec.Logger);
        Assert.Equal("kfserving/image-transformer:latest", main.Transformer!.Container!.Image);
        Assert.Equal("AnchorImages", main.Explainer!.Settings["type"]);
        Assert.Equal("25", main.Explainer.Settings["batch_size"]);
        Assert.Equal("gs://kfserving-samples/models/tensorflow/flowers-2", spec.Revisions[1].Predictor.Model!.StorageUri);
        Assert.Equal(
            new FieldLocation("canary", ComponentRole.Predictor, SpecField.StorageUri, "spec.canary.predictor.tensorflow.storageUri", 27),
            spec.Source!.Locate("canary", ComponentRole.Predictor, SpecField.StorageUri));
    }

    [Fact]
    public void A_canary_share_without_a_canary_is_warned_about_and_the_default_keeps_all_traffic()
    {
        var result = SpecReader.Read(
            """
            apiVersion: serving.kubeflow.org/v1alpha2
            kind: InferenceService
            metadata:
              name: flowers-sample
            spec:
              canaryTrafficPercent: 20
              default:
                predictor:
                  onnx: {storageUri: s3://models/flowers}
            """,
            "flowers.yaml");

        Assert.Equal(100, Assert.Single(Assert.Single(result.Specs).Revisions).TrafficPercent);
        Assert.Equal(
            ["flowers.yaml:6: warning: spec.canaryTrafficPercent: there is no canary, so the default takes all the traffic; add spec.canary or remove canaryTrafficPercent"],
            result.Diagnostics.Select(d => d.ToString()));
    }
}
