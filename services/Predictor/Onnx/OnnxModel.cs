using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Modelplane.Serving.Batching;
using Modelplane.Serving.Models;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Repository;
using Modelplane.Serving.Tensors;

namespace Modelplane.Predictor.Onnx;

/// <summary>One version of an ONNX model, run by ONNX Runtime on <paramref name="provider"/>.</summary>
internal sealed partial class OnnxModel(
    ModelVersionEntry entry,
    OnnxRuntimeOptions options,
    string provider,
    BatchingOptions serverBatching,
    ILogger<OnnxModel> logger) : InferenceModel(entry.Name, entry.Version)
{
    /// <summary>The model file inside a version directory, as Triton names it.</summary>
    public const string ModelFileName = "model.onnx";

    /// <summary>The metadata parameter naming the provider the model runs on: <c>cpu</c>, <c>cuda</c> or <c>tensorrt</c>.</summary>
    public const string ExecutionProviderParameter = "execution_provider";

    // Shared by every run of the model; per-request options would cost a native allocation each.
    private readonly RunOptions _runOptions = new();

    // The provider the settings chose; the CPU once a session could not use it and the fallback is allowed.
    private string _provider = provider;
    private InferenceSession? _session;
    private string[] _inputNames = [];

    public override string Platform => "onnxruntime_onnx";

    protected override async ValueTask LoadCoreAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(entry.VersionDirectory, ModelFileName);
        if (!File.Exists(path))
        {
            var found = Directory.EnumerateFileSystemEntries(entry.VersionDirectory).Select(Path.GetFileName).ToList();
            throw new FileNotFoundException(
                $"{Name}/{Version}/ has no {ModelFileName} (it holds: {(found.Count == 0 ? "nothing" : string.Join(", ", found))})");
        }

        var config = ModelConfig.Load(entry.ModelDirectory);
        _session = await Task.Run(() => OpenSession(path), cancellationToken);
        ReadyReason = ExecutionProviders.Describe(_provider, options);
        Parameters = new Dictionary<string, object> { [ExecutionProviderParameter] = _provider };
        try
        {
            var inputs = _session.InputMetadata.Select(p => OnnxTypes.ToMetadata("input", p.Key, p.Value)).ToList();
            var outputs = _session.OutputMetadata.Select(p => OnnxTypes.ToMetadata("output", p.Key, p.Value)).ToList();
            Inputs = ModelConfigOverrides.Apply("input", inputs, config.Inputs);
            Outputs = ModelConfigOverrides.Apply("output", outputs, config.Outputs);
            _inputNames = [.. Inputs.Select(i => i.Name)];
            Labels = config.Labels;

            // The model's own setting wins; the server's applies to every model whose tensors have a batch dimension.
            Batching = config.DynamicBatching ?? (serverBatching.Enabled && CanBatch ? serverBatching : null);
            if (config.PredictOutputs is { Count: > 0 } predictOutputs)
            {
                foreach (var name in predictOutputs.Where(n => !Outputs.Any(o => o.Name == n)))
                {
                    throw new InvalidDataException($"{ModelConfig.FileName}: predictOutputs names '{name}', which is not an output of the model (outputs: {string.Join(", ", Outputs.Select(o => o.Name))})");
                }

                V1Outputs = predictOutputs;
            }

            WarmUp();
        }
        catch
        {
            _session.Dispose();
            _session = null;
            throw;
        }
    }

    protected override ValueTask<InferenceResponse> PredictAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        var session = _session ?? throw new InvalidOperationException($"model '{Name}' is not loaded");
        var outputNames = request.Outputs is { } requested ? requested.Select(o => o.Name).ToArray() : Outputs.Select(o => o.Name).ToArray();

        // Inputs go in the model's order; the request may list them in any order.
        var inputs = new InferenceTensor[_inputNames.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = request.FindInput(_inputNames[i])!;
        }

        var outputs = Run(session, _runOptions, inputs, outputNames);
        return ValueTask.FromResult(new InferenceResponse { ModelName = Name, ModelVersion = Version, Id = request.Id, Outputs = outputs });
    }

    protected override ValueTask UnloadCoreAsync()
    {
        _session?.Dispose();
        _session = null;
        _runOptions.Dispose();
        NativeHeap.Trim();
        return ValueTask.CompletedTask;
    }

    private InferenceSession OpenSession(string path)
    {
        try
        {
            return OpenSession(path, _provider);
        }
        catch (OnnxRuntimeException e) when (_provider != ExecutionProviders.Cpu && options.CpuFallback)
        {
            // The provider loaded at start, but this session could not use it (no GPU, too little of its memory).
            LogFallback(logger, Name, Version, ExecutionProviders.DisplayName(_provider), e.Message);
            _provider = ExecutionProviders.Cpu;
            return OpenSession(path, _provider);
        }
    }

    private InferenceSession OpenSession(string path, string sessionProvider)
    {
        using var log = OnnxRuntimeLog.Collect();
        InferenceSession session;
        try
        {
            using var sessionOptions = ExecutionProviders.CreateSessionOptions(options, sessionProvider);
            session = new InferenceSession(path, sessionOptions);
        }
        catch (OnnxRuntimeException e) when (sessionProvider == ExecutionProviders.Cpu)
        {
            throw new InvalidDataException($"{Name}/{Version}/{ModelFileName} is not a model ONNX Runtime can load: {e.Message}", e);
        }
        catch (OnnxRuntimeException e) when (!options.CpuFallback)
        {
            throw new InvalidDataException($"{Name}/{Version}/{ModelFileName} could not be loaded on the {ExecutionProviders.DisplayName(sessionProvider)} provider: {e.Message}", e);
        }

        // What ONNX Runtime had to say about a model it loaded, such as the nodes it left to the CPU, is said under the model's name.
        foreach (var message in log.Messages)
        {
            LogRuntimeMessage(logger, Name, Version, message);
        }

        return session;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "model {Name} version {Version} runs on the CPU: the {Provider} provider could not load it ({Reason}); Serving:Onnx:CpuFallback is true")]
    private static partial void LogFallback(ILogger logger, string name, string version, string provider, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "model {Name} version {Version}: ONNX Runtime: {Message}")]
    private static partial void LogRuntimeMessage(ILogger logger, string name, string version, string message);

    // One run on zeros before the model reports ready, so the first client request does not pay for lazy initialization.
    private void WarmUp()
    {
        var inputs = Inputs.Select(meta =>
        {
            var shape = meta.Shape.Select(d => d < 0 ? 1L : d).ToArray();
            var count = TensorShape.ElementCount(shape);
            return meta.DataType == TensorDataType.Bytes
                ? InferenceTensor.FromStrings(meta.Name, shape, Enumerable.Repeat(string.Empty, (int)count))
                : new InferenceTensor(meta.Name, meta.DataType, shape, new byte[count * meta.DataType.ElementSize()]);
        }).ToArray();
        Run(_session!, _runOptions, inputs, [.. Outputs.Select(o => o.Name)]);
    }

    private static InferenceTensor[] Run(InferenceSession session, RunOptions runOptions, InferenceTensor[] inputs, string[] outputNames)
    {
        var values = new OrtValue[inputs.Length];
        var pins = new MemoryHandle[inputs.Length];
        try
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                values[i] = ToOrtValue(inputs[i], ref pins[i]);
            }

            using var results = session.Run(runOptions, session.InputNames, values, outputNames);
            var outputs = new InferenceTensor[outputNames.Length];
            for (var i = 0; i < outputs.Length; i++)
            {
                outputs[i] = FromOrtValue(outputNames[i], results[i]);
            }

            return outputs;
        }
        finally
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i]?.Dispose();
                pins[i].Dispose();
            }
        }
    }

    private static unsafe OrtValue ToOrtValue(InferenceTensor tensor, ref MemoryHandle pin)
    {
        if (tensor.DataType == TensorDataType.Bytes)
        {
            var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, tensor.Shape);
            var index = 0;
            foreach (var element in BytesElements.Enumerate(tensor.Data))
            {
                value.StringTensorSetElementAt(element.Span, index++);
            }

            return value;
        }

        // ONNX Runtime reads the request's bytes in place; the pin keeps them still until the run is over. Binary
        // request data sits at any offset of the body, and kernels may assume aligned elements, so a misaligned
        // tensor is copied once.
        pin = tensor.Data.Pin();
        if ((nint)pin.Pointer % tensor.DataType.ElementSize() != 0)
        {
            pin.Dispose();
            pin = tensor.Data.ToArray().AsMemory().Pin();
        }

        return OrtValue.CreateTensorValueWithData(
            OrtMemoryInfo.DefaultInstance,
            OnnxTypes.ToElementType(tensor.DataType),
            tensor.Shape,
            (nint)pin.Pointer,
            tensor.Data.Length);
    }

    private static InferenceTensor FromOrtValue(string name, OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var shape = info.Shape;
        var dataType = OnnxTypes.ToDataType(info.ElementDataType);
        if (info.ElementDataType == TensorElementType.String)
        {
            var count = (int)info.ElementCount;
            var elements = new ReadOnlyMemory<byte>[count];
            for (var i = 0; i < count; i++)
            {
                elements[i] = value.GetStringElementAsSpan(i).ToArray();
            }

            return new InferenceTensor(name, dataType, shape, BytesElements.Encode(elements));
        }

        return new InferenceTensor(name, dataType, shape, value.GetTensorMutableRawData().ToArray());
    }
}
