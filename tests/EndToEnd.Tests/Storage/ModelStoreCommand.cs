using Aspire.Hosting;
using Modelplane.Hosting.Cli;

namespace Modelplane.EndToEnd.Tests.Storage;

/// <summary>The AppHost's <c>models push</c>, run in this process by an AppHost with an empty graph: how a user fills the store the predictors read from.</summary>
internal static class ModelStoreCommand
{
    public static async Task PushAsync(string directory, string destination, string connectionString)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["models", "push", directory, destination, "--store", connectionString],
            ProjectDirectory = RepositoryRoot.FullPath,
            DisableDashboard = true,
        });
        await using var apphost = builder.Build();
        var exitCode = await apphost.RunModelplaneAsync();
        Assert.True(exitCode == 0, $"models push {directory} {destination} exited with code {exitCode}");
    }
}
