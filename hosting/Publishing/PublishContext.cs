using Microsoft.Extensions.Configuration;

namespace Modelplane.Hosting.Publishing;

/// <summary>What a publisher reads: the graph, the options, and the AppHost's configuration (for parameters).</summary>
public sealed class PublishContext(PlatformApplicationModel model, PublishOptions options, IConfiguration configuration, string appHostDirectory)
{
    public PlatformApplicationModel Model { get; } = model;

    public PublishOptions Options { get; } = options;

    /// <summary>The AppHost's configuration: <c>Parameters:{name}</c> values and <c>Modelplane:Publish:*</c> settings.</summary>
    public IConfiguration Configuration { get; } = configuration;

    /// <summary>The AppHost project's directory; paths written out are relative to it, never this machine's.</summary>
    public string AppHostDirectory { get; } = appHostDirectory;

    /// <summary>The value of parameter <paramref name="name"/> (<c>Parameters:{name}</c>, as Aspire reads parameters), or null.</summary>
    public string? Parameter(string name) => Configuration[$"Parameters:{name}"] is { Length: > 0 } value ? value : null;
}
