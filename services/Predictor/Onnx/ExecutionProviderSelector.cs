using Microsoft.Extensions.Options;

namespace Modelplane.Predictor.Onnx;

/// <summary>
/// Decides once which provider the models run on: the one the settings ask for, or the CPU when that one cannot be
/// used here and <c>Serving:Onnx:CpuFallback</c> allows it, which is said in one warning.
/// </summary>
internal sealed partial class ExecutionProviderSelector
{
    private readonly Lazy<string> _provider;

    public ExecutionProviderSelector(IOptions<OnnxRuntimeOptions> options, ILogger<ExecutionProviderSelector> logger)
    {
        _provider = new Lazy<string>(() =>
        {
            var requested = ExecutionProviders.Requested(options.Value)!;
            if (ExecutionProviderProbe.Problem(options.Value) is not { } problem)
            {
                return requested;
            }

            // Without the fallback the predictor refused to start, so this is the fallback's case.
            LogFallback(logger, problem);
            return ExecutionProviders.Cpu;
        });
    }

    /// <summary>The provider models run on.</summary>
    public string Provider => _provider.Value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}; Serving:Onnx:CpuFallback is true, so models run on the CPU")]
    private static partial void LogFallback(ILogger logger, string problem);
}
