using Microsoft.Extensions.Configuration;
using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting;

/// <summary>
/// Describes the graph (Aspire's <c>DistributedApplicationBuilder</c>): resources and their annotations, and the
/// AppHost's configuration (its <c>appsettings.json</c>, environment variables and <c>--key=value</c> arguments).
/// </summary>
public sealed class PlatformApplicationBuilder
{
    private readonly List<IResource> _resources = [];
    private readonly List<Action<PlatformApplicationBuilder>> _beforeBuild = [];
    private readonly List<string> _problems = [];
    private readonly List<string> _warnings = [];

    internal PlatformApplicationBuilder(PlatformApplicationOptions options)
    {
        Options = options;
        AppHostDirectory = options.AppHostDirectory ?? Directory.GetCurrentDirectory();
        Configuration = new ConfigurationManager();
        Configuration.SetBasePath(AppHostDirectory);
        Configuration.AddJsonFile("appsettings.json", optional: true);
        Configuration.AddJsonFile("appsettings.Development.json", optional: true);
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine([.. options.Args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))]);
        Configuration.AddInMemoryCollection(options.Settings);
    }

    /// <summary>The AppHost's configuration.</summary>
    public ConfigurationManager Configuration { get; }

    /// <summary>The AppHost project's directory: relative paths in the graph are taken from here.</summary>
    public string AppHostDirectory { get; }

    /// <summary>
    /// Where a run keeps the store's data, each replica's log, the gateway's route table and the run's state:
    /// <c>Modelplane:DataDirectory</c>, else <c>~/.modelplane/{apphost}-{hash of its directory}</c>.
    /// </summary>
    public string DataDirectory => Configuration["Modelplane:DataDirectory"] is { Length: > 0 } configured
        ? ResolvePath(configured)
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".modelplane", AppHostKey());

    /// <summary>The resources added so far.</summary>
    public IReadOnlyList<IResource> Resources => _resources;

    internal PlatformApplicationOptions Options { get; }

    /// <summary>Adds a resource; its name must be unused.</summary>
    public IResourceBuilder<T> AddResource<T>(T resource)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"the graph already has a resource named '{resource.Name}'; every resource needs its own name");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    /// <summary>
    /// Records something that keeps the graph from running (a spec that cannot be read, a missing model directory),
    /// naming where it is and what to change. The graph is still built, so every problem is reported at once.
    /// </summary>
    public void AddProblem(string problem) => _problems.Add(problem);

    /// <summary>Records something worth telling the user that does not keep the graph from running (an unknown spec field).</summary>
    public void AddWarning(string warning) => _warnings.Add(warning);

    /// <summary>The warnings so far.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>A builder for a resource already added.</summary>
    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource)
        where T : IResource => new ResourceBuilder<T>(resource, this);

    /// <summary>
    /// Runs <paramref name="action"/> when <see cref="Build"/> starts, in the order added: resources that expand into
    /// others (an InferenceService into its components) do so once everything has been said about them.
    /// </summary>
    public void BeforeBuild(Action<PlatformApplicationBuilder> action) => _beforeBuild.Add(action);

    /// <summary>A path in the graph, taken from the AppHost directory when relative.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, AppHostDirectory);

    /// <summary>
    /// Finishes the graph: expands resources and checks it. A graph with problems is still built; running or
    /// publishing it reports every problem and starts nothing.
    /// </summary>
    public PlatformApplication Build()
    {
        // A hook may add resources and further hooks; run until none is left.
        for (var i = 0; i < _beforeBuild.Count; i++)
        {
            try
            {
                _beforeBuild[i](this);
            }
            catch (GraphException e)
            {
                _problems.AddRange(e.Problems);
            }
        }

        var model = new PlatformApplicationModel([.. _resources]);
        return new PlatformApplication(model, this, [.. _problems, .. GraphValidator.Check(model)]);
    }

    private string AppHostKey()
    {
        var directory = Path.GetFullPath(AppHostDirectory).TrimEnd(Path.DirectorySeparatorChar);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(directory)))[..8];
        return $"{Path.GetFileName(directory).ToLowerInvariant()}-{hash}";
    }
}
