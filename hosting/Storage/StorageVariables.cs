namespace Modelplane.Hosting.Storage;

/// <summary>The environment variables that say where a component's model is and how to reach its store.</summary>
internal static class StorageVariables
{
    public const string StorageUri = "STORAGE_URI";

    public const string ModelName = "Serving__ModelName";

    public const string StorageConnection = "Serving__StorageConnection";

    /// <summary>Where a storage initializer keeps what it fetched, shared by the models it fetches.</summary>
    public const string CacheDirectory = "Serving__StorageCacheDirectory";

    /// <summary>What a model server serves instead of <see cref="StorageUri"/> once an initializer has fetched the model.</summary>
    public const string ModelRepository = "Serving__ModelRepository";

    /// <summary>Whether a storage initializer reads <paramref name="name"/>: the model's location, its name, the store and its connection string.</summary>
    public static bool ReadByStorageInitializer(string name) =>
        name is StorageUri or ModelName or StorageConnection || name.StartsWith("ConnectionStrings__", StringComparison.Ordinal);
}
