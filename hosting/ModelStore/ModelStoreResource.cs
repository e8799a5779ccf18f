using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.ModelStore;

/// <summary>
/// An S3 model store: in a local run a MinIO or s3rver process on 127.0.0.1 with its objects under the AppHost's data
/// directory, filled with the graph's sample models once it answers; published as a MinIO StatefulSet or an external S3
/// endpoint. Its bucket has the resource's name, so the store <c>models</c> holds <c>s3://models/{model}</c>. Others
/// reach it through its connection string (<c>ConnectionStrings__{name}</c>).
/// </summary>
public sealed class ModelStoreResource(string name, string dataDirectory)
    : ExecutableResource(name, S3ServerCommand.Minio, dataDirectory), IResourceWithConnectionString, IServiceProcess
{
    private readonly List<ModelSeed> _seeds = [];

    /// <summary>The bucket the store's models live in.</summary>
    public string Bucket => Name;

    /// <summary>Where a local run keeps the store's objects.</summary>
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>The server of a local run, once the run is prepared; null when publishing.</summary>
    public S3ServerCommand? Server { get; internal set; }

    /// <summary>The local model directories the store is filled with at start.</summary>
    public IReadOnlyList<ModelSeed> Seeds => _seeds;

    /// <inheritdoc />
    public LocalEndpoints? Endpoints => Server is { } server ? new LocalEndpoints(server.Port, null) : null;

    /// <inheritdoc />
    public string? ReadinessPath => null;

    /// <inheritdoc />
    public string? Instance => null;

    /// <summary>The local connection string: the server's address and keys.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Server?.ConnectionString ?? string.Empty}");

    /// <summary>The storage URI of a model in this store.</summary>
    public string UriOf(string model) => $"s3://{Bucket}/{model}";

    internal void AddSeed(ModelSeed seed) => _seeds.Add(seed);
}
