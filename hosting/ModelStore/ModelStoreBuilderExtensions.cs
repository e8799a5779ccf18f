using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting.ModelStore;

/// <summary>Adds the model store to the graph and fills it with local models.</summary>
public static class ModelStoreBuilderExtensions
{
    /// <summary>Adds an S3 model store (MinIO when on PATH, else s3rver) whose bucket is <paramref name="name"/>.</summary>
    public static IResourceBuilder<ModelStoreResource> AddModelStore(this PlatformApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new ModelStoreResource(name)).WithEndpoint(EndpointAnnotation.Http, targetPort: 9000);
    }

    /// <summary>Puts the model directory <paramref name="directory"/> (relative to the AppHost) into the store as <paramref name="model"/> at start.</summary>
    public static IResourceBuilder<ModelStoreResource> WithModel(this IResourceBuilder<ModelStoreResource> builder, string model, string directory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(model);
        var path = builder.ApplicationBuilder.ResolvePath(directory);
        if (!System.IO.Directory.Exists(path))
        {
            builder.ApplicationBuilder.AddProblem($"{builder.Resource.Name}: the model directory '{directory}' for '{model}' does not exist (looked in {path})");
        }

        return builder.WithAnnotation(new ModelSeedAnnotation(model, path));
    }
}
