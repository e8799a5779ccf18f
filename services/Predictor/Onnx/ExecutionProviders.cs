using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Modelplane.Predictor.Onnx;

/// <summary>Turns <see cref="OnnxRuntimeOptions"/> into session options, and checks the chosen provider exists in this runtime.</summary>
internal static class ExecutionProviders
{
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";

    /// <summary>Null when the options can run here; otherwise what to change.</summary>
    public static string? Check(OnnxRuntimeOptions options)
    {
        var provider = options.ExecutionProvider.ToLowerInvariant();
        if (provider == Cpu)
        {
            return null;
        }

        if (provider != Cuda)
        {
            return $"Serving:Onnx:ExecutionProvider is '{options.ExecutionProvider}'; use '{Cpu}' or '{Cuda}'";
        }

        var available = OrtEnv.Instance().GetAvailableProviders();
        return available.Contains("CUDAExecutionProvider")
            ? null
            : $"Serving:Onnx:ExecutionProvider is 'cuda', but this ONNX Runtime has no CUDA provider (it has: {string.Join(", ", available)}); "
                + "run the predictor with the Microsoft.ML.OnnxRuntime.Gpu package on a machine with CUDA, or set Serving:Onnx:ExecutionProvider to 'cpu'";
    }

    public static SessionOptions CreateSessionOptions(OnnxRuntimeOptions options)
    {
        var session = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = options.InterOpThreads > 1 ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
        };

        // Spinning worker threads burn a core each while idle; a server with many concurrent requests has better use for it.
        session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        session.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        if (string.Equals(options.ExecutionProvider, Cuda, StringComparison.OrdinalIgnoreCase))
        {
            session.AppendExecutionProvider_CUDA(options.CudaDeviceId);
        }

        return session;
    }
}
