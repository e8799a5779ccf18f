using Modelplane.Hosting;

namespace Modelplane.EndToEnd.Tests.Storage;

/// <summary>The AppHost's <c>models push</c>, run in this process by an AppHost with an empty graph: how a user fills the store the predictors read from.</summary>
internal static class ModelStoreCommand
{
    public static async Task PushAsync(string directory, string destination, string connectionString)
    {
        await using var apphost = PlatformApplication.CreateBuilder(new PlatformApplicationOptions
        {
            Args = ["models", "push", directory, destination, "--store", connectionString],
            AppHostDirectory = RepositoryRoot.FullPath,
        }).Build();
        var exitCode = await apphost.RunAsync();
        Assert.True(exitCode == 0, $"models push {directory} {destination} exited with code {exitCode}");
    }
}
