using Modelplane.Hosting;
using Modelplane.Hosting.Cli;

namespace Modelplane.EndToEnd.Tests.Storage;

/// <summary>The AppHost's <c>models push</c>, run in this process: how a user fills the store the predictors read from.</summary>
internal static class ModelStoreCommand
{
    public static async Task PushAsync(string directory, string destination, string connectionString)
    {
        // The command line answers for a graph; models push uses none of it, so an empty one does.
        var application = PlatformApplication.CreateBuilder(new PlatformApplicationOptions { AppHostDirectory = AppContext.BaseDirectory }).Build();
        var exitCode = await PlatformCommandLine.InvokeAsync(application, ["models", "push", directory, destination, "--store", connectionString], CancellationToken.None);
        Assert.True(exitCode == 0, $"models push {directory} {destination} exited with code {exitCode}");
    }
}
