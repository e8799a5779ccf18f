namespace Modelplane.Serving.Hosting;

/// <summary>Server-wide settings, bound from the <c>Serving</c> configuration section.</summary>
public sealed class ServingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Serving";

    /// <summary>Dynamic batching for every model that can be batched and whose <c>config.json</c> does not say otherwise; off by default.</summary>
    public Batching.BatchingOptions Batching { get; set; } = new();

    /// <summary>The largest request body accepted, in bytes; larger ones get 413. 64 MiB by default.</summary>
    public long MaxRequestBodySize { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// When true the server is ready only when every model is; when false (the default) it is ready once the
    /// initial load has finished and at least one model serves, so one broken model does not take the others down.
    /// </summary>
    public bool StrictReadiness { get; set; }

    /// <summary>
    /// The Triton-style model repository (<c>{model}/{version}/model.onnx</c>): a directory, or a store URI
    /// (<c>s3://bucket/prefix</c>, <c>file:///path</c>) that is copied to a local cache first.
    /// </summary>
    public string? ModelRepository { get; set; }

    /// <summary>
    /// KServe's single-model form: where one model is stored (<c>STORAGE_URI</c> in the environment), served under
    /// <see cref="ModelName"/>. Used when <see cref="ModelRepository"/> is not set.
    /// </summary>
    public string? StorageUri { get; set; }

    /// <summary>The name the single model of <see cref="StorageUri"/> is served under (<c>--model_name</c>).</summary>
    public string? ModelName { get; set; }

    /// <summary>Where remote stores are copied to; by default the user's cache directory.</summary>
    public string? StorageCacheDirectory { get; set; }

    /// <summary>The name of the connection string that reaches the S3 store (<c>ConnectionStrings:{name}</c>); <c>models</c> by default.</summary>
    public string StorageConnection { get; set; } = Storage.S3Connection.DefaultName;

    /// <summary>How models come and go: <c>none</c> (the default), <c>poll</c> or <c>explicit</c>.</summary>
    public Repository.ModelControlMode ModelControlMode { get; set; } = Repository.ModelControlMode.None;

    /// <summary>How often, in seconds, <c>poll</c> mode looks at the repository.</summary>
    public double RepositoryPollSeconds { get; set; } = 5;

    /// <summary>The models <c>explicit</c> mode loads at start, as Triton's <c>--load-model</c>.</summary>
    public IReadOnlyList<string> StartupModels { get; set; } = [];

    /// <summary>
    /// How long, in seconds, a server told to stop (SIGTERM, Ctrl+C) keeps serving the requests it has in flight and
    /// any that still reach it, while its readiness answers 503 and every answer tells the gateway it is stopping;
    /// it exits as soon as nothing is in flight and nothing new has arrived for a moment. 30 s by default, KServe's
    /// (Kubernetes') termination grace period; 0 stops at once.
    /// </summary>
    public double DrainSeconds { get; set; } = 30;

    /// <summary>The server's name in <c>GET /v2</c>.</summary>
    public string ServerName { get; set; } = "modelplane";
}
