using Microsoft.Extensions.DependencyInjection;

namespace Modelplane.Serving.Storage;

/// <summary>
/// KServe's storage initializer as a mode of every model server: with <c>Serving:InitializeStorageTo</c> set, the server
/// fetches its model (<c>STORAGE_URI</c> and the model name, or <c>Serving:ModelRepository</c>) into that directory as a
/// model repository and exits instead of serving. Published for a cluster, the predictor's image runs this way as an init
/// container filling <c>/mnt/models</c>, so the cluster downloads with the same code, checks and layout as a local run.
/// </summary>
public static class StorageInitializer
{
    /// <summary>The configuration key naming the directory to fill.</summary>
    public const string TargetKey = "Serving:InitializeStorageTo";

    /// <summary>Fills <paramref name="target"/> and gives the exit code: 0 when done, 1 with one line on stderr when the store failed.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(target);
        var source = services.GetRequiredService<ModelRepositorySource>();
        string repository;
        try
        {
            repository = await source.SyncAsync(cancellationToken);
        }
        catch (Exception e) when (e is ModelStoreException or FormatException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }

        // The mirror's bookkeeping (its manifest and lock) stays in the cache; the target gets the repository alone.
        var root = new DirectoryInfo(repository);
        var files = 0;
        foreach (var file in root.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden }))
        {
            var relative = Path.GetRelativePath(root.FullName, file.FullName);
            if (relative.Split(Path.DirectorySeparatorChar).Any(segment => segment.StartsWith('.')))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file.FullName, destination, overwrite: true);
            files++;
        }

        await Console.Out.WriteLineAsync($"storage initializer: {files} files of {source.Uri} in {target}");
        return 0;
    }
}
