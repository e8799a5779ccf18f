using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace Modelplane.Predictor.Onnx;

/// <summary>Refuses ONNX Runtime settings that cannot work here before the predictor starts, each failure naming its setting.</summary>
internal sealed class OnnxRuntimeOptionsValidator : IValidateOptions<OnnxRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, OnnxRuntimeOptions options)
    {
        var problems = ExecutionProviders.SettingProblems(options).ToList();
        if (problems.Count == 0 && Unavailable(options) is { } unavailable)
        {
            problems.Add(unavailable);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static string? Unavailable(OnnxRuntimeOptions options)
    {
        var provider = ExecutionProviders.Requested(options)!;
        if (provider == ExecutionProviders.Cpu)
        {
            return null;
        }

        var available = OrtEnv.Instance().GetAvailableProviders();
        return available.Contains(ExecutionProviders.RuntimeName(provider))
            ? null
            : $"Serving:Onnx:ExecutionProvider is '{provider}', but this ONNX Runtime has no {ExecutionProviders.DisplayName(provider)} provider (it has: {string.Join(", ", available)}); "
                + "run the predictor with the Microsoft.ML.OnnxRuntime.Gpu package on a machine with CUDA, or set Serving:Onnx:ExecutionProvider to 'cpu'";
    }
}
