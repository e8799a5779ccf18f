using System.Text.RegularExpressions;

namespace Modelplane.Predictor.Onnx;

/// <summary>
/// Turns ONNX Runtime's failure to load a GPU provider into one line: what is missing, as the system's loader said
/// it, and what to install. Where the loader's words are depends on the call that loaded the provider: in the
/// exception (updating provider options), or only in what ONNX Runtime logged before it threw "Failed to load
/// shared library" (appending a provider by device number).
/// </summary>
internal static partial class ProviderLoadFailure
{
    public static string Describe(string provider, string exceptionMessage, IEnumerable<string> logged)
    {
        var cause = logged.Prepend(exceptionMessage).Select(message => LibraryError().Match(message)).FirstOrDefault(match => match.Success) is { } match
            ? $"{match.Groups["error"].Value.Trim()} (loading {Path.GetFileName(match.Groups["library"].Value)})"
            : string.Join(' ', exceptionMessage.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return $"Serving:Onnx:ExecutionProvider is '{provider}', but ONNX Runtime cannot load its {ExecutionProviders.DisplayName(provider)} provider: {cause}; "
            + $"install {Libraries(provider)} and put their directory on {(OperatingSystem.IsWindows() ? "PATH" : "LD_LIBRARY_PATH")}, "
            + $"or set Serving:Onnx:ExecutionProvider to '{ExecutionProviders.Cpu}'";
    }

    // What the providers of Microsoft.ML.OnnxRuntime.Gpu 1.32 need and no NuGet package carries: CUDA 13, which both
    // libraries are linked against; cuDNN 9, which ONNX Runtime's CUDA requirements list and the TensorRT provider is
    // linked against; TensorRT 10 for the TensorRT provider.
    private static string Libraries(string provider) => provider == ExecutionProviders.TensorRt
        ? "TensorRT 10 and the CUDA 13 and cuDNN 9 runtime libraries"
        : "the CUDA 13 and cuDNN 9 runtime libraries";

    // "Failed to load library .../libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: ..."
    [GeneratedRegex(@"Failed to load library (?<library>\S+) with error: (?<error>[^\r\n]+)")]
    private static partial Regex LibraryError();
}
