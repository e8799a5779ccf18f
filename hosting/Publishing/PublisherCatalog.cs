using Modelplane.Hosting.Publishing.AspireManifest;
using Modelplane.Hosting.Publishing.KServe;
using Modelplane.Hosting.Publishing.Kubernetes;

namespace Modelplane.Hosting.Publishing;

/// <summary>The publish targets by name.</summary>
public static class PublisherCatalog
{
    /// <summary>Every target, in the order <c>publish --help</c> lists them.</summary>
    public static IReadOnlyList<IPublisher> All { get; } = [new KubernetesPublisher(), new KServePublisher(), new AspireManifestPublisher()];

    /// <summary>The publisher of <paramref name="target"/>, or null.</summary>
    public static IPublisher? Find(string target) => All.FirstOrDefault(p => string.Equals(p.Target, target, StringComparison.Ordinal));

    /// <summary>Publishes <paramref name="application"/> as <paramref name="options"/> say: the files, or a <see cref="GraphException"/> listing every problem.</summary>
    public static PublishedFiles Publish(PlatformApplication application, PublishOptions options)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(options);
        var publisher = Find(options.Target)
            ?? throw new GraphException([$"unknown publish target '{options.Target}'; use one of {string.Join(", ", All.Select(p => p.Target))}"]);
        if (application.Problems.Count > 0)
        {
            throw new GraphException(application.Problems);
        }

        return publisher.Publish(new PublishContext(application.Model, options, application.Configuration, application.Builder.AppHostDirectory));
    }
}
