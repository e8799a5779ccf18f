using Microsoft.Extensions.Configuration;

namespace Modelplane.Hosting.Publishing;

/// <summary>What a publisher reads: the completed graph, the options, and the AppHost's configuration (for parameters).</summary>
public sealed class PublishContext(ModelplaneGraph graph, PublishOptions options)
{
    /// <summary>The graph, completed.</summary>
    public ModelplaneGraph Graph { get; } = graph;

    public PublishOptions Options { get; } = options;

    /// <summary>The AppHost's configuration: <c>Parameters:{name}</c> values and <c>Modelplane:Publish:*</c> settings.</summary>
    public IConfiguration Configuration => Graph.Configuration;

    /// <summary>The value of parameter <paramref name="name"/> (<c>Parameters:{name}</c>, as Aspire reads parameters), or null.</summary>
    public string? Parameter(string name) => Configuration[$"Parameters:{name}"] is { Length: > 0 } value ? value : null;
}
