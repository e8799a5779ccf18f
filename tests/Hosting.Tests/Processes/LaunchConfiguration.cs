using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Modelplane.Hosting.Tests.Processes;

/// <summary>What DCP would be given to start a resource (its arguments, its environment), as Aspire resolves it, without starting it.</summary>
internal static class LaunchConfiguration
{
    public static async Task<Dictionary<string, string>> EnvironmentOfAsync(DistributedApplication app, IResource resource)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(resource).WithEnvironmentVariablesConfig().BuildAsync(Context(app));
        Assert.Null(configuration.Exception);
        return configuration.EnvironmentVariables.ToDictionary(StringComparer.Ordinal);
    }

    public static async Task<List<string>> ArgumentsOfAsync(DistributedApplication app, IResource resource)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(resource).WithArgumentsConfig().BuildAsync(Context(app));
        Assert.Null(configuration.Exception);
        return [.. configuration.Arguments.Select(a => a.Value)];
    }

    private static DistributedApplicationExecutionContext Context(DistributedApplication app) => app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
}
