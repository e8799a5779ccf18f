using Microsoft.ML.OnnxRuntime;

namespace Modelplane.Predictor.Onnx;

/// <summary>
/// Finds out before any model loads whether the provider the settings ask for can be used here: whether this ONNX
/// Runtime was built with it, and whether its library and the CUDA libraries it needs load.
/// </summary>
internal static class ExecutionProviderProbe
{
    /// <summary>Null when the provider can be used; otherwise one line saying what is missing and what to do.</summary>
    public static string? Problem(OnnxRuntimeOptions options)
    {
        var provider = ExecutionProviders.Requested(options)!;
        if (provider == ExecutionProviders.Cpu)
        {
            return null;
        }

        var available = OnnxRuntimeLog.Environment.GetAvailableProviders();
        if (!available.Contains(ExecutionProviders.RuntimeName(provider)))
        {
            return $"Serving:Onnx:ExecutionProvider is '{provider}', but this ONNX Runtime has no {ExecutionProviders.DisplayName(provider)} provider (it has: {string.Join(", ", available)}); "
                + $"build the predictor with -p:OnnxRuntimeFlavor=Gpu for the GPU package, or set Serving:Onnx:ExecutionProvider to '{ExecutionProviders.Cpu}'";
        }

        // Appending a provider loads its library, and with it the CUDA libraries it is linked against; the GPU itself
        // is first used when a session is made.
        using var log = OnnxRuntimeLog.Collect();
        try
        {
            using var session = ExecutionProviders.CreateSessionOptions(options, provider);
            return null;
        }
        catch (OnnxRuntimeException e)
        {
            return ProviderLoadFailure.Describe(provider, e.Message, log.Messages);
        }
    }
}
