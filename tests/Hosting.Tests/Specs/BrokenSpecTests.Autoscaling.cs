namespace Modelplane.Hosting.Tests.Specs;

/// <summary>
/// Every autoscaling field of the four dialects a user can get wrong, refused (or, where a cluster would take it and
/// quietly do something else, warned about) with what to write, as KServe and Knative check it.
/// </summary>
public sealed partial class BrokenSpecTests
{
    /// <summary>KServe v1beta1's scaling fields and Knative's autoscaling annotations, on components and on the object.</summary>
    public static TheoryData<string, string, string[]> KServeAutoscaling => new()
    {
        {
            "a negative minimum",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                minReplicas: -1
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:7: spec.predictor.minReplicas: must be at least 0, got -1"]
        },
        {
            "a maximum written as a mapping",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                maxReplicas: {count: 3}
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:7: spec.predictor.maxReplicas: expected a whole number, got a mapping; write a number such as maxReplicas: 1"]
        },
        {
            "a scale target of zero",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                scaleTarget: 0
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:7: spec.predictor.scaleTarget: must be at least 1, got 0"]
        },
        {
            "a quoted scale target",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                scaleTarget: "10"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:7: spec.predictor.scaleTarget: expected a whole number, got the text \"10\"; remove the quotes: scaleTarget: 10"]
        },
        {
            "a CPU target above 100%",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                scaleMetric: cpu
                scaleTarget: 150
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.scaleTarget: 150 is more than 100: with scaleMetric cpu the target is a CPU utilization percentage, which KServe takes from 1 to 100; write e.g. scaleTarget: 80"]
        },
        {
            "a scale metric given as a list",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                scaleMetric: [rps]
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:7: spec.predictor.scaleMetric: expected one of concurrency, rps, cpu, memory, got a list; write one of those"]
        },
        {
            "a negative container concurrency",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                containerConcurrency: -1
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:7: spec.predictor.containerConcurrency: must be at least 0, got -1"]
        },
        {
            "a canary's negative minimum",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
              canary:
              - trafficPercent: 10
                predictor:
                  minReplicas: -1
                  model: {modelFormat: {name: onnx}, storageUri: s3://models/iris-2}
            """,
            ["bad.yaml:11: spec.canary[0].predictor.minReplicas: must be at least 0, got -1"]
        },
        {
            "a target annotation of zero",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/target: "0"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/target: 0 is below 0.01, Knative's least target; write e.g. \"1\""]
        },
        {
            "a fractional target annotation",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/target: "0.5"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/target: 0.5 is not a whole number at least 1, which Modelplane keeps as the target (as KServe's scaleTarget); write \"1\""]
        },
        {
            "a target annotation that is no number",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/target: ten
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/target: 'ten' is not a number; write the value each replica should carry, e.g. \"100\""]
        },
        {
            "an unquoted number in an annotation",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/target: 10
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/target: expected text, got the number 10: Kubernetes annotations are text, so quote it: \"10\""]
        },
        {
            "an unknown metric annotation",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/metric: latency
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/metric: 'latency' is not one of concurrency, rps, cpu, memory; write one of those"]
        },
        {
            "a cpu metric annotation under the KPA",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
              annotations:
                autoscaling.knative.dev/metric: cpu
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:6: metadata.annotations.autoscaling.knative.dev/metric: cpu is measured by Kubernetes' HPA, which Knative uses only with autoscaling.knative.dev/class: \"hpa.autoscaling.knative.dev\"; write \"concurrency\" or \"rps\", or set that class"]
        },
        {
            "a component's KPA class under the object's memory metric",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
              annotations:
                autoscaling.knative.dev/class: hpa.autoscaling.knative.dev
                autoscaling.knative.dev/metric: memory
            spec:
              predictor:
                annotations: {autoscaling.knative.dev/class: kpa.autoscaling.knative.dev}
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:10: spec.predictor.annotations.autoscaling.knative.dev/class: Knative's KPA does not measure memory, the metric metadata.annotations.autoscaling.knative.dev/metric sets; write \"hpa.autoscaling.knative.dev\", or give this component the metric concurrency or rps"]
        },
        {
            "min-scale, which KServe sets from minReplicas",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/min-scale: "3"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: warning: spec.predictor.annotations.autoscaling.knative.dev/min-scale: is not read: KServe sets Knative's min-scale from minReplicas (1 when absent); write minReplicas: 3 on this component instead"]
        },
        {
            "maxScale, Knative's earlier name, on the object",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
              annotations:
                autoscaling.knative.dev/maxScale: "5"
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:6: warning: metadata.annotations.autoscaling.knative.dev/maxScale: is not read: KServe sets Knative's max-scale from maxReplicas (no bound when absent or 0); write maxReplicas: 5 on each component instead"]
        },
        {
            "a negative max-scale",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/max-scale: "-1"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/max-scale: '-1' is not a whole number at least 0; write e.g. \"0\""]
        },
        {
            "a fractional initial scale",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/initial-scale: "2.5"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/initial-scale: '2.5' is not a whole number at least 0; write e.g. \"3\""]
        },
        {
            "a window below 6s",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/window: 5s
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/window: 5s is outside 6s to 1h, Knative's range for the stable window; write e.g. \"6s\""]
        },
        {
            "a window above 1h on the object",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
              annotations:
                autoscaling.knative.dev/window: 2h
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:6: metadata.annotations.autoscaling.knative.dev/window: 2h is outside 6s to 1h, Knative's range for the stable window; write e.g. \"1h\""]
        },
        {
            "a window in fractions of a second",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/window: 10.5s
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/window: 10.5s is not a whole number of seconds, as Knative requires for the stable window; write \"10s\""]
        },
        {
            "a window without a unit",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/window: "60"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/window: '60' is not a duration; write e.g. \"60s\""]
        },
        {
            "a panic window of 0%",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/panic-window-percentage: "0"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/panic-window-percentage: 0 is outside 1 to 100, Knative's range for the panic window, in percent of the stable window; write e.g. \"1\""]
        },
        {
            "a fractional panic window",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/panic-window-percentage: "12.5"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/panic-window-percentage: 12.5 is not a whole percentage, which Modelplane needs; write \"13\""]
        },
        {
            "a panic threshold below 110%",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/panic-threshold-percentage: "100"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/panic-threshold-percentage: 100 is outside 110 to 1000, Knative's range for the panic threshold, in percent of the target; write e.g. \"110\""]
        },
        {
            "a target utilization above 100%",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/target-utilization-percentage: "101"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/target-utilization-percentage: 101 is outside 1 to 100, Knative's range for the target utilization; write e.g. \"100\""]
        },
        {
            "a scale-down delay above 1h",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/scale-down-delay: 2h
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/scale-down-delay: 2h is outside 0s to 1h, Knative's range for the scale-down delay; write e.g. \"1h\""]
        },
        {
            "a scale-down delay in fractions of a second",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/scale-down-delay: 1.5s
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/scale-down-delay: 1.5s is not a whole number of seconds, as Knative requires for the scale-down delay; write \"1s\""]
        },
        {
            "a negative retention period",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/scale-to-zero-pod-retention-period: -1s
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/scale-to-zero-pod-retention-period: -1s is outside 0s to 1h, Knative's range for the last replica's retention period; write e.g. \"0s\""]
        },
        {
            "a burst capacity below -1",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/target-burst-capacity: "-2"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/target-burst-capacity: '-2' is not -1 (no limit) or a number from 0; write e.g. \"200\""]
        },
        {
            "an activation scale of 1",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/activation-scale: "1"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/activation-scale: '1' is not a whole number at least 2; write e.g. \"2\""]
        },
        {
            "an unknown aggregation algorithm",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/metric-aggregation-algorithm: mean
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: spec.predictor.annotations.autoscaling.knative.dev/metric-aggregation-algorithm: 'mean' is not one of linear, weighted-exponential, weightedExponential; write one of those"]
        },
        {
            "an annotation under its current and earlier name",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/initial-scale: "2"
                  autoscaling.knative.dev/initialScale: "3"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:9: warning: spec.predictor.annotations.autoscaling.knative.dev/initialScale: is not read: autoscaling.knative.dev/initial-scale, its current name, is given too, and Knative reads that one; remove this one"]
        },
        {
            "a misspelt annotation",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                annotations:
                  autoscaling.knative.dev/minscale: "1"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: warning: spec.predictor.annotations.autoscaling.knative.dev/minscale: is not an annotation Knative reads, so it does nothing; did you mean autoscaling.knative.dev/min-scale?"]
        },
        {
            "a target annotation beside scaleTarget",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                scaleTarget: 5
                annotations:
                  autoscaling.knative.dev/target: "10"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:9: warning: spec.predictor.annotations.autoscaling.knative.dev/target: is not read: KServe sets Knative's target from this component's scaleTarget (5); remove one of them"]
        },
        {
            "an initial scale above maxReplicas",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                maxReplicas: 2
                annotations:
                  autoscaling.knative.dev/initial-scale: "4"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:9: warning: spec.predictor.annotations.autoscaling.knative.dev/initial-scale: 4 is above spec.predictor.maxReplicas 2, so Knative starts with 2; raise maxReplicas or lower this"]
        },
        {
            "the object's initial scale below a component's minimum",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
              annotations:
                autoscaling.knative.dev/initial-scale: "0"
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:6: warning: metadata.annotations.autoscaling.knative.dev/initial-scale: 0 is below spec.predictor.minReplicas 1 (KServe's default), so Knative starts with 1; lower minReplicas or raise this"]
        },
        {
            "a target above containerConcurrency",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                containerConcurrency: 4
                scaleTarget: 10
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:8: warning: spec.predictor.scaleTarget: 10 is more than spec.predictor.containerConcurrency 4, which caps the target as Knative does: the autoscaler aims at 4; lower the target or raise containerConcurrency"]
        },
    };

    /// <summary>KFServing v1alpha2's replicas and parallelism, and v1beta1 (KServe's schema) once.</summary>
    public static TheoryData<string, string, string[]> KfServingAutoscaling => new()
    {
        {
            "a negative minimum",
            """
            apiVersion: serving.kubeflow.org/v1alpha2
            kind: InferenceService
            metadata:
              name: flowers-sample
            spec:
              default:
                predictor:
                  minReplicas: -1
                  onnx: {storageUri: s3://models/flowers}
            """,
            ["bad.yaml:8: spec.default.predictor.minReplicas: must be at least 0, got -1"]
        },
        {
            "a quoted maximum",
            """
            apiVersion: serving.kubeflow.org/v1alpha2
            kind: InferenceService
            metadata:
              name: flowers-sample
            spec:
              default:
                predictor:
                  maxReplicas: "2"
                  onnx: {storageUri: s3://models/flowers}
            """,
            ["bad.yaml:8: spec.default.predictor.maxReplicas: expected a whole number, got the text \"2\"; remove the quotes: maxReplicas: 2"]
        },
        {
            "more replicas at least than at most",
            """
            apiVersion: serving.kubeflow.org/v1alpha2
            kind: InferenceService
            metadata:
              name: flowers-sample
            spec:
              default:
                predictor:
                  minReplicas: 3
                  maxReplicas: 2
                  onnx: {storageUri: s3://models/flowers}
            """,
            ["bad.yaml:8: spec.default.predictor.minReplicas: 3 is more than maxReplicas 2; lower minReplicas or raise maxReplicas"]
        },
        {
            "a negative parallelism",
            """
            apiVersion: serving.kubeflow.org/v1alpha2
            kind: InferenceService
            metadata:
              name: flowers-sample
            spec:
              default:
                predictor:
                  parallelism: -1
                  onnx: {storageUri: s3://models/flowers}
            """,
            ["bad.yaml:8: spec.default.predictor.parallelism: must be at least 0, got -1"]
        },
        {
            "a parallelism that is no number",
            """
            apiVersion: serving.kubeflow.org/v1alpha2
            kind: InferenceService
            metadata:
              name: flowers-sample
            spec:
              default:
                predictor:
                  parallelism: many
                  onnx: {storageUri: s3://models/flowers}
            """,
            ["bad.yaml:8: spec.default.predictor.parallelism: expected a whole number, got 'many'; write a number such as parallelism: 1"]
        },
        {
            "a transformer's negative maximum",
            """
            apiVersion: serving.kubeflow.org/v1alpha2
            kind: InferenceService
            metadata:
              name: flowers-sample
            spec:
              default:
                predictor:
                  onnx: {storageUri: s3://models/flowers}
                transformer:
                  maxReplicas: -2
                  custom: {container: {image: kfserving/image-transformer}}
            """,
            ["bad.yaml:10: spec.default.transformer.maxReplicas: must be at least 0, got -2"]
        },
        {
            "a KFServing v1beta1 window without a unit",
            """
            apiVersion: serving.kubeflow.org/v1beta1
            kind: InferenceService
            metadata:
              name: flowers-sample
              annotations: {autoscaling.knative.dev/window: "90"}
            spec:
              predictor:
                minReplicas: -1
                onnx: {storageUri: s3://models/flowers}
            """,
            [
                "bad.yaml:5: metadata.annotations.autoscaling.knative.dev/window: '90' is not a duration; write e.g. \"60s\"",
                "bad.yaml:8: spec.predictor.minReplicas: must be at least 0, got -1",
            ]
        },
    };

    /// <summary>KubeDL's replicas and autoScale.</summary>
    public static TheoryData<string, string, string[]> KubeDlAutoscaling => new()
    {
        {
            "a negative autoScale minimum",
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
                autoScale: {minReplicas: -1, maxReplicas: 3}
                template: {spec: {containers: [{image: tensorflow/serving:1.11.1}]}}
            """,
            ["bad.yaml:10: spec.predictors[0].autoScale.minReplicas: must be at least 0, got -1"]
        },
        {
            "an autoScale maximum of 0",
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
                autoScale: {minReplicas: 0, maxReplicas: 0}
                template: {spec: {containers: [{image: tensorflow/serving:1.11.1}]}}
            """,
            ["bad.yaml:10: spec.predictors[0].autoScale.maxReplicas: must be at least 1, got 0"]
        },
        {
            "an autoScale minimum above its maximum",
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
                autoScale: {minReplicas: 4, maxReplicas: 2}
                template: {spec: {containers: [{image: tensorflow/serving:1.11.1}]}}
            """,
            ["bad.yaml:10: spec.predictors[0].autoScale.minReplicas: 4 is more than maxReplicas 2; lower minReplicas or raise maxReplicas"]
        },
        {
            "a quoted autoScale maximum",
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
                autoScale: {maxReplicas: "3"}
                template: {spec: {containers: [{image: tensorflow/serving:1.11.1}]}}
            """,
            ["bad.yaml:10: spec.predictors[0].autoScale.maxReplicas: expected a whole number, got the text \"3\"; remove the quotes: maxReplicas: 3"]
        },
        {
            "autoScale written as a number",
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
                autoScale: 3
                template: {spec: {containers: [{image: tensorflow/serving:1.11.1}]}}
            """,
            ["bad.yaml:10: spec.predictors[0].autoScale: expected a mapping of fields, got '3'; write its fields indented under autoScale:, or as autoScale: {name: value}"]
        },
        {
            "zero replicas without autoScale",
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
                replicas: 0
                template: {spec: {containers: [{image: tensorflow/serving:1.11.1}]}}
            """,
            ["bad.yaml:10: spec.predictors[0].replicas: 0 replicas never serve a request; write replicas: 1 or more, or autoScale: {minReplicas: 0, maxReplicas: 1} to scale to zero"]
        },
        {
            "negative replicas",
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
                replicas: -1
                template: {spec: {containers: [{image: tensorflow/serving:1.11.1}]}}
            """,
            ["bad.yaml:10: spec.predictors[0].replicas: must be at least 0, got -1"]
        },
    };

    /// <summary>ElasticServing's service fields, which its controller writes into Knative's annotations.</summary>
    public static TheoryData<string, string, string[]> PaddleServiceAutoscaling => new()
    {
        {
            "a negative minScale",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                minScale: -1
            """,
            ["bad.yaml:8: spec.service.minScale: must be at least 0, got -1"]
        },
        {
            "a maxScale that is no number",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                maxScale: ten
            """,
            ["bad.yaml:8: spec.service.maxScale: expected a whole number, got 'ten'; write a number such as maxScale: 1"]
        },
        {
            "minScale above maxScale",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                minScale: 3
                maxScale: 2
            """,
            ["bad.yaml:8: spec.service.minScale: 3 is more than maxScale 2; lower minScale or raise maxScale"]
        },
        {
            "a negative target",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                target: -5
            """,
            ["bad.yaml:8: spec.service.target: must be at least 0, got -5"]
        },
        {
            "a target utilization of 0",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                targetUtilization: "0"
            """,
            ["bad.yaml:8: spec.service.targetUtilization: 0 is outside 1 to 100, Knative's range for the target utilization; write e.g. targetUtilization: 1"]
        },
        {
            "a target utilization that is no number",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                targetUtilization: most
            """,
            ["bad.yaml:8: spec.service.targetUtilization: 'most' is not a number; write the target utilization from 1 to 100, e.g. targetUtilization: 70"]
        },
        {
            "a window above 1h",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                window: 2h
            """,
            ["bad.yaml:8: spec.service.window: 2h is outside 6s to 1h, Knative's range for the stable window; write e.g. window: 1h"]
        },
        {
            "a window in fractions of a second",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                window: 10.5s
            """,
            ["bad.yaml:8: spec.service.window: 10.5s is not a whole number of seconds, as Knative requires for the stable window; write window: 10s"]
        },
        {
            "a panic window above 100%",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                panicWindow: "150"
            """,
            ["bad.yaml:8: spec.service.panicWindow: 150 is outside 1 to 100, Knative's range for the panic window, in percent of the stable window; write e.g. panicWindow: 100"]
        },
        {
            "a fractional panic window",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                panicWindow: "7.5"
            """,
            ["bad.yaml:8: spec.service.panicWindow: 7.5 is not a whole percentage, which Modelplane needs; write panicWindow: 8"]
        },
        {
            "a panic threshold below 110%",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                panicThreshold: "50"
            """,
            ["bad.yaml:8: spec.service.panicThreshold: 50 is outside 110 to 1000, Knative's range for the panic threshold, in percent of the target; write e.g. panicThreshold: 110"]
        },
        {
            "a metric ElasticServing does not take",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                metric: memory
            """,
            ["bad.yaml:8: spec.service.metric: 'memory' is not one of concurrency, rps, cpu; write one of those"]
        },
        {
            "the cpu metric under the KPA",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                metric: cpu
            """,
            ["bad.yaml:8: spec.service.metric: cpu is measured by Kubernetes' HPA, which Knative uses only with the hpa autoscaler; write metric: concurrency or rps, or autoscaler: hpa.autoscaling.knative.dev"]
        },
        {
            "an unknown autoscaler",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default: {containerImage: jinmionhaobaidu/resnet, tag: latest, port: 9292}
              service:
                autoscaler: keda
            """,
            ["bad.yaml:8: spec.service.autoscaler: 'keda' is not one of kpa, hpa, kpa.autoscaling.knative.dev, hpa.autoscaling.knative.dev; write one of those"]
        },
    };
}
