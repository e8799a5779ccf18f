namespace Modelplane.Hosting.Orchestration;

/// <summary>What starts one replica: the program, its arguments, where it runs and its environment on top of the AppHost's.</summary>
internal sealed record ProcessLaunch(string FileName, IReadOnlyList<string> Args, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The command as a person would type it, for messages.</summary>
    public string CommandLine => string.Join(' ', [FileName, .. Args]);
}
