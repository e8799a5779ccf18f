using Modelplane.Serving.Grpc.V2;
using Modelplane.Serving.Models;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Models;

/// <summary>
/// A model in the shape of the iris sample (input FP32 [-1,4]; outputs label INT64 [-1] and probabilities
/// FP32 [-1,3]) unless told otherwise, answering with canned tensors: label 1 and probabilities
/// [0.1, 0.7, 0.2] for every row, or whatever <c>predict</c> returns. Only the outputs asked for come back.
/// </summary>
internal sealed class TestModel : InferenceModel
{
    public static readonly IReadOnlyList<string> IrisLabels = ["setosa", "versicolor", "virginica"];

    private readonly IReadOnlyList<TensorMetadata> _inputs;
    private readonly IReadOnlyList<TensorMetadata> _outputs;
    private readonly IReadOnlyList<string>? _labels;
    private readonly Exception? _loadFailure;
    private readonly Func<InferenceRequest, IReadOnlyList<InferenceTensor>> _predict;
    private readonly Task? _loadsWhen;

    public TestModel(
        string name = "iris",
        string version = "1",
        IReadOnlyList<TensorMetadata>? inputs = null,
        IReadOnlyList<TensorMetadata>? outputs = null,
        IReadOnlyList<string>? labels = null,
        Exception? loadFailure = null,
        Func<InferenceRequest, IReadOnlyList<InferenceTensor>>? predict = null,
        Task? loadsWhen = null)
        : base(name, version)
    {
        _inputs = inputs ?? [new TensorMetadata("input", TensorDataType.FP32, [-1, 4])];
        _outputs = outputs ??
        [
            new TensorMetadata("label", TensorDataType.Int64, [-1]),
            new TensorMetadata("probabilities", TensorDataType.FP32, [-1, 3]),
        ];
        _labels = labels;
        _loadFailure = loadFailure;
        _predict = predict ?? IrisAnswer;
        _loadsWhen = loadsWhen;
    }

    public override string Platform => "test";

    /// <summary>The request the model last predicted on, after validation.</summary>
    public InferenceRequest? LastRequest { get; private set; }

    /// <summary>A loaded, ready model.</summary>
    public static async Task<TestModel> LoadedAsync(
        string name = "iris",
        string version = "1",
        IReadOnlyList<TensorMetadata>? inputs = null,
        IReadOnlyList<TensorMetadata>? outputs = null,
        IReadOnlyList<string>? labels = null,
        Func<InferenceRequest, IReadOnlyList<InferenceTensor>>? predict = null)
    {
        var model = new TestModel(name, version, inputs, outputs, labels, predict: predict);
        await model.LoadAsync(CancellationToken.None);
        return model;
    }

    /// <summary>A model whose loading failed with <paramref name="reason"/>.</summary>
    public static async Task<TestModel> FailedAsync(string name, string version, string reason)
    {
        var model = new TestModel(name, version, loadFailure: new InvalidDataException(reason));
        await model.LoadAsync(CancellationToken.None);
        return model;
    }

    protected override async ValueTask LoadCoreAsync(CancellationToken cancellationToken)
    {
        if (_loadsWhen is not null)
        {
            await _loadsWhen.WaitAsync(cancellationToken);
        }

        if (_loadFailure is not null)
        {
            throw _loadFailure;
        }

        Inputs = _inputs;
        Outputs = _outputs;
        Labels = _labels;
    }

    protected override ValueTask<InferenceResponse> PredictAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        LastRequest = request;
        var outputs = _predict(request);
        if (request.Outputs is { } requested)
        {
            outputs = [.. outputs.Where(o => requested.Any(r => r.Name == o.Name))];
        }

        return ValueTask.FromResult(new InferenceResponse { ModelName = Name, ModelVersion = Version, Id = request.Id, Outputs = outputs });
    }

    /// <summary>A gRPC ModelInfer request for iris: one row of four FP32 features, as typed contents.</summary>
    public static ModelInferRequest GrpcRequest()
    {
        var request = new ModelInferRequest { ModelName = "iris" };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor
        {
            Name = "input",
            Datatype = "FP32",
            Shape = { 1, 4 },
            Contents = new InferTensorContents { Fp32Contents = { 6.8f, 2.8f, 4.8f, 1.4f } },
        });
        return request;
    }

    /// <summary>The canned answer: label 1 and probabilities [0.1, 0.7, 0.2] for every row.</summary>
    public static IReadOnlyList<InferenceTensor> IrisAnswer(InferenceRequest request)
    {
        var rows = request.Inputs[0].Shape[0];
        var labels = new long[rows];
        var probabilities = new float[rows * 3];
        for (var row = 0; row < rows; row++)
        {
            labels[row] = 1;
            probabilities[row * 3] = 0.1f;
            probabilities[(row * 3) + 1] = 0.7f;
            probabilities[(row * 3) + 2] = 0.2f;
        }

        return
        [
            InferenceTensor.FromValues<long>("label", TensorDataType.Int64, [rows], labels),
            InferenceTensor.FromValues<float>("probabilities", TensorDataType.FP32, [rows, 3], probabilities),
        ];
    }
}
