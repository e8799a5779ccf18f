namespace Modelplane.Hosting.Specs;

/// <summary>The fields of a spec whose source location is kept, so a later step's message can point at the line to change.</summary>
public enum SpecField
{
    /// <summary>The component (or, at service level, the object) as a whole.</summary>
    Component,

    /// <summary>The model's format (<c>modelFormat.name</c>, or the framework key such as <c>sklearn:</c>).</summary>
    Format,

    StorageUri,

    /// <summary>The name of a model in the store (KubeDL's <c>modelVersion</c>).</summary>
    StoreModel,

    Runtime,

    Image,

    /// <summary>The container's arguments (PaddleService's <c>arg</c>).</summary>
    Args,

    /// <summary>The object's annotations.</summary>
    Annotations,
}
