using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Modelplane.Predictor.Onnx;

/// <summary>The execution providers a model can run on, their settings, and the session options that ask ONNX Runtime for them.</summary>
internal static class ExecutionProviders
{
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";
    public const string TensorRt = "tensorrt";

    private static readonly string[] Names = [Cpu, Cuda, TensorRt];

    // The settings' values and the spellings ONNX Runtime's provider options take for them.
    private static readonly Dictionary<string, string> ArenaExtendStrategies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["NextPowerOfTwo"] = "kNextPowerOfTwo",
        ["SameAsRequested"] = "kSameAsRequested",
    };

    private static readonly Dictionary<string, string> ConvAlgoSearches = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Exhaustive"] = "EXHAUSTIVE",
        ["Heuristic"] = "HEURISTIC",
        ["Default"] = "DEFAULT",
    };

    /// <summary>The provider the settings ask for, in lower case; null when they name none of them.</summary>
    public static string? Requested(OnnxRuntimeOptions options) =>
        Names.FirstOrDefault(name => string.Equals(name, options.ExecutionProvider, StringComparison.OrdinalIgnoreCase));

    /// <summary>The provider's name as ONNX Runtime lists it among its available providers.</summary>
    public static string RuntimeName(string provider) => provider switch
    {
        Cuda => "CUDAExecutionProvider",
        TensorRt => "TensorrtExecutionProvider",
        _ => "CPUExecutionProvider",
    };

    /// <summary>The provider's name as people write it.</summary>
    public static string DisplayName(string provider) => provider switch
    {
        Cuda => "CUDA",
        TensorRt => "TensorRT",
        _ => "CPU",
    };

    /// <summary>
    /// What a model says of where it runs, as its ready reason: the provider, the GPU, and the one asked for when the
    /// CPU stands in for it.
    /// </summary>
    public static string Describe(string provider, OnnxRuntimeOptions options)
    {
        var requested = Requested(options)!;
        return provider switch
        {
            Cuda => $"execution provider: {Cuda} (GPU {options.GpuDeviceId})",
            TensorRt => $"execution provider: {TensorRt}, then {Cuda} (GPU {options.GpuDeviceId})",
            _ when requested != Cpu => $"execution provider: {Cpu} ({requested} could not be used; Serving:Onnx:CpuFallback is true)",
            _ => $"execution provider: {Cpu}",
        };
    }

    /// <summary>Each setting that cannot work, naming the setting and what it may be.</summary>
    public static IEnumerable<string> SettingProblems(OnnxRuntimeOptions options)
    {
        if (Requested(options) is null)
        {
            yield return $"{Setting(nameof(options.ExecutionProvider))} is '{options.ExecutionProvider}'; use '{Cpu}', '{Cuda}' or '{TensorRt}'";
        }

        if (options.DeviceId < 0)
        {
            yield return $"{Setting(nameof(options.DeviceId))} is {options.DeviceId}; it is the GPU's number, 0 or more";
        }

        if (options.CudaDeviceId < 0)
        {
            yield return $"{Setting(nameof(options.CudaDeviceId))} is {options.CudaDeviceId}; it is the GPU's number, 0 or more";
        }

        if (options is { DeviceId: { } device, CudaDeviceId: { } cudaDevice } && device != cudaDevice)
        {
            yield return $"{Setting(nameof(options.DeviceId))} is {device} but {Setting(nameof(options.CudaDeviceId))}, its older name, is {cudaDevice}; set only {Setting(nameof(options.DeviceId))}";
        }

        if (options.GpuMemoryLimit < 0)
        {
            yield return $"{Setting(nameof(options.GpuMemoryLimit))} is {options.GpuMemoryLimit}; it is a number of bytes, or 0 for no limit";
        }

        if (!ArenaExtendStrategies.ContainsKey(options.ArenaExtendStrategy))
        {
            yield return $"{Setting(nameof(options.ArenaExtendStrategy))} is '{options.ArenaExtendStrategy}'; use {string.Join(" or ", ArenaExtendStrategies.Keys)}";
        }

        if (!ConvAlgoSearches.ContainsKey(options.CudnnConvAlgoSearch))
        {
            yield return $"{Setting(nameof(options.CudnnConvAlgoSearch))} is '{options.CudnnConvAlgoSearch}'; use {string.Join(", ", ConvAlgoSearches.Keys)}";
        }

        if (options.TensorRtEngineCacheDirectory is { Length: > 0 } cache && File.Exists(cache))
        {
            yield return $"{Setting(nameof(options.TensorRtEngineCacheDirectory))} '{cache}' is a file; it must be a directory (made if missing)";
        }

        if (options.IntraOpThreads < 0 || options.InterOpThreads < 0)
        {
            yield return $"{Setting(nameof(options.IntraOpThreads))} and {nameof(options.InterOpThreads)} must be 0 or more";
        }
    }

    /// <summary>The CUDA provider's options, under the keys ONNX Runtime documents for <see cref="OrtCUDAProviderOptions"/>.</summary>
    public static Dictionary<string, string> CudaProviderOptions(OnnxRuntimeOptions options)
    {
        var settings = new Dictionary<string, string>
        {
            ["device_id"] = options.GpuDeviceId.ToString(CultureInfo.InvariantCulture),
            ["arena_extend_strategy"] = ArenaExtendStrategies[options.ArenaExtendStrategy],
            ["cudnn_conv_algo_search"] = ConvAlgoSearches[options.CudnnConvAlgoSearch],
        };

        // Left out, ONNX Runtime's own default applies: no limit.
        if (options.GpuMemoryLimit > 0)
        {
            settings["gpu_mem_limit"] = options.GpuMemoryLimit.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>The TensorRT provider's options, under the keys ONNX Runtime documents for <see cref="OrtTensorRTProviderOptions"/>.</summary>
    public static Dictionary<string, string> TensorRtProviderOptions(OnnxRuntimeOptions options)
    {
        var settings = new Dictionary<string, string>
        {
            ["device_id"] = options.GpuDeviceId.ToString(CultureInfo.InvariantCulture),
            ["trt_fp16_enable"] = options.TensorRtFp16 ? "1" : "0",
        };
        if (options.TensorRtEngineCacheDirectory is { Length: > 0 } cache)
        {
            // A full path: the engines land where the setting says wherever the predictor was started from.
            settings["trt_engine_cache_enable"] = "1";
            settings["trt_engine_cache_path"] = Path.GetFullPath(cache);
        }

        return settings;
    }

    /// <summary>
    /// The providers a session on <paramref name="provider"/> asks for, in order; the CPU, implicit, comes last.
    /// ONNX Runtime gives each node to the first that can run it, and recommends CUDA behind TensorRT for what
    /// TensorRT cannot, so that little falls through to the CPU.
    /// </summary>
    public static IReadOnlyList<string> SessionProviders(string provider) => provider switch
    {
        TensorRt => [TensorRt, Cuda],
        Cuda => [Cuda],
        _ => [],
    };

    /// <summary>Session options that run on <paramref name="provider"/>, which may be the CPU when the settings asked for a GPU provider.</summary>
    public static SessionOptions CreateSessionOptions(OnnxRuntimeOptions options, string provider)
    {
        var session = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = options.InterOpThreads > 1 ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
        };

        try
        {
            // Spinning worker threads burn a core each while idle; a server with many concurrent requests has better use for it.
            session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            session.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
            foreach (var appended in SessionProviders(provider))
            {
                if (appended == TensorRt)
                {
                    AppendTensorRt(session, options);
                }
                else
                {
                    AppendCuda(session, options);
                }
            }

            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static void AppendCuda(SessionOptions session, OnnxRuntimeOptions options)
    {
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(CudaProviderOptions(options));
        session.AppendExecutionProvider_CUDA(cuda);
    }

    private static void AppendTensorRt(SessionOptions session, OnnxRuntimeOptions options)
    {
        if (options.TensorRtEngineCacheDirectory is { Length: > 0 } cache)
        {
            Directory.CreateDirectory(cache);
        }

        using var tensorRt = new OrtTensorRTProviderOptions();
        tensorRt.UpdateOptions(TensorRtProviderOptions(options));
        session.AppendExecutionProvider_Tensorrt(tensorRt);
    }

    private static string Setting(string name) => $"{OnnxRuntimeOptions.Section}:{name}";
}
