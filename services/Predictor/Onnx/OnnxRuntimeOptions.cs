namespace Modelplane.Predictor.Onnx;

/// <summary>ONNX Runtime settings, bound from <c>Serving:Onnx</c>.</summary>
public sealed class OnnxRuntimeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Serving:Onnx";

    /// <summary><c>cpu</c> (the default) or <c>cuda</c>, which needs the Microsoft.ML.OnnxRuntime.Gpu runtime.</summary>
    public string ExecutionProvider { get; set; } = "cpu";

    /// <summary>The GPU for the CUDA provider.</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>
    /// Threads one inference may use inside an operator. 1 by default: a server runs many requests at once, and
    /// small models gain nothing from more; raise it for large models where one request should use several cores.
    /// 0 lets ONNX Runtime choose.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Threads for running independent operators in parallel; 1 (sequential) by default.</summary>
    public int InterOpThreads { get; set; } = 1;
}
