using Microsoft.ML.OnnxRuntime;

namespace Modelplane.Predictor.Onnx;

/// <summary>
/// ONNX Runtime's environment, made with its log routed here. Left to itself, ONNX Runtime writes its messages to
/// stderr in colour beside the predictor's own; routed, what it says while a provider or a model loads is collected
/// and becomes part of one message, such as the library a GPU provider could not find.
/// </summary>
internal static class OnnxRuntimeLog
{
    // Held by a field for the life of the process: native code calls it, and a collected delegate would crash it.
    private static readonly DOrtLoggingFunction WriteFunction = Write;

    private static readonly Lazy<OrtEnv> LazyEnvironment = new(Create);

    [ThreadStatic]
    private static List<string>? t_collected;

    /// <summary>The process's ONNX Runtime environment; every use of ONNX Runtime in the predictor starts here, so it is made with this log.</summary>
    public static OrtEnv Environment => LazyEnvironment.Value;

    /// <summary>
    /// Collects what ONNX Runtime logs on this thread until disposed, instead of writing it: what it logs while
    /// appending a provider or creating a session, it logs on the caller's thread before it returns or throws.
    /// </summary>
    public static Collection Collect()
    {
        _ = Environment;
        return new Collection();
    }

    private static OrtEnv Create()
    {
        var options = new EnvironmentCreationOptions
        {
            logId = "modelplane",
            logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
            loggingFunction = WriteFunction,
        };
        try
        {
            return OrtEnv.CreateInstanceWithOptions(ref options);
        }
        catch (OnnxRuntimeException) when (OrtEnv.IsCreated)
        {
            // Made already by other code in this process (a test's, which loads models on its own): it logs as ONNX
            // Runtime does by default, and what a provider's failure says comes from its exception alone.
            return OrtEnv.Instance();
        }
    }

    private static void Write(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        if (t_collected is { } collected)
        {
            collected.Add(message);
            return;
        }

        // Rare once models are loaded; one plain line, as ONNX Runtime would write it without the colour.
        Console.Error.WriteLine($"onnxruntime {severity switch
        {
            OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL => "fatal",
            OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR => "error",
            OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING => "warning",
            _ => "info",
        }}: {message}");
    }

    /// <summary>What ONNX Runtime logged on one thread while it was open.</summary>
    public sealed class Collection : IDisposable
    {
        private readonly List<string>? _outer = t_collected;
        private readonly List<string> _messages = [];

        internal Collection() => t_collected = _messages;

        public IReadOnlyList<string> Messages => _messages;

        public void Dispose() => t_collected = _outer;
    }
}
