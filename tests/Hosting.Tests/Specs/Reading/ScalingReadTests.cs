using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Specs.Reading;

/// <summary>The autoscaling fields of each dialect, read from a good spec into the scaling model.</summary>
public sealed class ScalingReadTests
{
    /// <summary>A good spec per dialect, with the scaling its first predictor must get.</summary>
    public static TheoryData<string, string, ScalingSpec> GoodScaling => new()
    {
        {
            "KServe: the object's target and window under a component's fields and annotations",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
              annotations:
                autoscaling.knative.dev/target: "20"
                autoscaling.knative.dev/window: 2m
            spec:
              predictor:
                minReplicas: 0
                maxReplicas: 0
                annotations:
                  autoscaling.knative.dev/metric: rps
                  autoscaling.knative.dev/initial-scale: "2"
                  autoscaling.knative.dev/panic-threshold-percentage: "150.0"
                  autoscaling.knative.dev/scale-down-delay: "0"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            new ScalingSpec { MinReplicas = 0, InitialReplicas = 2, Target = 20, Metric = ScaleMetric.Rps, Window = TimeSpan.FromMinutes(2), PanicThresholdPercent = 150 }
        },
        {
            "KServe: cpu with the HPA class, its target an annotation",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/class: hpa.autoscaling.knative.dev
                  autoscaling.knative.dev/metric: cpu
                  autoscaling.knative.dev/target: "80"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            new ScalingSpec { Target = 80, Metric = ScaleMetric.Cpu, Autoscaler = AutoscalerClass.Hpa }
        },
        {
            "KFServing v1alpha2: replicas",
            """
            apiVersion: serving.kubeflow.org/v1alpha2
            kind: InferenceService
            metadata:
              name: flowers-sample
            spec:
              default:
                predictor:
                  minReplicas: 0
                  maxReplicas: 3
                  parallelism: 2
                  onnx: {storageUri: s3://models/flowers}
            """,
            new ScalingSpec { MinReplicas = 0, MaxReplicas = 3 }
        },
        {
            "KFServing v1beta1: the target annotation",
            """
            apiVersion: serving.kubeflow.org/v1beta1
            kind: InferenceService
            metadata:
              name: flowers-sample
            spec:
              predictor:
                maxReplicas: 2
                annotations: {autoscaling.knative.dev/target: "7"}
                onnx: {storageUri: s3://models/flowers}
            """,
            new ScalingSpec { MaxReplicas = 2, Target = 7 }
        },
        {
            "KubeDL: autoScale with replicas to start",
            """
            apiVersion: serving.kubedl.io/v1alpha1
            kind: Inference
            metadata:
              name: hello-inference
            spec:
              framework: TFServing
              predictors:
              - name: model-predictor
                modelVersion: model
                replicas: 2
                autoScale: {minReplicas: 0, maxReplicas: 4}
                template: {spec: {containers: [{image: tensorflow/serving:1.11.1}]}}
            """,
            new ScalingSpec { MinReplicas = 0, MaxReplicas = 4, InitialReplicas = 2 }
        },
        {
            "ElasticServing: every service field",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                minScale: 0
                maxScale: 4
                target: 8
                metric: rps
                autoscaler: kpa.autoscaling.knative.dev
                window: 30s
                targetUtilization: "80"
                panicWindow: "5.0"
                panicThreshold: "150"
            """,
            new ScalingSpec { MinReplicas = 0, MaxReplicas = 4, Target = 8, Metric = ScaleMetric.Rps, Autoscaler = AutoscalerClass.Kpa, TargetUtilizationPercent = 80, Window = TimeSpan.FromSeconds(30), PanicWindowPercent = 5, PanicThresholdPercent = 150 }
        },
    };

    [Theory]
    [MemberData(nameof(GoodScaling))]
    public void A_good_specs_autoscaling_fields_land_in_its_scaling(string why, string yaml, ScalingSpec expected)
    {
        var result = SpecReader.Read(yaml, "good.yaml");

        Assert.True(result.Diagnostics.All(d => d.Severity == SpecSeverity.Note), $"{why}: {string.Join(Environment.NewLine, result.Diagnostics)}");
        Assert.Equal(expected, Assert.Single(result.Specs).Revisions[0].Predictor.Scaling);
    }
}
