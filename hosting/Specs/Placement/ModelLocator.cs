namespace Modelplane.Hosting.Specs.Placement;

/// <summary>How the model a local predictor loads was found.</summary>
public enum ModelLocator
{
    /// <summary>No model: a transformer or explainer.</summary>
    None,

    /// <summary>The spec's storage URI, reachable from here as it is.</summary>
    StorageUri,

    /// <summary>A local copy the AppHost maps the spec's storage URI to.</summary>
    StorageMapping,

    /// <summary>The <c>modelplane.io/storage-uri</c> annotation.</summary>
    Annotation,

    /// <summary>A model of the store the spec names (KubeDL's <c>modelVersion</c>).</summary>
    StoreModel,

    /// <summary>A model of the store named in the container's arguments (a model path or directory).</summary>
    ContainerArgs,
}
