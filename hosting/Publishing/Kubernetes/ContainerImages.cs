using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// The images the manifests name: Modelplane's own, built from the solution with <c>dotnet publish -t:PublishContainer</c>
/// and named <c>{registry}/modelplane-{project}:{tag}</c>, and the pinned third-party ones.
/// </summary>
internal static class ContainerImages
{
    /// <summary>MinIO's server, for a model store published into the cluster.</summary>
    public const string Minio = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

    /// <summary>MinIO's client, which uploads the sample models.</summary>
    public const string MinioClient = "minio/mc:RELEASE.2025-04-16T18-13-26Z";

    /// <summary>The image of a Modelplane service: its project's name, lower case, after <c>modelplane-</c>.</summary>
    public static string Of(ServiceProject project, PublishOptions options) => $"{options.Registry.TrimEnd('/')}/{RepositoryOf(project)}:{options.Tag}";

    /// <summary>The repository name of a project's image, as <c>-p:ContainerRepository</c> sets it.</summary>
    public static string RepositoryOf(ServiceProject project) => $"modelplane-{project.Name.ToLowerInvariant()}";
}
