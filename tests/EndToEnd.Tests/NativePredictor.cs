using System.Diagnostics;

namespace Modelplane.EndToEnd.Tests;

/// <summary>
/// The predictor compiled ahead of time (Native AOT), published once for the tests that run it, as an AppHost built
/// with <c>-p:ModelplaneNativePredictor=true</c> publishes it: <c>dotnet publish services/Predictor -c Release -p:PublishAot=true</c>.
/// </summary>
public sealed class NativePredictor : IAsyncLifetime
{
    /// <summary>The published program.</summary>
    public string Program { get; } = RepositoryRoot.Combine("services", "Predictor", "bin", "native", "Release", "publish", "Modelplane.Predictor");

    public async Task InitializeAsync()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.FullPath,
        };
        foreach (var argument in (string[])["publish", "services/Predictor", "-c", "Release", "-p:PublishAot=true", "--nologo", "-v", "quiet"])
        {
            info.ArgumentList.Add(argument);
        }

        using var publish = Process.Start(info)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var error = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(20));
        if (publish.ExitCode != 0 || !File.Exists(Program))
        {
            throw new InvalidOperationException($"publishing the native predictor failed (exit code {publish.ExitCode}; it needs clang and zlib1g-dev):\n{await output}\n{await error}");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
