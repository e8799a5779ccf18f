using Modelplane.Hosting.Cli;

namespace Modelplane.EndToEnd.Tests.Storage;

/// <summary>The AppHost's <c>models push</c>, run in this process: how a user fills the store the predictors read from.</summary>
internal static class ModelStoreCommand
{
    public static async Task PushAsync(string directory, string destination, string connectionString)
    {
        var exitCode = await PlatformCommandLine.InvokeAsync(["models", "push", directory, destination, "--store", connectionString]);
        Assert.True(exitCode == 0, $"models push {directory} {destination} exited with code {exitCode}");
    }
}
