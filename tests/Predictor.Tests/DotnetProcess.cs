using System.Diagnostics;

namespace Modelplane.Predictor.Tests;

/// <summary>
/// Runs <c>dotnet</c> with arguments from the repository root until it exits, its output captured; a run that outlives
/// its limit is killed with its process tree, so a test that fails leaves nothing running.
/// </summary>
internal static class DotnetProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.FullPath,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"dotnet {string.Join(' ', info.ArgumentList)} did not exit:\n{await error}\n{await output}");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Runs the built predictor (<c>dotnet Modelplane.Predictor.dll</c>) on 127.0.0.1 at ports the OS picks, as the
    /// README starts it; for settings it must refuse, so it exits on its own.
    /// </summary>
    public static Task<(int ExitCode, string Output, string Error)> RunPredictorAsync(IEnumerable<string> arguments) => RunAsync(
        [BuiltPredictor.Dll, .. arguments],
        new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Serving__GrpcPort"] = "0",
            ["DOTNET_ENVIRONMENT"] = "Production",
        });
}
