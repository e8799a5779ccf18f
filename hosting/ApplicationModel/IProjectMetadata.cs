namespace Modelplane.Hosting.ApplicationModel;

/// <summary>Where a .NET service of the solution is: its project file and the assembly its build writes.</summary>
public interface IProjectMetadata
{
    /// <summary>The project file, for publishing its container image.</summary>
    string ProjectPath { get; }

    /// <summary>The built assembly, which the supervisor runs with <c>dotnet</c>.</summary>
    string AssemblyPath { get; }
}
