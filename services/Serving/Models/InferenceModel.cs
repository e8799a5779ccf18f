using Modelplane.Serving.Batching;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Models;

/// <summary>
/// One version of a served model, in the shape of KServe's model class: load, then for each request
/// preprocess, predict and postprocess; explain where the model offers it.
/// </summary>
public abstract class InferenceModel : IAsyncDisposable
{
    private volatile ModelState _state = ModelState.Pending;
    private DynamicBatcher? _batcher;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;

    /// <summary>Creates a model that is not loaded yet.</summary>
    protected InferenceModel(string name, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        Name = name;
        Version = version;
    }

    /// <summary>The name clients address the model by.</summary>
    public string Name { get; }

    /// <summary>The version, a number for models from a repository.</summary>
    public string Version { get; }

    /// <summary>The framework that runs it, as v2 metadata names it (<c>onnxruntime_onnx</c>).</summary>
    public abstract string Platform { get; }

    /// <summary>The inputs, known once loaded; -1 marks a dimension of any size.</summary>
    public IReadOnlyList<TensorMetadata> Inputs { get; protected set; } = [];

    /// <summary>The outputs, known once loaded.</summary>
    public IReadOnlyList<TensorMetadata> Outputs { get; protected set; } = [];

    /// <summary>The outputs a KServe v1 <c>:predict</c> answers with; by default the first output.</summary>
    public IReadOnlyList<string> V1Outputs { get; protected set; } = [];

    /// <summary>Class labels by index, for the classification extension; null when the model has none.</summary>
    public IReadOnlyList<string>? Labels { get; protected set; }

    /// <summary>
    /// Dynamic batching for this model, set while loading (from its configuration); null or off runs every request
    /// on its own.
    /// </summary>
    public BatchingOptions? Batching { get; protected set; }

    /// <summary>What the batcher has done, while batching is on.</summary>
    public BatchCounters? BatchCounters { get; private set; }

    /// <summary>True when every input and output has a first (batch) dimension of any size, so requests can be run together.</summary>
    public bool CanBatch => Inputs.Count > 0
        && Inputs.Concat(Outputs).All(t => t.Shape.Length > 0 && t.Shape[0] < 0);

    /// <summary>Where the model is in its life.</summary>
    public ModelState State => _state;

    /// <summary>
    /// What a ready model says of itself where a state's reason is shown (the repository index, its readiness), such
    /// as the predictor's execution provider; null when it has nothing to say.
    /// </summary>
    public string? ReadyReason { get; protected set; }

    /// <summary>Facts about the loaded model that its metadata lists under <c>parameters</c>; null when there are none.</summary>
    public IReadOnlyDictionary<string, object>? Parameters { get; protected set; }

    /// <summary>Why loading failed, when it did.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>The exception behind <see cref="FailureReason"/>, for logs.</summary>
    public Exception? FailureException { get; private set; }

    /// <summary>True when the model serves requests.</summary>
    public bool IsReady => _state == ModelState.Ready;

