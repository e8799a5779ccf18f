namespace Modelplane.Hosting.ApplicationModel;

/// <summary>Any program on the machine, run as a process (Aspire's <c>AddExecutable</c>).</summary>
public sealed class ExecutableResource(string name, string command, string workingDirectory) : Resource(name)
{
    /// <summary>The program, found on PATH when not a path.</summary>
    public string Command { get; } = command;

    /// <summary>Where it runs.</summary>
    public string WorkingDirectory { get; } = workingDirectory;
}
