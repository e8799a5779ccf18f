using k8s.Models;
using Modelplane.Hosting.Variables;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Storage;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// A predictor's model in the cluster, as KServe provides it: an init container fetches <c>STORAGE_URI</c> into an
/// <c>emptyDir</c> at <c>/mnt/models</c>, and the predictor serves that directory as its model repository. The init
/// container is the predictor's own image in its storage-initializer mode (<c>Serving:InitializeStorageTo</c>), so the
/// cluster downloads with the code, checks and layout a local run uses.
/// </summary>
internal static class StorageInitializerContainer
{
    public const string ModelDirectory = "/mnt/models";

    private const string ModelVolume = "model-dir";
    private const string CacheVolume = "storage-cache";
    private const string CacheDirectory = "/var/cache/modelplane";

    /// <summary>Adds the init container, the volumes and the predictor's settings to <paramref name="additions"/>.</summary>
    public static void AddTo(PodAdditions additions, ComponentResource predictor, IReadOnlyDictionary<string, EnvironmentValue> environment, PublishOptions options)
    {
        var env = environment.Where(v => StorageVariables.ReadByStorageInitializer(v.Key)).Select(v => ProjectWorkload.Variable(v.Key, v.Value)).ToList();
        env.Add(new V1EnvVar { Name = "Serving__InitializeStorageTo", Value = ModelDirectory });
        env.Add(new V1EnvVar { Name = StorageVariables.CacheDirectory, Value = CacheDirectory });
        additions.InitContainers.Add(new V1Container
        {
            Name = "storage-initializer",
            Image = ContainerImages.Of(predictor.Project, options),
            Env = [.. env.OrderBy(v => v.Name, StringComparer.Ordinal)],
            Resources = ProjectWorkload.Resources(predictor.Spec.Resources with { Gpus = null }),
            VolumeMounts =
            [
                new V1VolumeMount { Name = ModelVolume, MountPath = ModelDirectory },
                new V1VolumeMount { Name = CacheVolume, MountPath = CacheDirectory },
            ],
        });
        additions.Volumes.Add(new V1Volume { Name = ModelVolume, EmptyDir = new V1EmptyDirVolumeSource() });
        additions.Volumes.Add(new V1Volume { Name = CacheVolume, EmptyDir = new V1EmptyDirVolumeSource() });
        additions.Mounts.Add(new V1VolumeMount { Name = ModelVolume, MountPath = ModelDirectory, ReadOnlyProperty = true });

        // The predictor serves what the initializer fetched; the store's location is the initializer's business.
        additions.Removed.Add(StorageVariables.StorageUri);
        additions.Environment[StorageVariables.ModelRepository] = ModelDirectory;
    }
}