    /// <summary>Loads and warms up the model; a failure is recorded as <see cref="ModelState.Failed"/>, not thrown.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        _state = ModelState.Loading;
        try
        {
            await LoadCoreAsync(cancellationToken);
            if (V1Outputs.Count == 0 && Outputs.Count > 0)
            {
                V1Outputs = [Outputs[0].Name];
            }

            StartBatching();

            FailureReason = null;
            FailureException = null;
            _state = ModelState.Ready;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            FailureReason = e.Message;
            FailureException = e;
            _state = ModelState.Failed;
        }
    }

    /// <summary>
    /// Runs a request through preprocess, predict and postprocess, checking it against the model's inputs first,
    /// under a lease of its own: a 503 when the model is not ready. Servers take the lease before they read the
    /// request and run it through <see cref="ModelLease.InferAsync"/>.
    /// </summary>
    public async ValueTask<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        if (!TryAcquire())
        {
            throw InferenceException.Unavailable($"model '{Name}' version {Version} is not ready: {NotReadyReason() ?? "it is being unloaded"}");
        }

        try
        {
            return await InferLeasedAsync(request, cancellationToken);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// Runs a request for a caller that holds a lease: an unload that began meanwhile waits for it, so the model is
    /// not asked whether it is still ready.
    /// </summary>
    internal async ValueTask<InferenceResponse> InferLeasedAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateRequest(request);
        var prepared = await PreprocessAsync(request, cancellationToken);
        var response = _batcher is { } batcher ? await batcher.PredictAsync(prepared, cancellationToken) : await PredictAsync(prepared, cancellationToken);
        response = await PostprocessAsync(response, cancellationToken);
        return Classification.Apply(this, request, response);
    }

    /// <summary>
    /// Reads a KServe v1 body (<c>{"instances": [...]}</c> or <c>{"inputs": ...}</c>) into a request for this model: by
    /// default rows typed by <see cref="Inputs"/>, asking for <see cref="V1Outputs"/>. Models that take free-form
    /// instances, as a transformer's pre-processing does, read the body themselves.
    /// </summary>
    public virtual InferenceRequest ReadV1Request(ReadOnlyMemory<byte> body) => Protocol.V1.V1JsonCodec.ReadRequest(body, Inputs, V1Outputs);

    /// <summary>Answers <c>:explain</c>; models without an explainer refuse with 501.</summary>
    public virtual ValueTask<InferenceResponse> ExplainAsync(InferenceRequest request, CancellationToken cancellationToken) =>
        throw InferenceException.NotImplemented($"model '{Name}' does not explain its predictions; serve an explainer for it");

    /// <summary>The requests holding a lease on the model.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Throws a 503 naming the reason unless the model is ready.</summary>
    public void EnsureReady()
    {
        if (NotReadyReason() is { } reason)
        {
            throw InferenceException.Unavailable($"model '{Name}' version {Version} is not ready: {reason}");
        }
    }

    /// <summary>Why the model is in its state, in a few words: why it is not ready, or what it says of itself when it is.</summary>
    public string? StateReason() => NotReadyReason() ?? ReadyReason;

    /// <summary>Null when ready; otherwise why not, in a few words.</summary>
    public string? NotReadyReason() => _state switch
    {
        ModelState.Ready => null,
        ModelState.Failed => $"it failed to load: {FailureReason}",
        ModelState.Unloading => "it is unloading",
        ModelState.Unloaded => "it is unloaded",
        _ => "it is still loading",
    };

    /// <summary>
    /// Takes a lease for one request, so an unload waits for it; false when the model is not ready. The count goes
    /// up before the state is read, so an unload that has begun either sees this request or this request sees it.
    /// </summary>
    public bool TryAcquire()
    {
        Interlocked.Increment(ref _inFlight);
        if (_state == ModelState.Ready)
        {
            return true;
        }

        Release();
        return false;
    }

    /// <summary>Returns a lease taken with <see cref="TryAcquire"/>.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && _state == ModelState.Unloading)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>
    /// Refuses new requests (503), waits for those in flight to finish, then releases what loading acquired.
    /// Never interrupts a request; <paramref name="cancellationToken"/> only stops the waiting.
    /// </summary>
    public async Task UnloadAsync(CancellationToken cancellationToken)
    {
        if (_state is ModelState.Unloading or ModelState.Unloaded)
        {
            return;
        }

        _state = ModelState.Unloading;
        if (InFlight == 0)
        {
            _drained.TrySetResult();
        }

        await _drained.Task.WaitAsync(cancellationToken);
        await StopBatchingAsync();
        await UnloadCoreAsync();
        _state = ModelState.Unloaded;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopBatchingAsync();
        await UnloadCoreAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Loads the model: reads it, fills <see cref="Inputs"/> and <see cref="Outputs"/>, warms it up.</summary>
    protected abstract ValueTask LoadCoreAsync(CancellationToken cancellationToken);

    /// <summary>Runs the model on a validated request.</summary>
    protected abstract ValueTask<InferenceResponse> PredictAsync(InferenceRequest request, CancellationToken cancellationToken);

    /// <summary>Transforms a request before prediction; the identity by default.</summary>
    protected virtual ValueTask<InferenceRequest> PreprocessAsync(InferenceRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(request);

    /// <summary>Transforms a response after prediction; the identity by default.</summary>
    protected virtual ValueTask<InferenceResponse> PostprocessAsync(InferenceResponse response, CancellationToken cancellationToken) => ValueTask.FromResult(response);

    /// <summary>Checks a request against <see cref="Inputs"/> and <see cref="Outputs"/>; models that take free-form requests override it.</summary>
    protected virtual void ValidateRequest(InferenceRequest request) => RequestValidator.Validate(this, request);

    /// <summary>Releases what loading acquired.</summary>
    protected virtual ValueTask UnloadCoreAsync() => ValueTask.CompletedTask;

    private void StartBatching()
    {
        if (Batching is not { Enabled: true } batching)
        {
            return;
        }

        if (batching.Problem() is { } problem)
        {
            throw new InvalidDataException($"dynamic batching: {problem}");
        }

        if (!CanBatch && Inputs.Concat(Outputs).FirstOrDefault(t => t.Shape.Length == 0 || t.Shape[0] >= 0) is { } fixedTensor)
        {
            throw new InvalidDataException(
                $"dynamic batching needs a first dimension of any size on every input and output, and '{fixedTensor.Name}' has shape [{string.Join(",", fixedTensor.Shape)}]; turn batching off for this model");
        }

        var counters = new BatchCounters();
        BatchCounters = counters;
        _batcher = new DynamicBatcher(PredictAsync, batching, counters.Record);
    }

    private async ValueTask StopBatchingAsync()
    {
        if (_batcher is { } batcher)
        {
            _batcher = null;
            await batcher.DisposeAsync();
        }
    }
}
