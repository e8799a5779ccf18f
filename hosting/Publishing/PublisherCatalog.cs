using Modelplane.Hosting.Publishing.KServe;
using Modelplane.Hosting.Publishing.Kubernetes;

namespace Modelplane.Hosting.Publishing;

/// <summary>The publish targets by name. The Aspire manifest is Aspire's own publisher's (<c>--publisher manifest</c>).</summary>
public static class PublisherCatalog
{
    /// <summary>The target Aspire's manifest publisher writes.</summary>
    public const string Manifest = "manifest";

    /// <summary>Modelplane's own publishers, in the order <c>publish --help</c> lists them.</summary>
    public static IReadOnlyList<IPublisher> All { get; } = [new KubernetesPublisher(), new KServePublisher()];

    /// <summary>Every target's name, Aspire's manifest included.</summary>
    public static IReadOnlyList<string> Targets { get; } = [.. All.Select(p => p.Target), Manifest];

    /// <summary>The publisher of <paramref name="target"/>, or null.</summary>
    public static IPublisher? Find(string target) => All.FirstOrDefault(p => string.Equals(p.Target, target, StringComparison.Ordinal));

    /// <summary>Publishes <paramref name="graph"/> as <paramref name="options"/> say: the files, or a <see cref="GraphException"/> listing every problem.</summary>
    public static Task<PublishedFiles> PublishAsync(ModelplaneGraph graph, PublishOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        var publisher = Find(options.Target)
            ?? throw new GraphException([$"unknown publish target '{options.Target}'; use one of {string.Join(", ", Targets)}"]);
        graph.Complete();
        if (graph.Problems.Count > 0)
        {
            throw new GraphException(graph.Problems);
        }

        return publisher.PublishAsync(new PublishContext(graph, options), cancellationToken);
    }
}
