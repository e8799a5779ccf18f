using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting;

/// <summary>Adds .NET services and other programs to the graph.</summary>
public static class ProjectResourceBuilderExtensions
{
    /// <summary>Adds a .NET service of the solution, run from its built assembly, listening on an HTTP endpoint.</summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this PlatformApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new ProjectResource(name, new TProject())).WithHttpEndpoint();
    }

    /// <summary>Adds a .NET service run from <paramref name="project"/>'s built assembly, listening on an HTTP endpoint.</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this PlatformApplicationBuilder builder, string name, IProjectMetadata project)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new ProjectResource(name, project)).WithHttpEndpoint();
    }

    /// <summary>Adds a program run as a process from <paramref name="workingDirectory"/> (relative to the AppHost).</summary>
    public static IResourceBuilder<ExecutableResource> AddExecutable(
        this PlatformApplicationBuilder builder, string name, string command, string workingDirectory, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new ExecutableResource(name, command, builder.ResolvePath(workingDirectory))).WithArgs(args);
    }
}
