using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Specs;

/// <summary>Broken specs, each with the exact <c>file:line: field: message</c> lines it must produce (notes aside).</summary>
public sealed partial class BrokenSpecTests
{
    public static TheoryData<string, string, string[]> KServe => new()
    {
        {
            "a word where a number belongs",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                minReplicas: many
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:7: spec.predictor.minReplicas: expected a whole number, got 'many'; write a number such as minReplicas: 1"]
        },
        {
            "a quoted number",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                maxReplicas: "3"
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:7: spec.predictor.maxReplicas: expected a whole number, got the text \"3\"; remove the quotes: maxReplicas: 3"]
        },
        {
            "an unknown version of a known dialect",
            """
            apiVersion: serving.kserve.io/v1alpha1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            """,
            ["bad.yaml:1: apiVersion: serving.kserve.io/v1alpha1 InferenceService is not a dialect Modelplane reads; write apiVersion: serving.kserve.io/v1beta1"]
        },
        {
            "an InferenceService of an unknown group",
            """
            apiVersion: example.com/v1
            kind: InferenceService
            """,
            ["bad.yaml:1: apiVersion: example.com/v1 InferenceService is not a dialect Modelplane reads; write apiVersion: serving.kserve.io/v1beta1 or serving.kubeflow.org/v1alpha2 or serving.kubeflow.org/v1beta1"]
        },
        {
            "no apiVersion",
            """
            kind: InferenceService
            metadata:
              name: sklearn-iris
            """,
            ["bad.yaml:1: apiVersion: missing; name the dialect, e.g. apiVersion: serving.kserve.io/v1beta1"]
        },
        {
            "no name",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              namespace: kserve-test
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:3: metadata.name: missing; name the service, e.g. name: sklearn-iris"]
        },
        {
            "a generated name",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              generateName: iris-
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:4: metadata.generateName: a generated name is not supported, because the service's host and model name come from its name; write name: sklearn-iris instead"]
        },
        {
            "a name with capitals and an underscore",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: Sklearn_Iris
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:4: metadata.name: 'Sklearn_Iris' is not a valid name: use lower-case letters, digits and '-', start with a letter and end with a letter or digit, at most 63 characters (e.g. sklearn-iris)"]
        },
        {
            "a name longer than 63 characters",
            $"""
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: {new string('a', 64)}
            spec:
              predictor:
                model: {"{"}modelFormat: {"{"}name: onnx{"}"}, storageUri: s3://models/iris{"}"}
            """,
            [$"bad.yaml:4: metadata.name: '{new string('a', 64)}' is not a valid name: use lower-case letters, digits and '-', start with a letter and end with a letter or digit, at most 63 characters (e.g. {new string('a', 63)})"]
        },
        {
            "a namespace with a dot",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
              namespace: kserve.test
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:5: metadata.namespace: 'kserve.test' is not a valid namespace: use lower-case letters, digits and '-', start and end with a letter or digit, at most 63 characters (e.g. kserve-test)"]
        },
        {
            "a canary share over 100",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                canaryTrafficPercent: 120
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:7: spec.predictor.canaryTrafficPercent: must be between 0 and 100, got 120"]
        },
        {
            "more replicas at least than at most",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                minReplicas: 5
                maxReplicas: 2
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:7: spec.predictor.minReplicas: 5 is more than maxReplicas 2; lower minReplicas or raise maxReplicas"]
        },
        {
            "a negative maximum",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                maxReplicas: -1
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:7: spec.predictor.maxReplicas: must be at least 0, got -1"]
        },
        {
            "no predictor",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              transformer:
                containers: [{image: kserve/image-transformer}]
            """,
            ["bad.yaml:5: spec.predictor: missing; add predictor: {model: {modelFormat: {name: onnx}, storageUri: s3://models/NAME}}"]
        },
        {
            "a predictor without a model",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                minReplicas: 1
            """,
            ["bad.yaml:6: spec.predictor: names no model; add model: {modelFormat: {name: onnx}, storageUri: s3://models/NAME}"]
        },
        {
            "a predictor with two models",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                sklearn: {storageUri: s3://models/iris}
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:6: spec.predictor: gives sklearn and model; keep exactly one of model, sklearn, xgboost, tensorflow, pytorch, triton, onnx, huggingface, pmml, lightgbm, paddle or containers"]
        },
        {
            "a model without its format",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                model:
                  storageUri: s3://models/iris
            """,
            ["bad.yaml:7: spec.predictor.model.modelFormat: missing; name the model's format, e.g. modelFormat: {name: onnx}"]
        },
        {
            "an unknown protocol",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                model:
                  modelFormat: {name: onnx}
                  protocolVersion: v3
                  storageUri: s3://models/iris
            """,
            ["bad.yaml:9: spec.predictor.model.protocolVersion: 'v3' is not one of v1, v2, grpc-v2; write one of those"]
        },
        {
            "TensorFlow Serving's gRPC protocol",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                onnx:
                  protocolVersion: grpc-v1
                  storageUri: s3://models/iris
            """,
            ["bad.yaml:8: spec.predictor.onnx.protocolVersion: grpc-v1 (TensorFlow Serving's gRPC API) is not served by Modelplane; write v1, v2 or grpc-v2"]
        },
        {
            "an unknown scale metric",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                scaleMetric: latency
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:7: spec.predictor.scaleMetric: 'latency' is not one of concurrency, rps, cpu, memory; write one of those"]
        },
        {
            "a logger with a bad mode and no URL scheme",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                logger:
                  mode: everything
                  url: message-dumper
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            [
                "bad.yaml:8: spec.predictor.logger.mode: 'everything' is not one of all, request, response; write one of those",
                "bad.yaml:9: spec.predictor.logger.url: 'message-dumper' is not an http or https URL; write the address that receives the events, e.g. url: http://message-dumper.default/",
            ]
        },
        {
            "a CPU that is no quantity",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                model:
                  modelFormat: {name: onnx}
                  storageUri: s3://models/iris
                  resources:
                    limits: {cpu: two cores, memory: 1Gi}
            """,
            ["bad.yaml:11: spec.predictor.model.resources.limits.cpu: 'two cores' is not a Kubernetes quantity; write e.g. 500m or 2"]
        },
        {
            "a misspelt field",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                minReplica: 1
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            """,
            ["bad.yaml:7: warning: spec.predictor.minReplica: unknown field of KServe's predictor, ignored; did you mean minReplicas?"]
        },
        {
            "a field of no KServe object",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
              router: {}
            """,
            ["bad.yaml:8: warning: spec.router: unknown field of an InferenceService spec (predictor, transformer, explainer), ignored"]
        },
        {
            "an environment value from a secret",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                model:
                  modelFormat: {name: onnx}
                  storageUri: s3://models/iris
                  env:
                  - name: TOKEN
                    valueFrom: {secretKeyRef: {name: s, key: k}}
            """,
            ["bad.yaml:12: warning: spec.predictor.model.env[0].valueFrom: values from secrets, config maps or fields are not read here; give the value itself under value"]
        },
        {
            "canary revisions taking more than all the traffic",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
              canary:
              - trafficPercent: 60
                predictor: {model: {modelFormat: {name: onnx}, storageUri: s3://models/iris-2}}
              - trafficPercent: 50
                predictor: {model: {modelFormat: {name: onnx}, storageUri: s3://models/iris-3}}
            """,
            ["bad.yaml:8: spec.canary: the canary revisions take 110% of the traffic, leaving none for the default revision; make their trafficPercent add up to at most 100"]
        },
        {
            "a canary list and canaryTrafficPercent at once",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                canaryTrafficPercent: 10
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
              canary:
              - trafficPercent: 10
                predictor: {model: {modelFormat: {name: onnx}, storageUri: s3://models/iris-2}}
            """,
            ["bad.yaml:7: spec.predictor.canaryTrafficPercent: cannot be combined with spec.canary; give each canary revision its trafficPercent and remove canaryTrafficPercent"]
        },
        {
            "a canary without its share",
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
                predictor: {model: {modelFormat: {name: onnx}, storageUri: s3://models/iris-2}}
            """,
            ["bad.yaml:9: spec.canary[0].trafficPercent: missing; give this revision's share of the traffic, e.g. trafficPercent: 10"]
        },
        {
            "components of one revision asking for different shares",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                canaryTrafficPercent: 10
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
              transformer:
                canaryTrafficPercent: 20
                containers: [{image: kserve/image-transformer}]
            """,
            ["bad.yaml:10: spec.transformer.canaryTrafficPercent: differs from spec.predictor.canaryTrafficPercent (10); a revision takes one share of the traffic, so give the same value or remove this one"]
        },
        {
            "a transformer without a container",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
              transformer:
                minReplicas: 1
            """,
            ["bad.yaml:8: spec.transformer: names no container; add containers: [{name: kserve-container, image: IMAGE}], or remove the transformer"]
        },
        {
            "a GPU annotation that is neither required nor optional",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
              annotations:
                modelplane.io/gpu: "yes"
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris, resources: {limits: {nvidia.com/gpu: 1}}}
            """,
            ["bad.yaml:6: metadata.annotations.modelplane.io/gpu: 'yes' is not a value of modelplane.io/gpu; write required (a machine without a GPU refuses the service) or optional (it runs on the CPU there, the default)"]
        },
    };

    public static TheoryData<string, string, string[]> OtherDialects => new()
    {
        {
            "a KFServing service without its default endpoint",
            """
            apiVersion: serving.kubeflow.org/v1alpha2
            kind: InferenceService
            metadata:
              name: flowers-sample
            spec:
              canary:
                predictor:
                  onnx: {storageUri: s3://models/flowers}
            """,
            [
                "bad.yaml:5: spec.default: missing; add default: {predictor: {onnx: {storageUri: s3://models/NAME}}}",
                "bad.yaml:6: warning: spec.canary: gets no traffic without canaryTrafficPercent; set its share, e.g. canaryTrafficPercent: 10",
            ]
        },
        {
            "a KFServing framework without its storage URI",
            """
            apiVersion: serving.kubeflow.org/v1alpha2
            kind: InferenceService
            metadata:
              name: flowers-sample
            spec:
              default:
                predictor:
                  tensorflow: {runtimeVersion: 1.14.0}
            """,
            ["bad.yaml:8: spec.default.predictor.tensorflow.storageUri: missing; give the model's location, e.g. storageUri: s3://models/NAME"]
        },
        {
            "KubeDL shares that do not add up to 100",
            """
            apiVersion: serving.kubedl.io/v1alpha1
            kind: Inference
            metadata:
              name: hello-inference
            spec:
              framework: TFServing
              predictors:
              - name: model-a-predictor
                modelVersion: model-a
                trafficPercentage: 90
                template: {spec: {containers: [{image: tensorflow/serving:1.11.1}]}}
              - name: model-b-predictor
                modelVersion: model-b
                trafficPercent: 20
                template: {spec: {containers: [{image: tensorflow/serving:1.11.1}]}}
            """,
            ["bad.yaml:7: spec.predictors: the traffic shares add up to 110 (model-a-predictor 90, model-b-predictor 20); make them add up to 100"]
        },
        {
            "a KubeDL predictor of several without a share",
            """
            apiVersion: serving.kubedl.io/v1alpha1
            kind: Inference
            metadata:
              name: hello-inference
            spec:
              framework: TFServing
              predictors:
              - name: model-a-predictor
                modelVersion: model-a
                trafficPercentage: 90
                template: {spec: {containers: [{image: tensorflow/serving:1.11.1}]}}
              - name: model-b-predictor
                modelVersion: model-b
                template: {spec: {containers: [{image: tensorflow/serving:1.11.1}]}}
            """,
            ["bad.yaml:12: spec.predictors[1].trafficPercent: missing; with several predictors each needs its share of the traffic, e.g. trafficPercent: 50 (the shares add up to 100)"]
        },
        {
            "a KubeDL share given in both spellings",
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
                trafficPercent: 100
                trafficPercentage: 100
                template: {spec: {containers: [{image: tensorflow/serving:1.11.1}]}}
            """,
            ["bad.yaml:11: spec.predictors[0].trafficPercentage: gives the share twice, with trafficPercent; keep one of them"]
        },
        {
            "KubeDL replicas outside the autoscaling range",
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
                replicas: 12
                autoScale: {minReplicas: 1, maxReplicas: 10}
                batching: {timeoutSeconds: 1}
                template: {spec: {containers: [{image: tensorflow/serving:1.11.1}]}}
            """,
            [
                "bad.yaml:10: spec.predictors[0].replicas: 12 is outside autoScale's 1 to 10; start within that range or widen it",
                "bad.yaml:12: spec.predictors[0].batching.batchSize: missing; give the most requests in one batch, e.g. batchSize: 32",
            ]
        },
        {
            "a KubeDL predictor with an invalid name and no template",
            """
            apiVersion: serving.kubedl.io/v1alpha1
            kind: Inference
            metadata:
              name: hello-inference
            spec:
              framework: TFServing
              predictors:
              - name: Model_Predictor
                modelVersion: model
            """,
            [
                "bad.yaml:8: spec.predictors[0].name: 'Model_Predictor' is not a valid name: use lower-case letters, digits and '-', start with a letter and end with a letter or digit, at most 63 characters (e.g. model-predictor)",
                "bad.yaml:8: spec.predictors[0].template: missing; give the predictor's pod template, e.g. template: {spec: {containers: [{image: IMAGE}]}}",
            ]
        },
        {
            "a PaddleService without a tag, with a window that is no duration",
            """
            apiVersion: elasticserving.paddlepaddle.org/v1
            kind: PaddleService
            metadata:
              name: paddleservice-sample
            spec:
              default:
                containerImage: jinmionhaobaidu/resnet
                port: 9292
              service:
                minScale: 12
                window: a minute
            """,
            [
                "bad.yaml:6: spec.default.tag: missing; give the image's tag, e.g. tag: latest",
                "bad.yaml:10: spec.service.minScale: 12 is more than maxScale 10 (ElasticServing's default when maxScale is absent); lower minScale or raise maxScale",
                "bad.yaml:11: spec.service.window: 'a minute' is not a duration; write e.g. window: 60s",
            ]
        },
    };

    public static TheoryData<string, string, string[]> Yaml => new()
    {
        {
            "a syntax error",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: [sklearn-iris
            """,
            ["bad.yaml:5: (yaml): while parsing a flow sequence, did not find expected ',' or ']' (column 1); fix the YAML there"]
        },
        {
            "a key given twice",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
              name: iris
            """,
            ["bad.yaml:5: (yaml): duplicate key name (column 3); each key may appear once in a mapping, so remove or merge the repeated one"]
        },
        {
            "a document that is a list",
            """
            - apiVersion: serving.kserve.io/v1beta1
              kind: InferenceService
            """,
            ["bad.yaml:1: (document): expected a Kubernetes object (apiVersion, kind, metadata, spec), got a YAML value that is not a mapping"]
        },
    };

    [Theory]
    [MemberData(nameof(KServe))]
    [MemberData(nameof(OtherDialects))]
    [MemberData(nameof(Yaml))]
    [MemberData(nameof(KServeAutoscaling))]
    [MemberData(nameof(KfServingAutoscaling))]
    [MemberData(nameof(KubeDlAutoscaling))]
    [MemberData(nameof(PaddleServiceAutoscaling))]
    public void A_broken_spec_is_reported_at_its_line_and_field(string why, string yaml, string[] expected)
    {
        var result = SpecReader.Read(yaml, "bad.yaml");

        Assert.True(expected.Length > 0, why);
        Assert.Equal(expected, result.Diagnostics.Where(d => d.Severity != SpecSeverity.Note).Select(d => d.ToString()));
        Assert.Equal(expected.Any(e => !e.Contains(": warning: ", StringComparison.Ordinal)), result.HasErrors);
        Assert.Equal(result.HasErrors ? 0 : 1, result.Specs.Count);
    }
}
