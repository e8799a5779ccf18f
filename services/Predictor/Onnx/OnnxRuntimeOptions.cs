namespace Modelplane.Predictor.Onnx;

/// <summary>ONNX Runtime settings, bound from <c>Serving:Onnx</c>.</summary>
public sealed class OnnxRuntimeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Serving:Onnx";

    /// <summary>
    /// <c>cpu</c> (the default), <c>cuda</c> or <c>tensorrt</c>; the GPU providers need the predictor's GPU flavour
    /// (built with <c>-p:OnnxRuntimeFlavor=Gpu</c>) and the CUDA libraries.
    /// </summary>
    public string ExecutionProvider { get; set; } = ExecutionProviders.Cpu;

    /// <summary>The GPU the CUDA and TensorRT providers run on, as CUDA numbers them; 0 when neither this nor <see cref="CudaDeviceId"/> is set.</summary>
    public int? DeviceId { get; set; }

    /// <summary>The older name of <see cref="DeviceId"/>, still read so existing settings keep working.</summary>
    public int? CudaDeviceId { get; set; }

    /// <summary>The most GPU memory, in bytes, the CUDA provider's arena may hold; 0 (the default) sets no limit.</summary>
    public long GpuMemoryLimit { get; set; }

    /// <summary>How the CUDA arena grows: <c>NextPowerOfTwo</c> (the default) or <c>SameAsRequested</c>.</summary>
    public string ArenaExtendStrategy { get; set; } = "NextPowerOfTwo";

    /// <summary>How cuDNN picks convolution algorithms: <c>Exhaustive</c> (the default), <c>Heuristic</c> or <c>Default</c>.</summary>
    public string CudnnConvAlgoSearch { get; set; } = "Exhaustive";

    /// <summary>Lets TensorRT run in FP16 where the GPU supports it: faster, slightly less precise.</summary>
    public bool TensorRtFp16 { get; set; }

    /// <summary>
    /// Where TensorRT keeps the engines it builds, so a restart does not build them again (minutes for a large
    /// model); unset, the cache is off.
    /// </summary>
    public string? TensorRtEngineCacheDirectory { get; set; }

    /// <summary>
    /// When true, a GPU provider that cannot be used is a warning and the models run on the CPU; when false (the
    /// default), it is an error: a server meant for a GPU should not quietly serve from the CPU.
    /// </summary>
    public bool CpuFallback { get; set; }

    /// <summary>
    /// Threads one inference may use inside an operator. 1 by default: a server runs many requests at once, and
    /// small models gain nothing from more; raise it for large models where one request should use several cores.
    /// 0 lets ONNX Runtime choose.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Threads for running independent operators in parallel; 1 (sequential) by default.</summary>
    public int InterOpThreads { get; set; } = 1;

    /// <summary>The GPU to run on, from either name of the setting.</summary>
    internal int GpuDeviceId => DeviceId ?? CudaDeviceId ?? 0;
}
