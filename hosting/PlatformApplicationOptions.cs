namespace Modelplane.Hosting;

/// <summary>How an AppHost is created: its arguments, its directory, and settings that win over its configuration (for tests).</summary>
public sealed class PlatformApplicationOptions
{
    /// <summary>The command line.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>The AppHost project's directory; by default the current directory.</summary>
    public string? AppHostDirectory { get; init; }

    /// <summary>Configuration that wins over appsettings.json, the environment and the command line.</summary>
    public IDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}
