using Modelplane.Hosting.Gpus;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Variables;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// The images the manifests name: Modelplane's own, built from the solution with <c>dotnet publish -t:PublishContainer</c>
/// and named <c>{registry}/modelplane-{project}:{tag}</c> (the predictor's GPU flavour <c>modelplane-predictor-gpu</c>),
/// and the pinned third-party ones.
/// </summary>
internal static class ContainerImages
{
    /// <summary>MinIO's server, for a model store published into the cluster.</summary>
    public const string Minio = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

    /// <summary>MinIO's client, which uploads the sample models.</summary>
    public const string MinioClient = "minio/mc:RELEASE.2025-04-16T18-13-26Z";

    /// <summary>The image of a Modelplane service: its project's name, lower case, after <c>modelplane-</c>.</summary>
    public static string Of(ServiceProject project, PublishOptions options) => Image(RepositoryOf(project), options);

    /// <summary>The image of a project's GPU flavour (<c>modelplane-predictor-gpu</c>), built with ONNX Runtime's CUDA package.</summary>
    public static string OfGpuFlavour(ServiceProject project, PublishOptions options) => Image(RepositoryOf(project) + GpuFlavour.ImageSuffix, options);

    /// <summary>The image a published service runs: the GPU flavour's for a predictor that asks for GPUs, else its project's.</summary>
    public static string Of(IModelplaneService service, PublishOptions options)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service is ComponentResource { UsesGpus: true } ? OfGpuFlavour(service.Project, options) : Of(service.Project, options);
    }

    /// <summary>The repository name of a project's image, as <c>-p:ContainerRepository</c> sets it.</summary>
    public static string RepositoryOf(ServiceProject project) => $"modelplane-{project.Name.ToLowerInvariant()}";

    private static string Image(string repository, PublishOptions options) => $"{options.Registry.TrimEnd('/')}/{repository}:{options.Tag}";
}
