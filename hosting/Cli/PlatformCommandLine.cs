using System.CommandLine;

namespace Modelplane.Hosting.Cli;

/// <summary>The AppHost's command line: the commands an AppHost answers besides running its graph.</summary>
public static class PlatformCommandLine
{
    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("Modelplane: KServe's data plane on a developer's machine") { ModelsCommand.Create() };
        return root.Parse(args).InvokeAsync();
    }
}
