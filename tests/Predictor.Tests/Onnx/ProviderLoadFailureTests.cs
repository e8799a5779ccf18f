using Modelplane.Predictor.Onnx;

namespace Modelplane.Predictor.Tests.Onnx;

/// <summary>
/// ONNX Runtime's failure to load a GPU provider, as one line naming the missing library and what to install. The
/// fixtures are what the GPU flavour (Microsoft.ML.OnnxRuntime.Gpu 1.32.0) said on a machine without CUDA, its
/// install directory shortened to /app.
/// </summary>
public sealed class ProviderLoadFailureTests
{
    // Thrown by OrtCUDAProviderOptions.UpdateOptions, the first call that loads the provider's library.
    private const string UpdateOptionsException =
        "[ErrorCode:Fail] /onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:2059 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : "
        + "Failed to load library /app/runtimes/linux-x64/native/libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: No such file or directory\n";

    // Thrown by SessionOptions.AppendExecutionProvider_CUDA(0), after ONNX Runtime logged the loader's words.
    private const string AppendException = "[ErrorCode:Fail] OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library";

    private const string AppendLogged =
        "/onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:2059 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : "
        + "Failed to load library /app/runtimes/linux-x64/native/libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: No such file or directory";

    private const string TensorRtException =
        "[ErrorCode:Fail] /onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:2059 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : "
        + "Failed to load library /app/runtimes/linux-x64/native/libonnxruntime_providers_tensorrt.so with error: libcublas.so.13: cannot open shared object file: No such file or directory\n";

    private const string CudaLine =
        "Serving:Onnx:ExecutionProvider is 'cuda', but ONNX Runtime cannot load its CUDA provider: "
        + "libcublasLt.so.13: cannot open shared object file: No such file or directory (loading libonnxruntime_providers_cuda.so); "
        + "install the CUDA 13 and cuDNN 9 runtime libraries and put their directory on LD_LIBRARY_PATH, or set Serving:Onnx:ExecutionProvider to 'cpu'";

    [Fact]
    public void The_missing_library_in_the_exception_becomes_the_line()
    {
        Assert.Equal(CudaLine, ProviderLoadFailure.Describe("cuda", UpdateOptionsException, []));
    }

    [Fact]
    public void The_missing_library_onnx_runtime_logged_becomes_the_line_when_the_exception_does_not_name_it()
    {
        Assert.Equal(CudaLine, ProviderLoadFailure.Describe("cuda", AppendException, ["some other warning", AppendLogged]));
    }

    [Fact]
    public void TensorRT_asks_for_tensorrt_as_well()
    {
        Assert.Equal(
            "Serving:Onnx:ExecutionProvider is 'tensorrt', but ONNX Runtime cannot load its TensorRT provider: "
                + "libcublas.so.13: cannot open shared object file: No such file or directory (loading libonnxruntime_providers_tensorrt.so); "
                + "install TensorRT 10 and the CUDA 13 and cuDNN 9 runtime libraries and put their directory on LD_LIBRARY_PATH, or set Serving:Onnx:ExecutionProvider to 'cpu'",
            ProviderLoadFailure.Describe("tensorrt", TensorRtException, []));
    }

    [Fact]
    public void A_failure_that_names_no_library_is_still_one_line_with_onnx_runtimes_words()
    {
        var line = ProviderLoadFailure.Describe("cuda", "[ErrorCode:Fail] the provider failed\n  in a way not seen before\n", []);

        Assert.Equal(
            "Serving:Onnx:ExecutionProvider is 'cuda', but ONNX Runtime cannot load its CUDA provider: [ErrorCode:Fail] the provider failed in a way not seen before; "
                + "install the CUDA 13 and cuDNN 9 runtime libraries and put their directory on LD_LIBRARY_PATH, or set Serving:Onnx:ExecutionProvider to 'cpu'",
            line);
    }
}
