using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.ModelStore;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// How the cluster reaches a model store: MinIO published beside the services (its Service), or an external S3
/// endpoint (<c>Modelplane:Publish:Stores:{store}:Endpoint</c>); the keys are parameters, never written into the graph.
/// </summary>
internal sealed record StoreCredentials(Uri Endpoint, bool External, string AccessKey, string SecretKey)
{
    public static string AccessKeyParameter(IResource store) => $"{store.Name}-access-key";

    public static string SecretKeyParameter(IResource store) => $"{store.Name}-secret-key";

    /// <summary>The store's credentials, or null with the problems (missing parameters, a bad endpoint) added to <paramref name="problems"/>.</summary>
    public static StoreCredentials? Read(PublishContext context, ModelStoreResource store, ICollection<string> problems)
    {
        var accessKey = context.Parameter(AccessKeyParameter(store));
        var secretKey = context.Parameter(SecretKeyParameter(store));
        var missing = new[] { (AccessKeyParameter(store), accessKey), (SecretKeyParameter(store), secretKey) }.Where(p => p.Item2 is null).Select(p => p.Item1).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{store.Name}: the model store's credentials are parameters the cluster needs; pass {string.Join(" and ", missing.Select(m => $"--Parameters:{m}=VALUE"))} (or set them under Parameters in the AppHost's configuration or user secrets)");
        }

        Uri? endpoint;
        var configured = context.Configuration[$"Modelplane:Publish:Stores:{store.Name}:Endpoint"];
        if (configured is { Length: > 0 })
        {
            if (!Uri.TryCreate(configured, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                problems.Add($"{store.Name}: Modelplane:Publish:Stores:{store.Name}:Endpoint is '{configured}', not an http or https URL; write e.g. https://s3.eu-west-1.amazonaws.com");
                return null;
            }
        }
        else
        {
            endpoint = new Uri(ClusterPlacement.Address(store.Name, ModelStoreObjects.Port));
        }

        return accessKey is null || secretKey is null ? null : new StoreCredentials(endpoint, configured is { Length: > 0 }, accessKey, secretKey);
    }
}
