namespace Modelplane.Explainer.Tests.EndToEnd;

/// <summary>The built explainer as its own process: a setting it cannot work with stops it with exit code 2 and one line saying which and why.</summary>
public sealed class StartupTests
{
    private const string NoRepository =
        "no model repository: pass --model-repository DIR (or an s3:// URI), or set STORAGE_URI with --model_name NAME, or set Serving:ModelRepository (Serving__ModelRepository in the environment)";

    private const string NoPredictor =
        "no predictor to call: set Explainer:PredictorUrl (--predictor_host HOST:PORT), or services__predictor__http__0 as the AppHost does (Explainer:Predictor names the service, 'predictor')";

    [Theory]
    [InlineData("no repository and no predictor", new string[0], null, null, $"error: {NoRepository}; {NoPredictor}")]
    [InlineData("no predictor", new[] { "--model-repository", "models" }, null, null, $"error: {NoPredictor}")]
    [InlineData(
        "a predictor address with a path", new[] { "--model-repository", "models", "--predictor_host", "http://127.0.0.1:8080/v2" }, null, null,
        "error: Explainer:PredictorUrl 'http://127.0.0.1:8080/v2' is not a predictor address; give http://HOST:PORT or HOST:PORT")]
    [InlineData(
        "a misspelt setting", new[] { "--model-repository", "models", "--predictor_host", "127.0.0.1:8080" }, "Explainer__Methd", "Exact",
        "error: Explainer:Methd is not an explainer setting (settings: PredictorUrl, Predictor, MaxBatchSize, MaxBatchBytes, PredictorTimeoutSeconds, Method, ")]
    [InlineData(
        "a method there is not", new[] { "--model-repository", "models", "--predictor_host", "127.0.0.1:8080" }, "Explainer__Models__iris__Method", "Lime",
        "error: Explainer:Models:iris:Method is 'Lime'; use one of Auto, Exact, KernelShap, Occlusion")]
    public async Task Bad_configuration_exits_with_code_2_and_one_line_on_stderr(string problem, string[] arguments, string? variable, string? value, string message)
    {
        var environment = variable is null ? null : new Dictionary<string, string> { [variable] = value! };
        await using var explainer = ServerProcess.Start("Explainer", arguments, environment);

        Assert.True(await explainer.WaitForExitAsync() == 2, $"{problem}: exit code; {explainer.StandardError}");
        var stderr = explainer.StandardError.Trim();
        Assert.StartsWith(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stderr);
        Assert.DoesNotContain("   at ", explainer.StandardOutput, StringComparison.Ordinal);
    }
}
