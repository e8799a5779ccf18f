namespace Modelplane.Hosting.ApplicationModel;

/// <summary>A .NET service of the solution, run locally as <c>dotnet {assembly}</c> and published as a container.</summary>
public class ProjectResource(string name, IProjectMetadata project) : Resource(name)
{
    /// <summary>The project it runs.</summary>
    public IProjectMetadata Project { get; } = project;
}
