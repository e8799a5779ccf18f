using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting.ModelStore;

/// <summary>
/// An S3 model store: locally a MinIO or s3rver server on 127.0.0.1 with its data under the AppHost's data directory,
/// published as a MinIO StatefulSet or an external S3 endpoint. Its bucket has the resource's name, so the store
/// <c>models</c> holds <c>s3://models/{model}</c>.
/// </summary>
public sealed class ModelStoreResource(string name) : Resource(name), IResourceWithConnectionString
{
    /// <summary>The bucket the store's models live in.</summary>
    public string Bucket => Name;

    /// <summary>The storage URI of a model in this store.</summary>
    public string UriOf(string model) => $"s3://{Bucket}/{model}";
}
