using k8s.Models;
using Aspire.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// The Secret of a model store: its endpoint in the cluster, access key and secret key (Aspire-style parameters
/// <c>{store}-access-key</c> and <c>{store}-secret-key</c>), and the connection string servers read.
/// </summary>
internal static class StoreSecret
{
    public const string EndpointKey = "endpoint";
    public const string AccessKeyKey = "access-key";
    public const string SecretKeyKey = "secret-key";
    public const string ConnectionStringKey = "connection-string";

    public static string NameOf(IResource store) => $"{store.Name}-credentials";

    public static V1Secret Create(IResource store, StoreCredentials credentials) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = NameOf(store), Labels = ObjectLabels.Of(store, "minio", "model-store") },
        Type = "Opaque",
        StringData = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [AccessKeyKey] = credentials.AccessKey,
            [ConnectionStringKey] = $"Endpoint={credentials.Endpoint.ToString().TrimEnd('/')};AccessKey={credentials.AccessKey};SecretKey={credentials.SecretKey}",
            [EndpointKey] = credentials.Endpoint.ToString().TrimEnd('/'),
            [SecretKeyKey] = credentials.SecretKey,
        }.ToDictionary(StringComparer.Ordinal),
    };
}
