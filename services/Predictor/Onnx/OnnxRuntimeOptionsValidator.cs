using Microsoft.Extensions.Options;

namespace Modelplane.Predictor.Onnx;

/// <summary>
/// Refuses ONNX Runtime settings that cannot work here before the predictor starts, each failure naming its
/// setting; a GPU provider that cannot be used is refused unless <c>Serving:Onnx:CpuFallback</c> is true.
/// </summary>
internal sealed class OnnxRuntimeOptionsValidator : IValidateOptions<OnnxRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, OnnxRuntimeOptions options)
    {
        var problems = ExecutionProviders.SettingProblems(options).ToList();
        if (problems.Count == 0 && !options.CpuFallback && ExecutionProviderProbe.Problem(options) is { } unusable)
        {
            problems.Add(unusable);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
